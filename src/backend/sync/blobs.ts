// Blob upload for sync (docs/SYNC.md "Blobs"): before a batch of cells is pushed, every blob one of its cells
// names (a headshot's original and 320 px thumbnail, a script's PDF) is queued in `sync_blob_upload` and the queue
// is sent, so no desktop ever pulls a cell whose blob the server lacks. The queue is a table: an upload killed with
// the process is still queued at the next start (and so are the cells, which stay in the outbox until pushed).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CellChange } from '../../shared/sync/protocol.ts';
import { mediaPath } from '../headshots/mediaStore.ts';
import type { AppDatabase } from '../store/db.ts';
import type { BlobAnswer, BlobHttp } from './blob-http.ts';
import type { SyncState } from './client.ts';

export type BlobKind = 'original' | 'thumb' | 'script';

/** Why a push must wait: the uploads could not be sent (the batch is not pushed; everything stays queued). */
export interface PushHold {
  state: Extract<SyncState, 'offline' | 'signed_out' | 'forbidden' | 'outdated'>;
  message: string;
}

export interface QueuedBlob {
  sha256: string;
  kind: BlobKind;
  ref: string;
  mime: string;
  state: 'pending' | 'too_large' | 'missing' | 'refused';
  attempts: number;
  last_error: string | null;
}

export const scriptPdfPath = (dataDir: string, sha256: string): string =>
  join(dataDir, 'scripts', `${sha256}.pdf`);

/** Where a queued blob's bytes are on this desktop. */
export function blobFile(dataDir: string, b: Pick<QueuedBlob, 'sha256' | 'kind' | 'ref'>): string {
  if (b.kind === 'original') return mediaPath(dataDir, b.sha256, 'original');
  if (b.kind === 'thumb') return mediaPath(dataDir, b.ref, '320');
  return scriptPdfPath(dataDir, b.sha256);
}

const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const HEX = /^[0-9a-f]{64}$/;

/**
 * Queues the blobs that `changes` reference, in one transaction, before any network call. A headshot row that does
 * not yet carry its thumbnail's hash and its original's size and type (imported before blob sync, or by this
 * version's importer, which leaves them to this step) gets them here: the UPDATE is captured like any edit and
 * pushed in a later batch of the same run, after the thumbnail itself. Files this desktop does not hold (a
 * headshot pulled from another desktop, never opened full size) are not queued: they are already on the server.
 * `skip` holds hashes the server was seen to have during this run of the app.
 */
export function enqueueForChanges(
  db: AppDatabase,
  dataDir: string,
  changes: readonly CellChange[],
  skip: ReadonlySet<string> = new Set(),
  now = Date.now(),
): number {
  const headshots = new Set<string>();
  const scripts = new Set<string>();
  for (const c of changes) {
    if (c.table === 'headshot' && (c.column === 'sha256' || c.column === 'thumb_sha256'))
      headshots.add(c.rowId);
    if (c.table === 'script' && c.column === 'sha256' && typeof c.value === 'string' && HEX.test(c.value))
      scripts.add(c.value);
  }
  if (headshots.size === 0 && scripts.size === 0) return 0;
  const sqlite = db.sqlite;
  const put = sqlite.prepare(
    `INSERT INTO sync_blob_upload (sha256, kind, ref, mime, state, attempts, queued_at)
     VALUES (?, ?, ?, ?, 'pending', 0, ?)
     ON CONFLICT(sha256) DO UPDATE SET state = 'pending', last_error = NULL WHERE state IN ('missing', 'refused')`,
  );
  const readRow = sqlite.prepare(
    `SELECT h.sha256, h.thumb_sha256 AS thumb, h.original_bytes AS bytes, h.original_mime AS mime,
            b.byte_size AS blobBytes, b.mime AS blobMime
     FROM headshot h LEFT JOIN media_blob b ON b.sha256 = h.sha256 WHERE h.id = ?`,
  );
  const backfill = sqlite.prepare(
    `UPDATE headshot SET thumb_sha256 = coalesce(thumb_sha256, ?), original_bytes = coalesce(original_bytes, ?),
       original_mime = coalesce(original_mime, ?)
     WHERE id = ? AND (thumb_sha256 IS NULL OR original_bytes IS NULL OR original_mime IS NULL)`,
  );
  let queued = 0;
  const enqueue = (sha: string, kind: BlobKind, ref: string, mime: string) => {
    if (skip.has(sha)) return;
    queued += put.run(sha, kind, ref, mime, now).changes;
  };
  sqlite
    .transaction(() => {
      for (const id of headshots) {
        const r = readRow.get(id) as
          | {
              sha256: string;
              thumb: string | null;
              bytes: number | null;
              mime: string | null;
              blobBytes: number | null;
              blobMime: string | null;
            }
          | undefined;
        if (!r || !HEX.test(r.sha256)) continue;
        const mime = r.blobMime ?? r.mime ?? 'application/octet-stream';
        const hasOriginal = existsSync(mediaPath(dataDir, r.sha256, 'original'));
        const thumbFile = mediaPath(dataDir, r.sha256, '320');
        let thumb = r.thumb;
        if (!thumb && existsSync(thumbFile)) thumb = sha256Of(readFileSync(thumbFile));
        if (hasOriginal && r.blobBytes !== null && (!r.thumb || r.bytes === null || r.mime === null)) {
          backfill.run(thumb, r.blobBytes, r.blobMime, id);
        }
        if (thumb && HEX.test(thumb) && existsSync(thumbFile))
          enqueue(thumb, 'thumb', r.sha256, 'image/webp');
        if (hasOriginal) enqueue(r.sha256, 'original', r.sha256, mime);
      }
      for (const sha of scripts) {
        if (existsSync(scriptPdfPath(dataDir, sha))) enqueue(sha, 'script', sha, 'application/pdf');
      }
    })
    .immediate();
  return queued;
}

/** The queue as it stands (tests, and the count shown to the user). */
export function listUploadQueue(db: AppDatabase): QueuedBlob[] {
  return db.sqlite
    .prepare(
      'SELECT sha256, kind, ref, mime, state, attempts, last_error FROM sync_blob_upload ORDER BY queued_at, sha256',
    )
    .all() as QueuedBlob[];
}

/** Whether a headshot's original was refused by the server's size limit: it stays on this desktop. */
export function tooLargeToSync(db: AppDatabase, sha256: string): boolean {
  return (
    db.sqlite
      .prepare("SELECT 1 FROM sync_blob_upload WHERE sha256 = ? AND state = 'too_large'")
      .get(sha256) !== undefined
  );
}

export interface UploadResult {
  uploaded: number;
  /** Already on the server (another desktop sent the same file). */
  present: number;
  hold: PushHold | null;
}

export class BlobUploader {
  /** Hashes the server was seen to hold during this run: not queued again (blobs are never deleted there). */
  private readonly known = new Set<string>();
  private readonly db: AppDatabase;
  private readonly dataDir: string;
  private readonly http: BlobHttp;

  constructor(db: AppDatabase, dataDir: string, http: BlobHttp) {
    this.db = db;
    this.dataDir = dataDir;
    this.http = http;
  }

  /** The push hook (SyncClientOptions.beforePush): queue what the batch names, then send the whole queue. */
  async beforePush(changes: readonly CellChange[]): Promise<PushHold | null> {
    enqueueForChanges(this.db, this.dataDir, changes, this.known);
    return (await this.uploadPending()).hold;
  }

  /** The server may have lost blobs (restored from a backup): ask it again for every hash. */
  forget(): void {
    this.known.clear();
  }

  /**
   * Sends every pending blob, thumbnails first (small, and what other desktops show first). A blob leaves the
   * queue only when the server holds it; one over the server's limit, or whose file is gone, is marked and kept
   * (its cells still sync: the record travels, the file stays here). A network error stops with everything queued.
   */
  async uploadPending(): Promise<UploadResult> {
    const out: UploadResult = { uploaded: 0, present: 0, hold: null };
    const rows = this.db.sqlite
      .prepare(
        `SELECT sha256, kind, ref, mime, state, attempts, last_error FROM sync_blob_upload WHERE state = 'pending'
         ORDER BY CASE kind WHEN 'thumb' THEN 0 WHEN 'script' THEN 1 ELSE 2 END, queued_at, sha256`,
      )
      .all() as QueuedBlob[];
    for (const b of rows) {
      const path = blobFile(this.dataDir, b);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch {
        this.mark(b.sha256, 'missing', 'The file is no longer on this computer.');
        continue;
      }
      if (this.overLimit(size)) {
        this.markTooLarge(b.sha256, size);
        continue;
      }
      const head = await this.http.request('HEAD', b.sha256);
      if (head.kind === 'ok') {
        this.done(b.sha256);
        out.present++;
        continue;
      }
      if (!(head.kind === 'error' && head.status === 404)) {
        out.hold = this.holdFor(head, b.sha256);
        return out;
      }
      if (this.overLimit(size)) {
        this.markTooLarge(b.sha256, size);
        continue;
      }
      const bytes = await readFile(path).catch(() => null);
      if (!bytes || sha256Of(bytes) !== b.sha256) {
        // Changed on disk since it was stored: never send bytes under a hash they do not have.
        this.mark(b.sha256, 'missing', 'The file on this computer was changed or removed.');
        continue;
      }
      const put = await this.http.request('PUT', b.sha256, { bytes, contentType: b.mime });
      if (put.kind === 'ok') {
        this.done(b.sha256);
        out.uploaded++;
        continue;
      }
      if (put.kind === 'error' && put.status === 413) {
        this.markTooLarge(b.sha256, size);
        continue;
      }
      if (put.kind === 'error' && (put.status === 400 || put.status === 415)) {
        this.mark(b.sha256, 'refused', `${put.code}: ${put.message}`);
        continue;
      }
      out.hold = this.holdFor(put, b.sha256);
      return out;
    }
    return out;
  }

  private overLimit(size: number): boolean {
    return this.http.maxBlobBytes !== null && size > this.http.maxBlobBytes;
  }

  private done(sha256: string): void {
    this.known.add(sha256);
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
    this.db.sqlite
      .prepare('UPDATE sync_blob_upload SET state = ?, last_error = ? WHERE sha256 = ?')
      .run(state, why, sha256);
  }

  private holdFor(a: Exclude<BlobAnswer, { kind: 'ok' }>, sha256: string): PushHold {
    this.db.sqlite
      .prepare('UPDATE sync_blob_upload SET attempts = attempts + 1, last_error = ? WHERE sha256 = ?')
      .run(a.message, sha256);
    if (a.kind === 'network') return { state: 'offline', message: a.message };
    if (a.status === 401) return { state: 'signed_out', message: a.message };
    if (a.status === 403) return { state: 'forbidden', message: a.message };
    if (a.status === 426) return { state: 'outdated', message: a.message };
    return { state: 'offline', message: `${a.status} ${a.code}: ${a.message}` };
  }
}
