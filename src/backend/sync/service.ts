// The desktop's sync service: the one owner of a SyncClient in the app. It keeps the server address and who is
// signed in (the `setting` row 'sync.config', service-config.ts; the refresh token stays in the shell, auth.ts),
// turns capture on at sign-in, and runs the loop (loop.ts: pull at start, on every poke (realtime.ts) and every few
// minutes; push shortly after local writes). Offline is a normal state. Every server error of docs/SYNC.md ends in
// a status the UI shows. Here: what the handlers call (sign-in and out, problems, the team and the activity feed,
// the first-join choice).
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import type { ActivityEntryView, TeamView } from '../../shared/sync/desktop-api.ts';
import {
  type JoinDuplicateView,
  SYNC_UNSENT_CHANGES,
  type SyncProblemView,
  type SyncStatusView,
} from '../../shared/sync/desktop-api.ts';
import type { Role } from '../../shared/sync/protocol.ts';
import { resolveOverwrite } from './activity.ts';
import { accounts, type ServerSession, serverRequest } from './auth.ts';
import { isBlobProblem, keepBlobLocal, listBlobProblems, retryBlobProblem } from './blob-problems.ts';
import { enableCapture, ensureCapture, isCaptureOn, outboxSize } from './capture.ts';
import {
  joinCheckWaiting,
  joinDuplicates,
  needsFirstJoinChoice,
  queueForUpload,
  startFromOffice,
} from './first-join.ts';
import { SyncLoop } from './loop.ts';
import { discardSyncProblem, listSyncProblems, retrySyncProblem, type SyncProblemKey } from './problems.ts';
import { syncChangeEvents } from './service-events.ts';
import {
  type ActivityFilter,
  changeMember,
  readActivity,
  readTeam,
  type TeamContext,
} from './service-team.ts';
import { isSyncedTable } from './tables.ts';

export type { SyncServiceOptions } from './loop.ts';

/** What the handlers call: sign-in and out, the team, the feed, problems and the first-join choice. */
export class SyncService extends SyncLoop {
  private choosing = false;

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

  /** Refused changes, then files the server would not take (blob-problems.ts). */
  listProblems(): { items: SyncProblemView[] } {
    const cells = listSyncProblems(this.o.db).map((p) => {
      const v = JSON.stringify(p.value);
      return { ...p, value: v.length > 500 ? `${v.slice(0, 499)}…` : v };
    });
    return { items: [...cells, ...listBlobProblems(this.o.db)] };
  }

  /** A refused change is queued again; a file, queued again and sent at the next sync (shortly). */
  retryProblem(key: SyncProblemKey): { ok: true } {
    const blob = isBlobProblem(key);
    if (!(blob ? retryBlobProblem(this.o.db, key) : retrySyncProblem(this.o.db, key)))
      throw new AppError('NOT_FOUND', 'That sync problem is no longer there.');
    if (blob) this.blobs?.up.retryNow();
    this.afterLocalWrite();
    return { ok: true };
  }

  /** A refused change is dropped; a file is kept on this computer for good (no longer a problem). */
  discardProblem(key: SyncProblemKey): { ok: true } {
    if (!(isBlobProblem(key) ? keepBlobLocal(this.o.db, key) : discardSyncProblem(this.o.db, key)))
      throw new AppError('NOT_FOUND', 'That sync problem is no longer there.');
    this.publish();
    return { ok: true };
  }

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
}
