// The sync loop under the desktop's sync service (service.ts): the state it runs on (the stored config, the
// signed-in session, the SyncClient, the poke socket, blob sync: blob-sync.ts), the loop itself (pull at start, on
// every poke and every few minutes; push shortly after local writes; again when a blob the server failed to store
// may be retried; one run at a time, another asked for while it runs follows it), and what each run's outcome means
// for the status the UI shows (status-view.ts).
import { randomBytes } from 'node:crypto';
import type { EventName, EventPayload } from '../../shared/api.ts';
import { AppError } from '../../shared/errors.ts';
import type { FullSizeResult } from '../../shared/headshots.ts';
import type { FirstJoinView, SyncStatusView } from '../../shared/sync/desktop-api.ts';
import type { AppDatabase } from '../store/db.ts';
import { type Requester, ServerRefusal, Session, type TokenStore, Unreachable } from './auth.ts';
import { countBlobProblems } from './blob-problems.ts';
import { BlobSync } from './blob-sync.ts';
import { enableCapture, outboxSize } from './capture.ts';
import { SyncClient, type SyncClientOptions } from './client.ts';
import { localData, runJoinDuplicateCheck } from './first-join.ts';
import { SyncProgress } from './progress.ts';
import { PokeSocket } from './realtime.ts';
import type { SyncReport } from './run-report.ts';
import { BEHIND_MESSAGE, readSyncConfig, type StoredConfig, writeSyncConfig } from './service-config.ts';
import { syncChangeEvents } from './service-events.ts';
import { offlineStatus, type RunStatus, statusAfterRun, statusView } from './status-view.ts';

export interface SyncServiceOptions {
  db: AppDatabase;
  /** The shell's store for the refresh token (never SQLite, never the renderer). */
  tokens: TokenStore;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  fetch?: typeof fetch;
  /** Pull this often even without pokes (pokes are best-effort). */
  periodicMs?: number;
  /** Push this long after the last local write (writes in a burst go in one push). */
  pushDelayMs?: number;
  now?: () => number;
  log?: (message: string, err?: unknown) => void;
  /** Tests: retry waits, attempts. */
  client?: Partial<Pick<SyncClientOptions, 'wait' | 'attempts' | 'requestTimeoutMs' | 'pullLimit'>>;
  /** Tests: the socket's reconnect delay. */
  reconnectDelay?: (attempt: number) => number;
  /** The office folder (media/, scripts/): with it, blobs sync too (blobs.ts, blob-download.ts). */
  dataDir?: string;
  /** A backup of the whole local copy, taken before a first join replaces it with the office's data. */
  backupBeforeJoin?: () => Promise<{ id: string }>;
}

export class SyncLoop {
  protected readonly o: Required<
    Omit<SyncServiceOptions, 'client' | 'reconnectDelay' | 'backupBeforeJoin' | 'dataDir'>
  > &
    Pick<SyncServiceOptions, 'client' | 'reconnectDelay' | 'backupBeforeJoin' | 'dataDir'>;
  protected config: StoredConfig;
  protected session: Session | null = null;
  protected client: SyncClient | null = null;
  protected socket: PokeSocket | null = null;
  protected periodic: NodeJS.Timeout | null = null;
  protected pushTimer: NodeJS.Timeout | null = null;
  /** A run when the first blob the server failed to store may be tried again (blob-upload.ts). */
  protected blobRetryTimer: NodeJS.Timeout | null = null;
  protected running: Promise<void> | null = null;
  protected again = false;
  protected net: 'unknown' | 'up' | 'down' = 'unknown';
  protected message: string | null = null;
  protected reason: string | null = null;
  protected outboxHead = 0;
  protected lastSent = '';
  protected closed = false;
  /** Blob upload and download for the running loop (null without a dataDir or while signed out). */
  protected blobs: BlobSync | null = null;
  protected readonly progress: SyncProgress;
  protected progressAt = 0;
  /** What this desktop holds, counted once when the first-join question is asked. */
  protected joinCounts: FirstJoinView | null = null;
  constructor(opts: SyncServiceOptions) {
    this.o = {
      fetch: globalThis.fetch,
      periodicMs: 3 * 60_000,
      pushDelayMs: 300,
      now: Date.now,
      log: () => {},
      ...opts,
    };
    this.config = readSyncConfig(this.o.db, this.o.log);
    this.progress = new SyncProgress(opts.db, this.o.now);
  }

  close(): void {
    this.closed = true;
    this.stopLoop();
  }

  status(): SyncStatusView {
    return statusView({
      config: this.config,
      hasSession: this.session !== null,
      running: this.running !== null,
      net: this.net,
      message: this.message,
      reason: this.reason,
      unsent: outboxSize(this.o.db),
      problems: this.problemCount(),
      progress: this.progress.view(),
      firstJoin: () => this.firstJoinView(),
    });
  }

  /**
   * Called after every API call: a cheap look at the outbox's newest entry tells whether the call wrote a synced
   * table (whatever path it took: repo, worker, Claude's tools); then a push follows shortly.
   */
  afterCall(): void {
    if (this.closed) return;
    const head = this.readOutboxHead();
    if (head === this.outboxHead) return;
    this.outboxHead = head;
    this.afterLocalWrite();
  }

  protected firstJoinView(): FirstJoinView {
    if (!this.joinCounts) {
      const { any: _, ...counts } = localData(this.o.db);
      this.joinCounts = { office: { id: this.config.officeId!, name: this.config.officeName }, ...counts };
    }
    return this.joinCounts;
  }

  protected startLoop(session: Session): void {
    this.session = session;
    const url = this.config.serverUrl!;
    this.blobs = this.newBlobs(url, session);
    const up = this.blobs?.up;
    this.client = new SyncClient(this.o.db, {
      beforePush: up ? (batch) => up.beforePush(batch.changes) : undefined,
      baseUrl: url,
      deviceId: this.config.deviceId,
      auth: session,
      fetch: this.o.fetch,
      canPush: () => this.config.user?.role !== 'viewer',
      ...this.o.client,
      onApplied: (r) => {
        for (const [event, payload] of syncChangeEvents(r.touched)) this.o.emit(event, payload);
      },
      onPulled: (p) => {
        this.progress.onPage(p);
        // A status event per page would flood the window on a 100k-profile office: a few a second at most.
        const at = this.o.now();
        if (!p.hasMore || at - this.progressAt >= 250) {
          this.progressAt = at;
          this.publish();
        }
      },
    });
    this.socket = new PokeSocket({
      baseUrl: url,
      // After the server closed the socket for an expired token, refresh even if this clock thinks it still valid.
      token: async (expired) => {
        if (expired && !(await session.refresh())) throw new Error('the sign-in was refused');
        return session.accessToken();
      },
      onReady: () => {
        this.net = 'up';
        void this.kick(); // catch up on whatever happened while the socket was down
      },
      onPoke: () => void this.kick(),
      onDown: (why) => {
        if (this.session !== session) return;
        this.o.log(`sync socket down: ${why}`);
        this.net = 'down';
        this.publish();
      },
      delay: this.o.reconnectDelay,
    });
    this.socket.start();
    this.periodic = setInterval(() => void this.kick(), this.o.periodicMs);
    this.periodic.unref?.();
    this.publish();
    void this.kick();
  }

  protected stopLoop(): void {
    this.socket?.stop();
    this.socket = null;
    if (this.periodic) clearInterval(this.periodic);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    if (this.blobRetryTimer) clearTimeout(this.blobRetryTimer);
    this.periodic = this.pushTimer = this.blobRetryTimer = null;
    if (this.session) {
      this.session.onExpired = () => {};
      this.session.onUser = () => {};
    }
    this.session = null;
    this.client = null;
    this.blobs = null;
    this.net = 'unknown';
  }

  protected afterLocalWrite(): void {
    this.publish();
    if (!this.session || this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      void this.kick();
    }, this.o.pushDelayMs);
    this.pushTimer.unref?.();
  }

  /** Runs a sync; one asked for while another runs follows it (a write made during a pull is not left waiting). */
  protected kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const client = this.client;
    if (!client || this.closed) return Promise.resolve();
    this.running = (async () => {
      do {
        this.again = false;
        this.publish();
        await this.runOnce(client);
      } while (this.again && this.client === client && !this.closed);
    })().finally(() => {
      this.running = null;
      if (!this.closed) this.publish();
    });
    return this.running;
  }

  protected async runOnce(client: SyncClient): Promise<void> {
    this.progress.resetPace(); // the time left is measured on this run's pace, not across an interruption
    let report: SyncReport;
    try {
      report = await client.sync();
    } catch (e) {
      if (this.closed || this.client !== client) return;
      if (e instanceof Unreachable) return this.offline(e.message);
      if (e instanceof ServerRefusal && e.status === 401) return; // onExpired already said so
      this.o.log('sync failed', e);
      this.net = 'down';
      this.message = `Sync stopped on an unexpected error: ${(e as Error).message}`;
      return;
    }
    const current = () => !this.closed && this.client === client;
    if (!current()) return;
    if (report.state === 'idle' || report.state === 'clock_drift') {
      const canPush = report.state === 'idle' && this.config.user?.role !== 'viewer';
      await this.blobs?.afterRun(canPush, current);
    }
    if (!current()) return;
    this.outboxHead = this.readOutboxHead();
    this.scheduleBlobRetry(client);
    if (report.state === 'signed_out') return this.expired(report.message ?? 'Your sign-in expired.');
    if (report.state === 'server_behind') {
      this.resendEverything();
      this.again = true;
      return;
    }
    if (report.state === 'idle') {
      runJoinDuplicateCheck(this.o.db); // after an upload's first full sync (first-join.ts); else a no-op
      this.save({ lastSyncAt: this.o.now() });
    }
    this.apply(statusAfterRun(report, { viewer: this.config.user?.role === 'viewer', reason: this.reason }));
  }

  protected apply(r: RunStatus): void {
    if (r.net) this.net = r.net;
    if (r.reason !== undefined) this.reason = r.reason;
    if (r.message !== undefined) this.message = r.message;
  }

  protected offline(message: string): void {
    this.apply(offlineStatus(message));
  }

  protected expired(message: string): void {
    if (!this.config.signedIn) return;
    const n = outboxSize(this.o.db);
    this.stopLoop();
    this.save({ signedIn: false });
    this.reason = 'session_expired';
    this.message = `Sign in again to keep syncing (${message.replace(/\.$/, '')}).${n ? ` ${n} unsent change${n === 1 ? ' is' : 's are'} kept.` : ''}`;
    this.publish();
  }

  /**
   * 409: the server is behind this desktop's cursor (restored from an older backup). Nothing local is deleted:
   * every row is queued again and the cursor starts over, so the server gets this desktop's data back.
   */
  protected resendEverything(): void {
    const db = this.o.db;
    db.sqlite
      .transaction(() => {
        db.sqlite.prepare('UPDATE sync_state SET cursor = 0 WHERE id = 1').run();
        enableCapture(db, { node: randomBytes(8).toString('hex'), seedExisting: true });
      })
      .immediate();
    this.blobs?.up.forget(); // the restored server may lack blobs it had
    this.reason = 'server_behind';
    this.message = BEHIND_MESSAGE;
  }

  /** A headshot's original from the server, on demand (only thumbnails come with the records). */
  async fetchFullSize(sha256: string): Promise<FullSizeResult> {
    const blobs = this.blobs ?? (this.session ? this.newBlobs(this.config.serverUrl!, this.session) : null);
    if (!blobs)
      throw new AppError('SYNC_NOT_SIGNED_IN', 'Sign in to the office to download full-size photos.');
    return blobs.fetchFullSize(sha256);
  }

  protected newBlobs(url: string, session: Session): BlobSync | null {
    const dir = this.o.dataDir;
    if (!dir) return null;
    return new BlobSync({
      db: this.o.db,
      dataDir: dir,
      baseUrl: url,
      auth: session,
      fetch: this.o.fetch,
      wait: this.o.client?.wait,
      attempts: this.o.client?.attempts,
      now: this.o.now,
      emit: this.o.emit,
      log: this.o.log,
    });
  }

  /** A run when the first blob that waits out a backoff may be sent again (its cells wait in the outbox). */
  protected scheduleBlobRetry(client: SyncClient): void {
    if (this.blobRetryTimer) clearTimeout(this.blobRetryTimer);
    this.blobRetryTimer = null;
    const at = this.blobs?.up.nextRetryAt();
    if (at == null) return;
    this.blobRetryTimer = setTimeout(
      () => {
        this.blobRetryTimer = null;
        if (this.client === client) void this.kick();
      },
      Math.max(0, at - this.o.now()),
    );
    this.blobRetryTimer.unref?.();
  }

  protected newSession(url: string): Session {
    const s = new Session(this.requester(url), this.config.deviceId, this.o.tokens, this.o.now);
    s.onExpired = (m) => this.expired(m);
    s.onUser = (u) => {
      const c = this.config.user;
      if (!c || c.role !== u.role || c.displayName !== u.displayName) {
        this.save({ user: { id: u.id, email: u.email, displayName: u.displayName, role: u.role } });
        this.publish();
      }
    };
    return s;
  }

  protected requester(url = this.config.serverUrl): Requester {
    if (!url) throw new AppError('SYNC_NO_SERVER', 'Enter the sync server’s address first.');
    return { baseUrl: url, fetch: this.o.fetch };
  }

  protected readOutboxHead(): number {
    const r = this.o.db.sqlite.prepare('SELECT max(seq) AS s FROM sync_outbox').get() as { s: number | null };
    return r.s ?? 0;
  }

  /** Refused cells and blobs the server would not take (blob-problems.ts). */
  protected problemCount(): number {
    const cells = (
      this.o.db.sqlite
        .prepare("SELECT count(*) AS n FROM sync_parked WHERE reason LIKE 'rejected: %'")
        .get() as { n: number }
    ).n;
    return cells + countBlobProblems(this.o.db);
  }

  /** Sends the status event when anything the UI shows changed. */
  protected publish(): SyncStatusView {
    const s = this.status();
    if (this.closed) return s;
    const key = JSON.stringify(s);
    if (key !== this.lastSent) {
      this.lastSent = key;
      this.o.emit('sync.status', s);
    }
    return s;
  }

  protected save(patch: Partial<StoredConfig>): void {
    this.config = { ...this.config, ...patch };
    writeSyncConfig(this.o.db, this.config, this.o.now());
  }
}
