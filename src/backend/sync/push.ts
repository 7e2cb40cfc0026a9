// The push half of a sync run: the outbox in batches, oldest first, two in flight, each acknowledged in order.
// Cells the server's validation refuses are set aside (sync_parked) and the rest resent; a clock_drift answer stops
// pushing until the user fixed the clock. A hook runs before each batch (blobs.ts: the blobs its cells name go
// first), and may stop the run or leave some rows' cells in the outbox for a later run.
import { type CellChange, CURRENT_SCHEMA_VERSION, pushResponseSchema } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import type { JsonRequester } from './json-request.ts';
import { acknowledge, type OutboxBatch, readBatch, rowKey } from './outbox.ts';
import { Stop, type SyncReport, type SyncState, stopFor } from './run-report.ts';

/**
 * The push hook's answer for one batch: null sends it all; `stop` ends the run in that state with the batch
 * unsent; `hold` sends the batch without the cells of these rows (rowKey), which stay in the outbox.
 */
export type BatchCheck =
  | { stop: { state: SyncState; message: string } }
  | { hold: ReadonlySet<string> }
  | null;

export interface PushOptions {
  db: AppDatabase;
  http: JsonRequester;
  deviceId: string;
  batchCells: number;
  beforePush?: (batch: OutboxBatch) => Promise<BatchCheck>;
}

/** Batches pushed at once: one stored by the server while the next is on its way (pushAll). */
const PUSHES_IN_FLIGHT = 2;

interface PushedBatch {
  pushed: number;
  rejected: { cell: CellChange; reason: string }[];
}

interface InFlight {
  batch: OutboxBatch;
  /** Rows whose cells were left out of this batch (kept in the outbox when it is acknowledged). */
  hold: ReadonlySet<string> | null;
  held: number;
  sent: Promise<PushedBatch>;
}

export class Pusher {
  private readonly o: PushOptions;
  /** Set by a clock_drift answer: no push until the user fixed the clock (clearClockDrift). */
  driftStopped: string | null = null;

  constructor(o: PushOptions) {
    this.o = o;
  }

  /**
   * Pushes the outbox, two batches in flight: while the server stores one, the next is read, sent and validated,
   * so this desktop, the server and its database work at the same time (a 100k-row import is ~660 batches).
   * Batches are acknowledged in order. Order between the two does not matter to the result (last writer wins by
   * HLC); a batch left unacknowledged when the run stops (an error, the other batch refused) is sent again later.
   * The stop waits for the other batch, so no push outlives its run.
   */
  async pushAll(report: SyncReport): Promise<void> {
    const inFlight: InFlight[] = [];
    let after = 0;
    let more = true;
    for (;;) {
      while (more && inFlight.length < PUSHES_IN_FLIGHT && this.driftStopped === null) {
        const batch = readBatch(this.o.db, this.o.batchCells, after);
        if (!batch) {
          more = false;
          break;
        }
        const check = await this.o.beforePush?.(batch);
        if (check && 'stop' in check) {
          // Stops the run once the batches already sent are acknowledged.
          const stop = Promise.reject(new Stop(check.stop.state, check.stop.message));
          stop.catch(() => {});
          inFlight.push({ batch, hold: null, held: 0, sent: stop });
          more = false;
          break;
        }
        const hold = check && check.hold.size > 0 ? check.hold : null;
        const changes = hold
          ? batch.changes.filter((c) => !hold.has(rowKey(c.table, c.rowId)))
          : batch.changes;
        const sent = this.pushBatch(changes);
        sent.catch(() => {}); // awaited below in order (or only settled, when the run stops)
        inFlight.push({ batch, hold, held: batch.changes.length - changes.length, sent });
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
      acknowledge(this.o.db, head.batch, rejected, head.hold ?? undefined);
      report.pushedCells += pushed;
      report.rejectedCells += rejected.length;
      report.heldCells += head.held;
    }
  }

  /**
   * Sends one batch's cells until the server acknowledges them. A network error resends the very same cells (the
   * push is idempotent); cells refused by validation are set aside and the rest resent.
   */
  private async pushBatch(cells: CellChange[]): Promise<PushedBatch> {
    let changes = cells;
    const rejected: { cell: CellChange; reason: string }[] = [];
    for (;;) {
      if (changes.length === 0) return { pushed: 0, rejected };
      const out = await this.o.http.post('/v1/sync/push', {
        schemaVersion: CURRENT_SCHEMA_VERSION,
        deviceId: this.o.deviceId,
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
      throw stopFor(out);
    }
  }
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
