// Sending the blob upload queue (blobs.ts) before each pushed batch (SyncClientOptions.beforePush). A few uploads
// go at once; each blob's outcome is its own (nothing here assumes an order of completion). A blob leaves the queue
// only when the server holds it. One the server failed to store (a 5xx, after BlobHttp's own retries) does not hold
// the push: the rows that name it stay in the outbox and the rest of the batch goes; the blob is tried again on a
// later run, after a backoff that grows with its attempts. No network, or a refused sign-in, stops the run with
// everything queued. Too large or refused blobs are marked and kept: their cells still sync (blob-problems.ts lists
// them for the user).
import { readFile, stat } from 'node:fs/promises';
import type { CellChange } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import type { BlobAnswer, BlobHttp } from './blob-http.ts';
import { blobFile, enqueueForChanges, type QueuedBlob, sha256Of } from './blobs.ts';
import { rowKey } from './outbox.ts';
import type { BatchCheck } from './push.ts';
import type { SyncState } from './run-report.ts';

/** Uploads in flight at once: enough to hide round trips, few enough not to crowd a slow uplink. */
export const UPLOADS_IN_FLIGHT = 3;
/** Backoff after a server error: 30 s, doubling with each failed attempt, at most 5 minutes. */
const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 5 * 60_000;

/** Why a push must wait: the uploads could not be sent (the batch is not pushed; everything stays queued). */
export interface PushHold {
  state: Extract<SyncState, 'offline' | 'signed_out' | 'forbidden' | 'outdated'>;
  message: string;
}

export interface UploadResult {
  uploaded: number;
  /** Already on the server (another desktop sent the same file). */
  present: number;
  /** The server failed to store them (5xx): tried again after a backoff. */
  failed: number;
  hold: PushHold | null;
}

type OneUpload = 'uploaded' | 'present' | 'marked' | 'failed' | { hold: PushHold };

export interface BlobUploaderOptions {
  /** The clock for backoffs (the loop's, so tests can move it). */
  now?: () => number;
}

export class BlobUploader {
  /** Hashes the server was seen to hold during this run: not queued again (blobs are never deleted there). */
  private readonly known = new Set<string>();
  /**
   * Blobs the server failed to store: when each may be tried again, and its server errors in a row (the backoff
   * doubles with each). Kept in memory: after a restart they are tried at once.
   */
  private readonly backoff = new Map<string, { at: number; failures: number }>();
  private readonly db: AppDatabase;
  private readonly dataDir: string;
  private readonly http: BlobHttp;
  private readonly now: () => number;

  constructor(db: AppDatabase, dataDir: string, http: BlobHttp, o: BlobUploaderOptions = {}) {
    this.db = db;
    this.dataDir = dataDir;
    this.http = http;
    this.now = o.now ?? Date.now;
  }

  /**
   * The push hook (SyncClientOptions.beforePush): queue what the batch names, send the queue, then hold back the
   * batch's rows whose blobs are still not on the server.
   */
  async beforePush(changes: readonly CellChange[]): Promise<BatchCheck> {
    enqueueForChanges(this.db, this.dataDir, changes, this.known);
    const r = await this.uploadPending();
    if (r.hold) return { stop: r.hold };
    const hold = this.rowsWaiting(changes);
    return hold.size > 0 ? { hold } : null;
  }

  /** The server may have lost blobs (restored from a backup): ask it again for every hash. */
  forget(): void {
    this.known.clear();
  }

  /**
   * The user asked to send a refused file again ("Sync problems"): blobs waiting out a backoff are tried at the
   * next run, and the server's size limit is asked anew (the office may have raised it).
   */
  retryNow(): void {
    this.backoff.clear();
    this.http.maxBlobBytes = null;
  }

  /** When the next blob waiting out a backoff may be tried (ms), or null when none waits. */
  nextRetryAt(): number | null {
    let next: number | null = null;
    for (const { at } of this.backoff.values()) if (next === null || at < next) next = at;
    return next;
  }

  /**
   * Sends every pending blob not waiting out a backoff, UPLOADS_IN_FLIGHT at a time, taken thumbnails first (small,
   * and what other desktops show first). The first hold (no network, sign-in refused) starts no further upload; the
   * ones in flight finish first, so no upload outlives the call.
   */
  async uploadPending(): Promise<UploadResult> {
    const out: UploadResult = { uploaded: 0, present: 0, failed: 0, hold: null };
    const now = this.now();
    const rows = (
      this.db.sqlite
        .prepare(
          `SELECT sha256, kind, ref, mime, state, attempts, last_error FROM sync_blob_upload WHERE state = 'pending'
           ORDER BY CASE kind WHEN 'thumb' THEN 0 WHEN 'script' THEN 1 ELSE 2 END, queued_at, sha256`,
        )
        .all() as QueuedBlob[]
    ).filter((b) => (this.backoff.get(b.sha256)?.at ?? 0) <= now);
    let next = 0;
    const worker = async () => {
      while (out.hold === null && next < rows.length) {
        const r = await this.uploadOne(rows[next++]!);
        if (typeof r === 'object') out.hold ??= r.hold;
        else if (r === 'uploaded') out.uploaded++;
        else if (r === 'present') out.present++;
        else if (r === 'failed') out.failed++;
      }
    };
    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(UPLOADS_IN_FLIGHT, rows.length) }, worker),
    );
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    return out;
  }

  private async uploadOne(b: QueuedBlob): Promise<OneUpload> {
    const path = blobFile(this.dataDir, b);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      this.mark(b.sha256, 'missing', 'The file is no longer on this computer.');
      return 'marked';
    }
    if (this.overLimit(size)) {
      this.markTooLarge(b.sha256, size);
      return 'marked';
    }
    const head = await this.http.request('HEAD', b.sha256);
    if (head.kind === 'ok') {
      this.done(b.sha256);
      return 'present';
    }
    if (!(head.kind === 'error' && head.status === 404)) return this.notSent(head, b.sha256);
    // The HEAD answer carried the server's limit: a desktop that had not seen it yet learns it here.
    if (this.overLimit(size)) {
      this.markTooLarge(b.sha256, size);
      return 'marked';
    }
    const bytes = await readFile(path).catch(() => null);
    if (!bytes || sha256Of(bytes) !== b.sha256) {
      // Changed on disk since it was stored: never send bytes under a hash they do not have.
      this.mark(b.sha256, 'missing', 'The file on this computer was changed or removed.');
      return 'marked';
    }
    const put = await this.http.request('PUT', b.sha256, { bytes, contentType: b.mime });
    if (put.kind === 'ok') {
      this.done(b.sha256);
      return 'uploaded';
    }
    if (put.kind === 'error' && put.status === 413) {
      this.markTooLarge(b.sha256, size);
      return 'marked';
    }
    if (put.kind === 'error' && (put.status === 400 || put.status === 415)) {
      this.mark(b.sha256, 'refused', `${put.code}: ${put.message}`);
      return 'marked';
    }
    return this.notSent(put, b.sha256);
  }

  /**
   * The rows of `changes` that name a blob still queued (it failed, or waits out its backoff): their cells stay in
   * the outbox, so no desktop pulls a record whose file the server lacks.
   */
  private rowsWaiting(changes: readonly CellChange[]): Set<string> {
    const sqlite = this.db.sqlite;
    const waiting = new Set(
      (
        sqlite.prepare("SELECT sha256 FROM sync_blob_upload WHERE state = 'pending'").all() as {
          sha256: string;
        }[]
      ).map((r) => r.sha256),
    );
    const held = new Set<string>();
    if (waiting.size === 0) return held;
    const headshot = sqlite.prepare('SELECT sha256, thumb_sha256 AS thumb FROM headshot WHERE id = ?');
    const script = sqlite.prepare('SELECT sha256 FROM script WHERE id = ?');
    const seen = new Set<string>();
    for (const c of changes) {
      const key = rowKey(c.table, c.rowId);
      if (seen.has(key) || (c.table !== 'headshot' && c.table !== 'script')) continue;
      seen.add(key);
      const r = (c.table === 'headshot' ? headshot : script).get(c.rowId) as
        | { sha256: string | null; thumb?: string | null }
        | undefined;
      if (r && ((r.sha256 && waiting.has(r.sha256)) || (r.thumb && waiting.has(r.thumb)))) held.add(key);
    }
    return held;
  }

  private overLimit(size: number): boolean {
    return this.http.maxBlobBytes !== null && size > this.http.maxBlobBytes;
  }

  private done(sha256: string): void {
    this.known.add(sha256);
    this.backoff.delete(sha256);
    this.db.sqlite.prepare('DELETE FROM sync_blob_upload WHERE sha256 = ?').run(sha256);
  }

  private markTooLarge(sha256: string, size: number): void {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    const limit = this.http.maxBlobBytes;
    this.mark(
      sha256,
      'too_large',
      `${mb(size)} is over the sync server's limit${limit ? ` of ${mb(limit)}` : ''}: it stays on this computer.`,
    );
  }

  private mark(sha256: string, state: QueuedBlob['state'], why: string): void {
    this.backoff.delete(sha256);
    this.db.sqlite
      .prepare('UPDATE sync_blob_upload SET state = ?, last_error = ? WHERE sha256 = ?')
      .run(state, why, sha256);
  }

  /** A blob the server did not take: a server error waits out a backoff; anything else holds the push. */
  private notSent(a: Exclude<BlobAnswer, { kind: 'ok' }>, sha256: string): OneUpload {
    this.db.sqlite
      .prepare('UPDATE sync_blob_upload SET attempts = attempts + 1, last_error = ? WHERE sha256 = ?')
      .run(a.message, sha256);
    if (a.kind === 'network' && a.status !== undefined && a.status >= 500) {
      const failures = (this.backoff.get(sha256)?.failures ?? 0) + 1;
      const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
      this.backoff.set(sha256, { at: this.now() + wait, failures });
      return 'failed';
    }
    if (a.kind === 'network') return { hold: { state: 'offline', message: a.message } };
    if (a.status === 401) return { hold: { state: 'signed_out', message: a.message } };
    if (a.status === 403) return { hold: { state: 'forbidden', message: a.message } };
    if (a.status === 426) return { hold: { state: 'outdated', message: a.message } };
    return { hold: { state: 'offline', message: `${a.status} ${a.code}: ${a.message}` } };
  }
}
