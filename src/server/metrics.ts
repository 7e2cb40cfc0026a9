// A small Prometheus text-format registry: counters, gauges and histograms with labels.

type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    );
  return parts.length ? `{${parts.join(',')}}` : '';
}

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  readonly name: string;
  readonly help: string;
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }
  inc(labels: Labels = {}, by = 1): void {
    const k = labelKey(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, () => number>();
  readonly name: string;
  readonly help: string;
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }
  /** The value is read when scraped. */
  track(read: () => number, labels: Labels = {}): void {
    this.values.set(labelKey(labels), read);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [k, read] of this.values) lines.push(`${this.name}${k} ${read()}`);
    return lines.join('\n');
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();
  readonly name: string;
  readonly help: string;
  readonly bounds: readonly number[];
  constructor(name: string, help: string, bounds: readonly number[]) {
    this.name = name;
    this.help = help;
    this.bounds = bounds;
  }
  observe(value: number, labels: Labels = {}): void {
    const k = labelKey(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    for (let i = 0; i < this.bounds.length; i++)
      if (value <= (this.bounds[i] ?? 0)) s.buckets[i] = (s.buckets[i] ?? 0) + 1;
    s.sum += value;
    s.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const inner = k ? k.slice(1, -1) : '';
      const withLe = (le: string) => `{${inner ? `${inner},` : ''}le="${le}"}`;
      this.bounds.forEach((b, i) => {
        lines.push(`${this.name}_bucket${withLe(String(b))} ${s.buckets[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${withLe('+Inf')} ${s.count}`);
      lines.push(`${this.name}_sum${k} ${s.sum}`);
      lines.push(`${this.name}_count${k} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  counter(name: string, help: string): Counter {
    const m = new Counter(name, help);
    this.metrics.push(m);
    return m;
  }
  gauge(name: string, help: string): Gauge {
    const m = new Gauge(name, help);
    this.metrics.push(m);
    return m;
  }
  histogram(name: string, help: string, bounds: readonly number[]): Histogram {
    const m = new Histogram(name, help, bounds);
    this.metrics.push(m);
    return m;
  }
  render(): string {
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }
}

const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createServerMetrics() {
  const registry = new Registry();
  return {
    registry,
    httpRequests: registry.counter('castmatch_http_requests_total', 'HTTP requests by route and status.'),
    httpDuration: registry.histogram(
      'castmatch_http_request_duration_seconds',
      'HTTP request duration.',
      SECONDS,
    ),
    pushCells: registry.counter('castmatch_push_cells_total', 'Cells received in pushes, by outcome.'),
    pullCells: registry.counter('castmatch_pull_cells_total', 'Cells returned by pulls.'),
    pullPrefetch: registry.counter(
      'castmatch_pull_prefetch_total',
      'Pull pages served from the prefetch (hit) or read on demand (miss).',
    ),
    pokesSent: registry.counter('castmatch_pokes_sent_total', 'Pokes sent to WebSocket clients.'),
    pokeLatency: registry.histogram(
      'castmatch_poke_latency_seconds',
      'From publish after commit to poke sent on this instance.',
      SECONDS,
    ),
    wsClients: registry.gauge('castmatch_ws_clients', 'Open WebSocket connections on this instance.'),
    rateLimited: registry.counter('castmatch_rate_limited_total', 'Requests refused by a rate limit.'),
    authFailures: registry.counter('castmatch_auth_failures_total', 'Failed authentications by reason.'),
  };
}
export type ServerMetrics = ReturnType<typeof createServerMetrics>;
