// The network side of the convergence model (convergence-model.ts): two server instances behind one database, and
// each desktop's fetch with the faults a run injects (offline, duplicated, replayed and killed pushes).
import { REDIS_URL, type Running, startServer, type TestDatabase } from '../server/helpers.ts';

export interface Events {
  killedAfterCommit: number;
  duplicatedPushes: number;
  replayedPushes: number;
  serverRestarts: number;
  bulkRows: number;
  /** Casting operations that changed something (on a row the desktop still held). */
  castingOps: number;
}

/** Two server instances behind one database (and one Redis): a run uses the first or both. */
export class Cluster {
  readonly servers: Running[] = [];
  private readonly url: string;
  private readonly prefix = `cmconv-${process.pid}-${Date.now().toString(36)}:`;

  private constructor(url: string) {
    this.url = url;
  }

  static async start(tdb: TestDatabase): Promise<Cluster> {
    const c = new Cluster(tdb.url);
    c.servers.push(await c.startOne(), await c.startOne());
    return c;
  }

  private startOne(): Promise<Running> {
    return startServer(this.url, { redisUrl: REDIS_URL, redisPrefix: this.prefix });
  }

  /** Stops instance `i` and starts a new one in its place (a new port, the same database). */
  async restart(i: number): Promise<void> {
    await this.servers[i]!.server.close();
    this.servers[i] = await this.startOne();
  }

  async close(): Promise<void> {
    for (const s of this.servers) await s.server.close();
  }
}

export const PLACEHOLDER = 'http://sync.invalid';

/** A desktop's network: routes each request to an instance, and injects the faults the run asks for. */
export class FaultyNet {
  offline = false;
  /** The next push is sent twice (the second answer is the one the client sees). */
  duplicateNext = false;
  /** The next push reaches the server, which commits it; then this process dies before reading the answer. */
  killNext = false;
  dead = false;
  readonly pushes: { body: string; headers: Record<string, string> }[] = [];
  readonly problems: string[] = [];
  readonly events: Events;
  private turn = 0;
  private readonly cluster: Cluster;
  private readonly instances: number;

  constructor(cluster: Cluster, instances: number, events: Events) {
    this.cluster = cluster;
    this.events = events;
    this.instances = instances;
  }

  private base(): string {
    return this.cluster.servers[this.turn++ % this.instances]!.base;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    if (this.offline || this.dead) throw new TypeError('fetch failed (simulated network down)');
    const url = String(input).replace(PLACEHOLDER, this.base());
    const isPush = url.endsWith('/v1/sync/push');
    if (isPush && typeof init?.body === 'string') {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      this.pushes.push({ body: init.body, headers });
      if (this.pushes.length > 20) this.pushes.shift();
      if (this.killNext) {
        this.killNext = false;
        const r = await fetch(url, init);
        if (r.status !== 200) this.problems.push(`push before the kill: ${r.status}`);
        else this.events.killedAfterCommit++;
        this.dead = true;
        throw new TypeError('fetch failed (process killed before it read the answer)');
      }
      if (this.duplicateNext) {
        this.duplicateNext = false;
        const first = await fetch(url, init);
        if (first.status !== 200) this.problems.push(`duplicated push, first copy: ${first.status}`);
        this.events.duplicatedPushes++;
        await first.arrayBuffer();
        return fetch(url.replace(/^http:\/\/[^/]+/, this.base()), init);
      }
    }
    return fetch(url, init);
  };

  /** Sends an earlier push again, late (after newer ones): the server must take it and change nothing wrongly. */
  async replay(pick: number): Promise<void> {
    if (this.pushes.length === 0 || this.offline) return;
    const p = this.pushes[pick % this.pushes.length]!;
    const r = await fetch(`${this.base()}/v1/sync/push`, {
      method: 'POST',
      headers: p.headers,
      body: p.body,
    });
    if (r.status !== 200) this.problems.push(`replayed push: ${r.status} ${await r.text()}`);
    else await r.arrayBuffer();
    this.events.replayedPushes++;
  }
}
