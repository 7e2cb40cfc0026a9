// The desktop's sync service: the one owner of a SyncClient in the app. It keeps the server address and who is
// signed in (the `setting` row 'sync.config'; the refresh token stays in the shell, auth.ts), turns capture on at
// sign-in, and runs the loop: pull at start, on every poke (realtime.ts) and every few minutes; push shortly after
// local writes. Offline is a normal state. Every server error of docs/SYNC.md ends in a status the UI shows.
import { randomBytes } from 'node:crypto';
import type { EventName, EventPayload } from '../../shared/api.ts';
import { AppError } from '../../shared/errors.ts';
import type { FullSizeResult } from '../../shared/headshots.ts';
import type { ActivityEntryView, TeamView } from '../../shared/sync/desktop-api.ts';
import {
  type FirstJoinView,
  type JoinDuplicateView,
  SYNC_UNSENT_CHANGES,
  type SyncProblemView,
  type SyncStatusView,
} from '../../shared/sync/desktop-api.ts';
import type { Role } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import { resolveOverwrite } from './activity.ts';
import {
  accounts,
  type Requester,
  ServerRefusal,
  type ServerSession,
  Session,
  serverRequest,
  type TokenStore,
  Unreachable,
} from './auth.ts';
import { BlobDownloader } from './blob-download.ts';
import { BlobHttp } from './blob-http.ts';
import { BlobUploader } from './blobs.ts';
import { enableCapture, ensureCapture, isCaptureOn, outboxSize } from './capture.ts';
import { SyncClient, type SyncClientOptions, type SyncReport } from './client.ts';
import {
  joinCheckWaiting,
  joinDuplicates,
  localData,
  needsFirstJoinChoice,
  queueForUpload,
  runJoinDuplicateCheck,
  startFromOffice,
} from './first-join.ts';
import { discardSyncProblem, listSyncProblems, retrySyncProblem, type SyncProblemKey } from './problems.ts';
import { SyncProgress } from './progress.ts';
import { PokeSocket } from './realtime.ts';
import {
  BEHIND_MESSAGE,
  CLOCK_MESSAGE,
  OUTDATED_MESSAGE,
  readSyncConfig,
  type StoredConfig,
  writeSyncConfig,
} from './service-config.ts';
import { syncChangeEvents } from './service-events.ts';
import {
  type ActivityFilter,
  changeMember,
  readActivity,
  readTeam,
  type TeamContext,
} from './service-team.ts';
import { isSyncedTable } from './tables.ts';

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

export class SyncService {
  private readonly o: Required<
    Omit<SyncServiceOptions, 'client' | 'reconnectDelay' | 'backupBeforeJoin' | 'dataDir'>
  > &
    Pick<SyncServiceOptions, 'client' | 'reconnectDelay' | 'backupBeforeJoin' | 'dataDir'>;
  private config: StoredConfig;
  private session: Session | null = null;
  private client: SyncClient | null = null;
  private socket: PokeSocket | null = null;
  private periodic: NodeJS.Timeout | null = null;
  private pushTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private net: 'unknown' | 'up' | 'down' = 'unknown';
  private message: string | null = null;
  private reason: string | null = null;
  private outboxHead = 0;
  private lastSent = '';
  private closed = false;
  /** Blob upload and download for the running loop (null without a dataDir or while signed out). */
  private blobs: { up: BlobUploader; down: BlobDownloader } | null = null;
  private readonly progress: SyncProgress;
  private progressAt = 0;
  /** What this desktop holds, counted once when the first-join question is asked. */
  private joinCounts: FirstJoinView | null = null;
  private choosing = false;

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

  // ---------- lifecycle ----------

  /** Resumes a sign-in kept from the last run (asks the shell whether a refresh token is still there). */
  async start(): Promise<void> {
    ensureCapture(this.o.db); // triggers in line with the current columns (a migration may have added one)
    this.outboxHead = this.readOutboxHead();
    const c = this.config;
    if (!c.serverUrl || !c.signedIn) {
      this.publish();
      return;
    }
    const session = this.newSession(c.serverUrl);
    if (!(await session.hasRefreshToken())) {
      this.save({ signedIn: false });
      this.reason = 'session_expired';
      this.message = 'Sign in again to sync: this computer no longer holds the sign-in.';
      this.publish();
      return;
    }
    if (c.firstJoin) {
      this.session = session; // still waiting for the first-join choice: no sync until it is made
      this.publish();
      return;
    }
    this.startLoop(session);
  }

  close(): void {
    this.closed = true;
    this.stopLoop();
  }

  // ---------- what the handlers call ----------

  status(): SyncStatusView {
    const c = this.config;
    const state = !c.serverUrl
      ? 'off'
      : !c.signedIn || !this.session
        ? 'signedOut'
        : c.firstJoin
          ? 'firstJoin'
          : this.running
            ? 'syncing'
            : this.reason === 'clock_drift' || this.reason === 'outdated' || this.reason === 'forbidden'
              ? 'error'
              : this.net === 'down'
                ? 'offline'
                : 'online';
    const unsent = outboxSize(this.o.db);
    const viewer = c.signedIn && c.user?.role === 'viewer';
    return {
      state,
      serverUrl: c.serverUrl,
      office: c.officeId ? { id: c.officeId, name: c.officeName } : null,
      user: c.signedIn ? c.user : null,
      unsent,
      problems: this.problemCount(),
      lastSyncAt: c.lastSyncAt,
      message:
        this.message ??
        (viewer && unsent > 0
          ? 'You are a viewer: changes made on this computer stay here; the office does not take them.'
          : null),
      reason: this.reason,
      readOnly: viewer,
      firstJoin: c.firstJoin && c.signedIn && this.session ? this.firstJoinView() : null,
      progress: this.progress.view(),
    };
  }

  configure(serverUrl: string): SyncStatusView {
    const url = serverUrl.trim().replace(/\/+$/, '');
    if (this.config.signedIn && url !== this.config.serverUrl) {
      throw new AppError('SYNC_SIGNED_IN', 'Sign out before changing the sync server.');
    }
    this.save({ serverUrl: url });
    this.message = null;
    this.reason = null;
    return this.publish();
  }

  async createOffice(a: { officeName: string; email: string; password: string; displayName: string }) {
    const s = await accounts.createOffice(this.requester(), this.config.deviceId, a);
    // A new office starts from this desktop's data: every existing row is queued for upload.
    return this.begin(s, { officeName: s.office?.name ?? a.officeName, seed: true });
  }

  async join(a: { code: string; email: string; password: string; displayName: string }) {
    const s = await accounts.join(this.requester(), this.config.deviceId, a);
    return this.begin(s, { officeName: s.office?.name ?? null, seed: false });
  }

  async signIn(a: { email: string; password: string }) {
    const s = await accounts.signIn(this.requester(), this.config.deviceId, a);
    return this.begin(s, { officeName: s.office?.name ?? null, seed: false });
  }

  async signOut(force = false): Promise<SyncStatusView> {
    if (this.config.firstJoin && this.config.signedIn) return this.cancelFirstJoin();
    const n = outboxSize(this.o.db);
    if (n > 0 && !force) {
      throw new AppError(
        SYNC_UNSENT_CHANGES,
        `${n} change${n === 1 ? ' has' : 's have'} not reached the server yet. Send ${n === 1 ? 'it' : 'them'} first, ` +
          'or sign out anyway: they stay on this computer and are sent when you sign in to this office again.',
      );
    }
    const session = this.session;
    this.stopLoop();
    await session?.signOut();
    this.save({ signedIn: false });
    this.message = n > 0 ? `${n} unsent change${n === 1 ? '' : 's'} kept on this computer.` : null;
    this.reason = null;
    return this.publish();
  }

  /** Push and pull now, and wait for it. Also the way to resume pushing once the clock was fixed. */
  async syncNow(): Promise<SyncStatusView> {
    if (!this.session || !this.config.signedIn)
      throw new AppError('SYNC_NOT_SIGNED_IN', 'Sign in to sync first.');
    this.client?.clearClockDrift();
    if (this.reason === 'clock_drift' || this.reason === 'outdated') this.reason = null;
    this.socket?.reconnectNow();
    await this.kick();
    if (this.running) await this.running;
    return this.status();
  }

  async invite(role: 'admin' | 'casting_director' | 'assistant' | 'viewer') {
    if (!this.session) throw new AppError('SYNC_NOT_SIGNED_IN', 'Sign in to invite people.');
    return this.session.invite(role);
  }

  listProblems(): { items: SyncProblemView[] } {
    return {
      items: listSyncProblems(this.o.db).map((p) => {
        const v = JSON.stringify(p.value);
        return { ...p, value: v.length > 500 ? `${v.slice(0, 499)}…` : v };
      }),
    };
  }

  retryProblem(key: SyncProblemKey): { ok: true } {
    if (!retrySyncProblem(this.o.db, key))
      throw new AppError('NOT_FOUND', 'That sync problem is no longer there.');
    this.afterLocalWrite();
    return { ok: true };
  }

  discardProblem(key: SyncProblemKey): { ok: true } {
    if (!discardSyncProblem(this.o.db, key))
      throw new AppError('NOT_FOUND', 'That sync problem is no longer there.');
    this.publish();
    return { ok: true };
  }

  // ---------- the team and the activity feed (admin.ts, activity.ts) ----------

  /** The display name of the person signed in to the office, else null (who added a memory). */
  get userName(): string | null {
    return this.config.signedIn ? (this.config.user?.displayName ?? null) : null;
  }

  /** A viewer's desktop refuses the office's writes itself (api/viewer-guard.ts), not only the server. */
  get readOnly(): boolean {
    return this.config.signedIn && this.config.user?.role === 'viewer';
  }

  /** The team from the server; offline, the last list read, with a message saying so. */
  team(): Promise<TeamView> {
    return readTeam(this.teamContext());
  }

  updateMember(change: { userId: string; role?: Role; disabled?: boolean }): Promise<TeamView> {
    return changeMember(this.teamContext(), change);
  }

  listActivity(f: ActivityFilter): Promise<{ items: ActivityEntryView[] }> {
    return readActivity(this.teamContext(), f);
  }

  /** Restore (a new local edit of this desktop's value, pushed shortly) or keep the remote value. */
  resolveActivity(id: number, restore: boolean): { ok: true } {
    if (restore && this.readOnly)
      throw new AppError('READ_ONLY', 'You are a viewer: you can read the office’s data but not change it.');
    const r = resolveOverwrite(this.o.db, id, restore, this.o.now());
    if (restore && isSyncedTable(r.table)) {
      for (const [event, payload] of syncChangeEvents(new Map([[r.table, new Set([r.rowId])]])))
        this.o.emit(event, payload);
    }
    this.afterLocalWrite();
    return { ok: true };
  }

  private teamContext(): TeamContext {
    const c = this.config;
    return {
      db: this.o.db,
      session: this.session,
      signedIn: c.signedIn,
      officeId: c.officeId,
      deviceId: c.deviceId,
      now: this.o.now,
      log: this.o.log,
    };
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

  // ---------- first join (first-join.ts) ----------

  /**
   * The person's answer to the first-join question. 'office' takes a backup first (nothing is replaced if it fails),
   * then empties the synced tables and pulls the office's data. 'upload' queues every local row, syncs, and lists
   * the people from this computer who look like the office's.
   */
  async chooseFirstJoin(
    choice: 'upload' | 'office',
  ): Promise<{ status: SyncStatusView; backupId: string | null; duplicates: JoinDuplicateView[] | null }> {
    // One answer at a time: a second click while the backup is written must not clear or queue twice.
    if (this.choosing) throw new AppError('SYNC_BUSY', 'The first choice is still being carried out.');
    this.choosing = true;
    try {
      return await this.carryOutFirstJoin(choice);
    } finally {
      this.choosing = false;
    }
  }

  private async carryOutFirstJoin(
    choice: 'upload' | 'office',
  ): Promise<{ status: SyncStatusView; backupId: string | null; duplicates: JoinDuplicateView[] | null }> {
    const c = this.config;
    const session = this.session;
    if (!c.firstJoin || !c.signedIn || !session || !c.officeId)
      throw new AppError('SYNC_NO_FIRST_JOIN', 'There is no first-join choice waiting.');
    if (choice === 'upload' && c.user?.role === 'viewer')
      throw new AppError(
        'SYNC_VIEWER',
        'You joined as a viewer: the office does not take data from you. Start from the office’s data, or cancel and ask an admin for another role.',
      );
    const db = this.o.db;
    const node = randomBytes(8).toString('hex');
    let backupId: string | null = null;
    if (choice === 'office') {
      if (!this.o.backupBeforeJoin)
        throw new AppError(
          'SYNC_NO_BACKUP',
          'This computer cannot make a backup, so its data is left as it is.',
        );
      backupId = (await this.o.backupBeforeJoin()).id;
      for (const [event, payload] of startFromOffice(db, node)) this.o.emit(event, payload);
    } else {
      queueForUpload(db, c.officeId, node);
    }
    this.progress.clear();
    this.save({ firstJoin: null });
    this.joinCounts = null;
    this.outboxHead = this.readOutboxHead();
    this.startLoop(session);
    if (this.running) await this.running;
    const duplicates = choice === 'upload' && !joinCheckWaiting(db) ? joinDuplicates(db) : null;
    return { status: this.status(), backupId, duplicates };
  }

  /** Leaves the office without touching local data: the new sign-in is revoked and the last office kept. */
  async cancelFirstJoin(): Promise<SyncStatusView> {
    const fj = this.config.firstJoin;
    if (this.choosing)
      throw new AppError('SYNC_BUSY', 'The choice made is being carried out: it cannot be cancelled.');
    if (!fj) throw new AppError('SYNC_NO_FIRST_JOIN', 'There is no first-join choice waiting.');
    const session = this.session;
    this.stopLoop();
    await session?.signOut();
    this.save({
      signedIn: false,
      firstJoin: null,
      officeId: fj.previousOfficeId,
      officeName: fj.previousOfficeName,
    });
    this.joinCounts = null;
    this.message = 'Not joined: nothing on this computer was changed or sent.';
    this.reason = null;
    return this.publish();
  }

  joinDuplicates(dismiss: boolean): { items: JoinDuplicateView[] } {
    return { items: joinDuplicates(this.o.db, dismiss) };
  }

  private firstJoinView(): FirstJoinView {
    if (!this.joinCounts) {
      const { any: _, ...counts } = localData(this.o.db);
      this.joinCounts = { office: { id: this.config.officeId!, name: this.config.officeName }, ...counts };
    }
    return this.joinCounts;
  }

  // ---------- the loop ----------

  private async begin(
    s: ServerSession,
    o: { officeName: string | null; seed: boolean },
  ): Promise<SyncStatusView> {
    const c = this.config;
    const otherOffice = c.officeId !== null && c.officeId !== s.user.officeId;
    if (otherOffice && outboxSize(this.o.db) > 0) {
      // The new sign-in is not kept: revoke it at once (best effort).
      await serverRequest(this.requester(), 'POST', '/v1/auth/logout', {
        refreshToken: s.refreshToken,
      }).catch(() => {});
      throw new AppError(
        'SYNC_OTHER_OFFICE',
        'This computer still holds unsent changes for another office. Sign in to that office and send them first.',
      );
    }
    this.stopLoop();
    const session = this.newSession(c.serverUrl!);
    await session.adopt(s);
    const db = this.o.db;
    // A desktop that holds data and never synced with this office asks first (first-join.ts); an earlier question
    // left unanswered counts as never synced.
    const lastOffice = c.firstJoin ? c.firstJoin.previousOfficeId : c.officeId;
    if (!o.seed && needsFirstJoinChoice(db, lastOffice, s.user.officeId)) {
      this.save({
        signedIn: true,
        officeId: s.user.officeId,
        officeName: o.officeName,
        user: { id: s.user.id, email: s.user.email, displayName: s.user.displayName, role: s.user.role },
        firstJoin: c.firstJoin ?? { previousOfficeId: c.officeId, previousOfficeName: c.officeName },
      });
      this.joinCounts = null;
      this.session = session;
      this.message = null;
      this.reason = null;
      return this.publish();
    }
    if (otherOffice && db.sqlite.prepare('SELECT 1 FROM sync_state WHERE id = 1').get()) {
      db.sqlite.prepare('UPDATE sync_state SET cursor = 0 WHERE id = 1').run(); // another office's sequence
    }
    enableCapture(db, { node: randomBytes(8).toString('hex'), seedExisting: o.seed && !isCaptureOn(db) });
    this.outboxHead = this.readOutboxHead();
    this.save({
      signedIn: true,
      officeId: s.user.officeId,
      officeName: o.officeName ?? (otherOffice ? null : c.officeName),
      user: { id: s.user.id, email: s.user.email, displayName: s.user.displayName, role: s.user.role },
      firstJoin: null,
    });
    this.message = null;
    this.reason = null;
    this.startLoop(session);
    return this.status();
  }

  private startLoop(session: Session): void {
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

  private stopLoop(): void {
    this.socket?.stop();
    this.socket = null;
    if (this.periodic) clearInterval(this.periodic);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.periodic = this.pushTimer = null;
    if (this.session) {
      this.session.onExpired = () => {};
      this.session.onUser = () => {};
    }
    this.session = null;
    this.client = null;
    this.blobs = null;
    this.net = 'unknown';
  }

  private afterLocalWrite(): void {
    this.publish();
    if (!this.session || this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      void this.kick();
    }, this.o.pushDelayMs);
    this.pushTimer.unref?.();
  }

  /** Runs a sync; one asked for while another runs follows it (a write made during a pull is not left waiting). */
  private kick(): Promise<void> {
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

  private async runOnce(client: SyncClient): Promise<void> {
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
    if (this.closed || this.client !== client) return;
    if (report.state === 'idle' || report.state === 'clock_drift') await this.downloadBlobs(client);
    if (this.closed || this.client !== client) return;
    this.outboxHead = this.readOutboxHead();
    switch (report.state) {
      case 'idle':
        this.net = 'up';
        runJoinDuplicateCheck(this.o.db); // after an upload's first full sync (first-join.ts); else a no-op
        this.save({ lastSyncAt: this.o.now() });
        if (this.reason !== 'server_behind') this.message = null;
        if (this.reason !== 'server_behind') this.reason = null;
        return;
      case 'offline':
        return this.offline(report.message ?? 'The sync server could not be reached.');
      case 'clock_drift':
        this.net = 'up';
        this.reason = 'clock_drift';
        this.message = CLOCK_MESSAGE;
        return;
      case 'outdated':
        this.reason = 'outdated';
        this.message = OUTDATED_MESSAGE;
        return;
      case 'forbidden':
        this.reason = 'forbidden';
        this.message =
          this.config.user?.role === 'viewer'
            ? 'Viewers can read the office’s data but not change it: your changes here stay on this computer.'
            : `The sync server refused this desktop: ${report.message ?? 'forbidden'}`;
        return;
      case 'signed_out':
        return this.expired(report.message ?? 'Your sign-in expired.');
      case 'server_behind':
        this.resendEverything();
        this.again = true;
        return;
    }
  }

  private offline(message: string): void {
    this.net = 'down';
    this.message = `Offline: ${message} Changes are kept and sent when the server is back.`;
    this.reason = 'offline';
  }

  private expired(message: string): void {
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
  private resendEverything(): void {
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

  // ---------- blobs (blobs.ts, blob-download.ts) ----------

  /** A headshot's original from the server, on demand (only thumbnails come with the records). */
  async fetchFullSize(sha256: string): Promise<FullSizeResult> {
    const blobs = this.blobs ?? (this.session ? this.newBlobs(this.config.serverUrl!, this.session) : null);
    if (!blobs)
      throw new AppError('SYNC_NOT_SIGNED_IN', 'Sign in to the office to download full-size photos.');
    return blobs.down.fetchFullSize(sha256);
  }

  private newBlobs(url: string, session: Session): { up: BlobUploader; down: BlobDownloader } | null {
    const dir = this.o.dataDir;
    if (!dir) return null;
    const http = new BlobHttp({
      baseUrl: url,
      auth: session,
      fetch: this.o.fetch,
      ...(this.o.client?.wait ? { wait: this.o.client.wait } : {}),
      ...(this.o.client?.attempts ? { attempts: this.o.client.attempts } : {}),
    });
    return {
      up: new BlobUploader(this.o.db, dir, http),
      down: new BlobDownloader(this.o.db, dir, http, (m) => this.o.log(m)),
    };
  }

  /** After a pull: the thumbnails and script PDFs of what arrived; open cards refresh when faces came. */
  private async downloadBlobs(client: SyncClient): Promise<void> {
    const down = this.blobs?.down;
    if (!down) return;
    try {
      const r = await down.afterPull();
      if (this.client !== client) return;
      if (r.thumbnails > 0) this.o.emit('talent.changed', {});
      if (r.refused.length > 0)
        this.o.log(`sync: refused ${r.refused.length} blob(s) whose bytes did not match their hash`);
    } catch (e) {
      this.o.log('sync: blob download failed', e);
    }
  }

  // ---------- plumbing ----------

  private newSession(url: string): Session {
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

  private requester(url = this.config.serverUrl): Requester {
    if (!url) throw new AppError('SYNC_NO_SERVER', 'Enter the sync server’s address first.');
    return { baseUrl: url, fetch: this.o.fetch };
  }

  private readOutboxHead(): number {
    const r = this.o.db.sqlite.prepare('SELECT max(seq) AS s FROM sync_outbox').get() as { s: number | null };
    return r.s ?? 0;
  }

  private problemCount(): number {
    return (
      this.o.db.sqlite
        .prepare("SELECT count(*) AS n FROM sync_parked WHERE reason LIKE 'rejected: %'")
        .get() as { n: number }
    ).n;
  }

  /** Sends the status event when anything the UI shows changed. */
  private publish(): SyncStatusView {
    const s = this.status();
    if (this.closed) return s;
    const key = JSON.stringify(s);
    if (key !== this.lastSent) {
      this.lastSent = key;
      this.o.emit('sync.status', s);
    }
    return s;
  }

  private save(patch: Partial<StoredConfig>): void {
    this.config = { ...this.config, ...patch };
    writeSyncConfig(this.o.db, this.config, this.o.now());
  }
}
