// The blob upload queue for sync (docs/SYNC.md "Blobs"): before a batch of cells is pushed, every blob one of its
// cells names (a headshot's original and 320 px thumbnail, a script's PDF) is queued in `sync_blob_upload`, and the
// queue is sent (blob-upload.ts), so no desktop ever pulls a cell whose blob the server lacks. The queue is a table:
// an upload killed with the process is still queued at the next start (and so are the cells, which stay in the
// outbox until pushed).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellChange } from '../../shared/sync/protocol.ts';
import { mediaPath } from '../headshots/mediaStore.ts';
import type { AppDatabase } from '../store/db.ts';

export type BlobKind = 'original' | 'thumb' | 'script';

export interface QueuedBlob {
  sha256: string;
  kind: BlobKind;
  ref: string;
  mime: string;
  /** 'kept_local': a too_large or refused blob the user chose to leave on this desktop (blob-problems.ts). */
  state: 'pending' | 'too_large' | 'missing' | 'refused' | 'kept_local';
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

export const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
export const HEX = /^[0-9a-f]{64}$/;

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
      .prepare("SELECT 1 FROM sync_blob_upload WHERE sha256 = ? AND state IN ('too_large', 'kept_local')")
      .get(sha256) !== undefined
  );
}
