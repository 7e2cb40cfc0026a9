// The desktop's sync client, plain Node (fetch): pushes the outbox in batches, oldest first, and pulls from the
// stored cursor, applying each page in one transaction (apply.ts). The protocol and its errors: docs/SYNC.md.
// Offline is a normal state: sync() then reports 'offline' and keeps everything for the next attempt.
import { HlcError } from '../../shared/sync/hlc.ts';
import {
  type CellChange,
  type CellGroup,
  CURRENT_SCHEMA_VERSION,
  errorResponseSchema,
  groupedPullResponseSchema,
  MAX_CHANGES_PER_PUSH,
  MAX_PULL_LIMIT,
  pullResponseSchema,
  pushResponseSchema,
  SCHEMA_VERSION_HEADER,
} from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import { type ApplyResult, applyPage, type RemoteCell, storedCursor } from './apply.ts';
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
  /** After each applied page: where the pull stands (for the progress bar, progress.ts). */
  onPulled?: (p: PulledPage) => void;
  /** False while this desktop may not push (a viewer): it still pulls, and its outbox waits. */
  canPush?: () => boolean;
  /**
   * Before each batch is pushed (blobs.ts: the blobs its cells name are uploaded first). An answer stops the run
   * in that state with the batch unsent.
   */
  beforePush?: (batch: OutboxBatch) => Promise<{ state: SyncState; message: string } | null>;
}

export interface PulledPage {
  /** The cursor before and after the page, and the office's sequence when it was read. */
  from: number;
  cursor: number;
  seq: number;
  cells: number;
  /** Bytes of the response body. */
  bytes: number;
  hasMore: boolean;
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
  | { kind: 'ok'; body: unknown; bytes: number }
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
  private readonly opts: Required<
    Omit<SyncClientOptions, 'onApplied' | 'canPush' | 'onPulled' | 'beforePush'>
  > &
    Pick<SyncClientOptions, 'onApplied' | 'canPush' | 'onPulled' | 'beforePush'>;
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
      // The server's largest page: an initial sync is ~3.3M cells, and each page costs a round trip and a commit.
      pullLimit: MAX_PULL_LIMIT,
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

  /**
   * Pushes the outbox, two batches in flight: while the server stores one, the next is read, sent and validated,
   * so this desktop, the server and its database work at the same time (a 100k-row import is ~660 batches).
   * Batches are acknowledged in order. Order between the two does not matter to the result (last writer wins by
   * HLC); a batch left unacknowledged when the run stops (an error, the other batch refused) is sent again later.
   * The stop waits for the other batch, so no push outlives its run.
   */
  private async pushAll(report: SyncReport): Promise<void> {
    const inFlight: { batch: OutboxBatch; sent: Promise<PushedBatch> }[] = [];
    let after = 0;
    let more = true;
    for (;;) {
      while (more && inFlight.length < PUSHES_IN_FLIGHT && this.driftStopped === null) {
        const batch = readBatch(this.db, this.opts.batchCells, after);
        if (!batch) {
          more = false;
          break;
        }
        const held = await this.opts.beforePush?.(batch);
        if (held) {
          // Stops the run once the batches already sent are acknowledged.
          const stop = Promise.reject(new Stop(held.state, held.message));
          stop.catch(() => {});
          inFlight.push({ batch, sent: stop });
          more = false;
          break;
        }
        const sent = this.pushBatch(batch);
        sent.catch(() => {}); // awaited below in order (or only settled, when the run stops)
        inFlight.push({ batch, sent });
        after = batch.lastSeq;
      }
      const head = inFlight.shift();
      if (!head) return;
      // A run that stops lets the other batch land first (left unacknowledged), so no push outlives its run.
      const settleRest = () => Promise.allSettled(inFlight.map((f) => f.sent));
      let outcome: PushedBatch;
      try {
        outcome = await head.sent;
      } catch (e) {
        await settleRest();
        throw e;
      }
      if (this.driftStopped !== null) {
        await settleRest();
        return;
      }
      const { pushed, rejected } = outcome;
      acknowledge(this.db, head.batch, rejected);
      report.pushedCells += pushed;
      report.rejectedCells += rejected.length;
    }
  }

  /**
   * Sends one batch until the server acknowledges it. A network error resends the very same cells (the push is
   * idempotent); cells refused by validation are set aside and the rest resent.
   */
  private async pushBatch(batch: OutboxBatch): Promise<PushedBatch> {
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
    let cursor = storedCursor(this.db);
    const firstPull = cursor === 0;
    let next = this.pullFrom(cursor);
    for (;;) {
      const page = await next;
      if (page.cursor < cursor)
        throw new Stop('offline', 'The server answered a pull with something unreadable');
      // The next page is asked for before this one is applied (synchronously, below), so that its download
      // overlaps the apply; a page that fails to apply leaves the cursor where it was and the next one unused.
      const ahead = page.hasMore ? this.pullFrom(page.cursor) : null;
      // Awaited below as `next`; a failure that comes while this page applies is not an unhandled rejection.
      ahead?.catch(() => {});
      if (ahead) await yieldToNetwork();
      try {
        const r = applyPage(this.db, page.cells, page.cursor, Date.now(), { firstPull });
        report.pulledCells += page.cells.length;
        this.opts.onApplied?.(r);
        this.opts.onPulled?.({
          from: cursor,
          cursor: page.cursor,
          seq: page.seq,
          cells: page.cells.length,
          bytes: page.bytes,
          hasMore: page.hasMore,
        });
      } catch (e) {
        if (e instanceof HlcError && e.code === 'clock_drift') throw new Stop('clock_drift', e.message);
        throw e;
      }
      if (!ahead) return;
      cursor = page.cursor;
      next = ahead;
    }
  }

  /** Set when the server refused the grouped pull format (an older server): pull cell by cell from then on. */
  private cellsOnly = false;

  /** One page from `cursor`, as cells (the grouped format expanded), or a Stop. */
  private async pullFrom(cursor: number): Promise<PageOfCells> {
    const grouped = !this.cellsOnly;
    const out = await this.request('/v1/sync/pull', {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      cursor,
      limit: this.opts.pullLimit,
      ...(grouped ? { format: 'grouped' } : {}),
    });
    if (grouped && out.kind === 'error' && out.code === 'validation_failed') {
      this.cellsOnly = true;
      return this.pullFrom(cursor);
    }
    if (out.kind !== 'ok') throw this.stopFor(out);
    if (grouped) {
      const page = groupedPullResponseSchema.safeParse(out.body);
      if (page.success) {
        const { cursor: next, hasMore, seq, groups } = page.data;
        return { cells: expandGroups(groups), cursor: next, hasMore, seq, bytes: out.bytes };
      }
    } else {
      const page = pullResponseSchema.safeParse(out.body);
      if (page.success) return { ...page.data, bytes: out.bytes };
    }
    throw new Stop('offline', 'The server answered a pull with something unreadable');
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
    if (res.ok) return { kind: 'ok', body: parsed, bytes: Buffer.byteLength(text) };
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

/** Batches pushed at once: one stored by the server while the next is on its way (pushAll). */
const PUSHES_IN_FLIGHT = 2;

interface PushedBatch {
  pushed: number;
  rejected: { cell: CellChange; reason: string }[];
}

/** A pulled page, its cells as the applier takes them (a grouped answer expanded). */
interface PageOfCells {
  cells: RemoteCell[];
  cursor: number;
  hasMore: boolean;
  seq: number;
  bytes: number;
}

/** The cells of a grouped page: each group's values, with the group's table, row, HLC and device. */
function expandGroups(groups: readonly CellGroup[]): RemoteCell[] {
  const cells: RemoteCell[] = [];
  for (const g of groups) {
    for (const column of Object.keys(g.values)) {
      cells.push({
        table: g.table,
        rowId: g.rowId,
        column,
        value: g.values[column]!,
        hlc: g.hlc,
        deviceId: g.deviceId,
      });
    }
  }
  return cells;
}

/** Lets a request just started reach the socket before the event loop is held by a synchronous apply. */
function yieldToNetwork(): Promise<void> {
  return new Promise((ok) => setTimeout(ok, 0));
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
