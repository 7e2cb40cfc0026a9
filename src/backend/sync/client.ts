// The desktop's sync client, plain Node (fetch): pushes the outbox in batches, oldest first, and pulls from the
// stored cursor, applying each page in one transaction (apply.ts). The protocol and its errors: docs/SYNC.md.
// Offline is a normal state: sync() then reports 'offline' and keeps everything for the next attempt.
import { HlcError } from '../../shared/sync/hlc.ts';
import {
  type CellChange,
  CURRENT_SCHEMA_VERSION,
  DEFAULT_PULL_LIMIT,
  errorResponseSchema,
  MAX_CHANGES_PER_PUSH,
  pullResponseSchema,
  pushResponseSchema,
  SCHEMA_VERSION_HEADER,
} from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import { type ApplyResult, applyPage, storedCursor } from './apply.ts';
import { acknowledge, type OutboxBatch, readBatch } from './outbox.ts';

export interface SyncAuth {
  /** The current access token. */
  accessToken(): string | Promise<string>;
  /** Gets a new access token after a 401; false when the user must sign in again. */
  refresh(): Promise<boolean>;
}

export interface SyncClientOptions {
  baseUrl: string;
  deviceId: string;
  auth: SyncAuth;
  fetch?: typeof fetch;
  /** Waits between retries and for Retry-After (tests pass one that records instead of sleeping). */
  wait?: (ms: number) => Promise<void>;
  /** Attempts per request before the client calls itself offline. */
  attempts?: number;
  requestTimeoutMs?: number;
  batchCells?: number;
  pullLimit?: number;
  /** After each applied page (for change events). */
  onApplied?: (r: ApplyResult) => void;
  /** False while this desktop may not push (a viewer): it still pulls, and its outbox waits. */
  canPush?: () => boolean;
}

export type SyncState =
  | 'idle'
  | 'offline'
  /** The server refused a timestamp from the future: this computer's clock must be corrected. Pushing stops. */
  | 'clock_drift'
  /** Sign-in expired and could not be refreshed; the outbox is kept. */
  | 'signed_out'
  | 'forbidden'
  /** The server needs a newer app. */
  | 'outdated'
  /** The server is behind this desktop's cursor (restored from a backup): local data is kept. */
  | 'server_behind';

export interface SyncReport {
  state: SyncState;
  message?: string;
  pushedCells: number;
  pulledCells: number;
  /** Cells the server refused (kept in sync_parked with the reason). */
  rejectedCells: number;
}

/** A request's outcome: a parsed 2xx body, a typed server error, or no usable answer. */
type Outcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'error'; status: number; code: string; message: string; details: unknown; retryAfterMs: number }
  | { kind: 'network'; message: string };

class Stop extends Error {
  readonly state: SyncState;
  constructor(state: SyncState, message: string) {
    super(message);
    this.state = state;
  }
}

const defaultWait = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

export class SyncClient {
  private readonly opts: Required<Omit<SyncClientOptions, 'onApplied' | 'canPush'>> &
    Pick<SyncClientOptions, 'onApplied' | 'canPush'>;
  private running: Promise<SyncReport> | null = null;
  /** Set by a clock_drift answer: no push until the user fixed the clock (clearClockDrift). */
  private driftStopped: string | null = null;

  private readonly db: AppDatabase;

  constructor(db: AppDatabase, options: SyncClientOptions) {
    this.db = db;
    this.opts = {
      fetch: globalThis.fetch,
      wait: defaultWait,
      attempts: 4,
      requestTimeoutMs: 30_000,
      batchCells: MAX_CHANGES_PER_PUSH,
      pullLimit: DEFAULT_PULL_LIMIT,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    if (this.opts.batchCells > MAX_CHANGES_PER_PUSH || this.opts.batchCells < 1) {
      throw new RangeError(`batchCells must be 1–${MAX_CHANGES_PER_PUSH}`);
    }
  }

  clearClockDrift(): void {
    this.driftStopped = null;
  }

  /** Push everything, then pull everything. Calls made while one runs share its result. */
  sync(): Promise<SyncReport> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async run(): Promise<SyncReport> {
    const report: SyncReport = { state: 'idle', pushedCells: 0, pulledCells: 0, rejectedCells: 0 };
    try {
      if (this.driftStopped === null && this.opts.canPush?.() !== false) await this.pushAll(report);
      await this.pullAll(report);
      if (this.driftStopped !== null) {
        report.state = 'clock_drift';
        report.message = this.driftStopped;
      }
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      report.state = e.state;
      report.message = e.message;
    }
    return report;
  }

  private async pushAll(report: SyncReport): Promise<void> {
    for (;;) {
      const batch = readBatch(this.db, this.opts.batchCells);
      if (!batch) return;
      const { pushed, rejected } = await this.pushBatch(batch);
      if (this.driftStopped !== null) return;
      acknowledge(this.db, batch, rejected);
      report.pushedCells += pushed;
      report.rejectedCells += rejected.length;
    }
  }

  /**
   * Sends one batch until the server acknowledges it. A network error resends the very same cells (the push is
   * idempotent); cells refused by validation are set aside and the rest resent.
   */
  private async pushBatch(
    batch: OutboxBatch,
  ): Promise<{ pushed: number; rejected: { cell: CellChange; reason: string }[] }> {
    let changes = batch.changes;
    const rejected: { cell: CellChange; reason: string }[] = [];
    for (;;) {
      if (changes.length === 0) return { pushed: 0, rejected };
      const out = await this.request('/v1/sync/push', {
        schemaVersion: CURRENT_SCHEMA_VERSION,
        deviceId: this.opts.deviceId,
        changes,
      });
      if (out.kind === 'ok') {
        if (!pushResponseSchema.safeParse(out.body).success)
          throw new Stop('offline', 'The server answered a push with something unreadable');
        return { pushed: changes.length, rejected };
      }
      if (out.kind === 'error' && out.code === 'clock_drift') {
        this.driftStopped = out.message;
        return { pushed: 0, rejected };
      }
      if (out.kind === 'error' && out.code === 'validation_failed') {
        const bad = rejectedIndices(out.details, changes.length);
        // Without a cell to blame, the whole batch is set aside rather than retried forever.
        const blamed = bad.size > 0 ? bad : new Map(changes.map((_, i) => [i, out.message]));
        for (const [i, reason] of blamed) rejected.push({ cell: changes[i]!, reason });
        changes = changes.filter((_, i) => !blamed.has(i));
        continue;
      }
      throw this.stopFor(out);
    }
  }

  private async pullAll(report: SyncReport): Promise<void> {
    for (;;) {
      const cursor = storedCursor(this.db);
      const out = await this.request('/v1/sync/pull', {
        schemaVersion: CURRENT_SCHEMA_VERSION,
        cursor,
        limit: this.opts.pullLimit,
      });
      if (out.kind !== 'ok') throw this.stopFor(out);
      const page = pullResponseSchema.safeParse(out.body);
      if (!page.success || page.data.cursor < cursor) {
        throw new Stop('offline', 'The server answered a pull with something unreadable');
      }
      try {
        const r = applyPage(this.db, page.data.cells, page.data.cursor);
        report.pulledCells += page.data.cells.length;
        this.opts.onApplied?.(r);
      } catch (e) {
        if (e instanceof HlcError && e.code === 'clock_drift') throw new Stop('clock_drift', e.message);
        throw e;
      }
      if (!page.data.hasMore) return;
    }
  }

  private stopFor(out: Exclude<Outcome, { kind: 'ok' }>): Stop {
    if (out.kind === 'network') return new Stop('offline', out.message);
    if (out.status === 401) return new Stop('signed_out', out.message);
    if (out.status === 403) return new Stop('forbidden', out.message);
    if (out.status === 426) return new Stop('outdated', out.message);
    if (out.status === 409) return new Stop('server_behind', out.message);
    return new Stop('offline', `${out.status} ${out.code}: ${out.message}`);
  }

  /**
   * One POST with retries: network errors, timeouts, unreadable answers and 5xx are retried with backoff up to
   * `attempts` times; 429 waits Retry-After; 401 refreshes the token once. Other errors come back to the caller.
   */
  private async request(path: string, body: unknown): Promise<Outcome> {
    let refreshed = false;
    let last: Outcome = { kind: 'network', message: 'not sent' };
    for (let attempt = 0; attempt < this.opts.attempts; ) {
      last = await this.once(path, body);
      if (last.kind === 'ok') return last;
      if (last.kind === 'error' && last.status === 429) {
        await this.opts.wait(last.retryAfterMs);
        continue; // waiting as told is not a failed attempt
      }
      if (last.kind === 'error' && last.status === 401 && !refreshed) {
        refreshed = true;
        if (await this.opts.auth.refresh()) continue;
        return last;
      }
      if (last.kind === 'error' && last.status < 500) return last;
      attempt++;
      if (attempt < this.opts.attempts) await this.opts.wait(backoffMs(attempt));
    }
    return last.kind === 'error'
      ? { kind: 'network', message: `${last.status} ${last.code}: ${last.message}` }
      : last;
  }

  private async once(path: string, body: unknown): Promise<Outcome> {
    let res: Response;
    let text: string;
    try {
      res = await this.opts.fetch(this.opts.baseUrl + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await this.opts.auth.accessToken()}`,
          [SCHEMA_VERSION_HEADER]: String(CURRENT_SCHEMA_VERSION),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs),
      });
      text = await res.text();
    } catch (e) {
      return { kind: 'network', message: `The sync server could not be reached (${(e as Error).message})` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return res.ok || res.status >= 500
        ? {
            kind: 'network',
            message: `The sync server answered ${res.status} with something that is not JSON`,
          }
        : {
            kind: 'error',
            status: res.status,
            code: 'bad_response',
            message: `HTTP ${res.status}`,
            details: undefined,
            retryAfterMs: 0,
          };
    }
    if (res.ok) return { kind: 'ok', body: parsed };
    const err = errorResponseSchema.safeParse(parsed);
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      kind: 'error',
      status: res.status,
      code: err.success ? err.data.code : 'bad_response',
      message: err.success ? err.data.message : `HTTP ${res.status}`,
      details: err.success ? err.data.details : undefined,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 3600) * 1000 : 1000,
    };
  }
}

/** Exponential backoff with full jitter, capped at 30 s. */
function backoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(30_000, 250 * 2 ** attempt));
}

/**
 * The changes named by a validation_failed answer (`details.issues[].path` = ['changes', i, …]), each with the
 * server's reason for it.
 */
function rejectedIndices(details: unknown, n: number): Map<number, string> {
  const out = new Map<number, string>();
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return out;
  for (const issue of issues) {
    const { path, message } = issue as { path?: unknown; message?: unknown };
    const p = Array.isArray(path) ? path : typeof path === 'string' ? path.split('.') : [];
    const i = Number(p[0] === 'changes' ? p[1] : Number.NaN);
    if (!Number.isInteger(i) || i < 0 || i >= n) continue;
    const why = `${p.slice(2).join('.') || 'change'}: ${typeof message === 'string' ? message : 'invalid'}`;
    out.set(i, out.has(i) ? `${out.get(i)}; ${why}` : why);
  }
  return out;
}
