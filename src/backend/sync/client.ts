// The desktop's sync client, plain Node (fetch): a run pushes the outbox (push.ts), then pulls from the stored
// cursor (pull.ts), over JSON requests with retries (json-request.ts), and ends in a state (run-report.ts). The
// protocol and its errors: docs/SYNC.md. Offline is a normal state: sync() then reports 'offline' and keeps
// everything for the next attempt.
import { MAX_CHANGES_PER_PUSH, MAX_PULL_LIMIT } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import type { ApplyResult } from './apply.ts';
import { JsonRequester, type SyncAuth } from './json-request.ts';
import type { OutboxBatch } from './outbox.ts';
import { type PulledPage, Puller } from './pull.ts';
import { type BatchCheck, Pusher } from './push.ts';
import { defaultWait } from './retry.ts';
import { Stop, type SyncReport } from './run-report.ts';

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
   * Before each batch is pushed (blobs.ts: the blobs its cells name are uploaded first). It may stop the run with
   * the batch unsent, or hold some rows' cells back for a later run (push.ts, BatchCheck).
   */
  beforePush?: (batch: OutboxBatch) => Promise<BatchCheck>;
}

export class SyncClient {
  private readonly canPush: (() => boolean) | undefined;
  private readonly pusher: Pusher;
  private readonly puller: Puller;
  private running: Promise<SyncReport> | null = null;

  constructor(db: AppDatabase, options: SyncClientOptions) {
    // The server's largest page: an initial sync is ~3.3M cells, and each page costs a round trip and a commit.
    const { batchCells = MAX_CHANGES_PER_PUSH, pullLimit = MAX_PULL_LIMIT } = options;
    if (batchCells > MAX_CHANGES_PER_PUSH || batchCells < 1) {
      throw new RangeError(`batchCells must be 1–${MAX_CHANGES_PER_PUSH}`);
    }
    const http = new JsonRequester({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      auth: options.auth,
      fetch: options.fetch ?? globalThis.fetch,
      wait: options.wait ?? defaultWait,
      attempts: options.attempts ?? 4,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    });
    this.canPush = options.canPush;
    this.pusher = new Pusher({
      db,
      http,
      deviceId: options.deviceId,
      batchCells,
      beforePush: options.beforePush,
    });
    this.puller = new Puller({
      db,
      http,
      pullLimit,
      onApplied: options.onApplied,
      onPulled: options.onPulled,
    });
  }

  clearClockDrift(): void {
    this.pusher.driftStopped = null;
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
    const report: SyncReport = {
      state: 'idle',
      pushedCells: 0,
      pulledCells: 0,
      rejectedCells: 0,
      heldCells: 0,
    };
    try {
      if (this.pusher.driftStopped === null && this.canPush?.() !== false) await this.pusher.pushAll(report);
      await this.puller.pullAll(report);
      if (this.pusher.driftStopped !== null) {
        report.state = 'clock_drift';
        report.message = this.pusher.driftStopped;
      }
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      report.state = e.state;
      report.message = e.message;
    }
    return report;
  }
}
