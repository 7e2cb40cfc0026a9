// Blobs the server would not take, shown among "Sync problems" (problems.ts holds the refused cells): a file over
// the server's size limit (too_large) or refused as unusable (refused) stays on this desktop while its record syncs.
// The user sees each with the reason, can send it again (after the office raised its limit) or keep it here for
// good ('kept_local': no longer a problem; the gallery still says the full size is not synced).
import type { SyncProblemView } from '../../shared/sync/desktop-api.ts';
import type { AppDatabase } from '../store/db.ts';
import type { QueuedBlob } from './blobs.ts';
import type { SyncProblemKey } from './problems.ts';

/** The problem's column names what was not sent; its rowId is the blob's hash (one file, whatever rows name it). */
const COLUMN: Record<QueuedBlob['kind'], string> = {
  original: 'full-size photo',
  thumb: 'thumbnail',
  script: 'PDF',
};
const PROBLEM_STATES = "('too_large', 'refused')";

interface ProblemRow {
  sha256: string;
  kind: QueuedBlob['kind'];
  state: 'too_large' | 'refused';
  last_error: string | null;
  who: string | null;
  file: string | null;
}

/** Whether a problem key names a blob (and not a refused cell). */
export function isBlobProblem(key: SyncProblemKey): boolean {
  return (
    (key.table === 'headshot' || key.table === 'script') &&
    Object.values(COLUMN).includes(key.column) &&
    /^[0-9a-f]{64}$/.test(key.rowId)
  );
}

export function countBlobProblems(db: AppDatabase): number {
  return (
    db.sqlite
      .prepare(`SELECT count(*) AS n FROM sync_blob_upload WHERE state IN ${PROBLEM_STATES}`)
      .get() as { n: number }
  ).n;
}

/** Every blob the server would not take, as problems: what it is, whose, and why. */
export function listBlobProblems(db: AppDatabase): SyncProblemView[] {
  const rows = db.sqlite
    .prepare(
      `SELECT u.sha256, u.kind, u.state, u.last_error,
         CASE WHEN u.kind = 'script' THEN (SELECT s.title FROM script s WHERE s.sha256 = u.sha256 LIMIT 1)
           ELSE (SELECT t.full_name FROM headshot h JOIN talent t ON t.id = h.talent_id
                 WHERE h.sha256 = u.ref ORDER BY h.deleted_at IS NOT NULL LIMIT 1) END AS who,
         CASE WHEN u.kind = 'script' THEN (SELECT s.file_name FROM script s WHERE s.sha256 = u.sha256 LIMIT 1)
           ELSE (SELECT h.original_name FROM headshot h WHERE h.sha256 = u.ref LIMIT 1) END AS file
       FROM sync_blob_upload u WHERE u.state IN ${PROBLEM_STATES} ORDER BY u.queued_at, u.sha256`,
    )
    .all() as ProblemRow[];
  return rows.map((r) => {
    const still =
      r.kind === 'script' ? 'The script itself still syncs.' : 'The profile and its thumbnail still sync.';
    const why =
      r.state === 'too_large'
        ? `${r.last_error ?? 'The file is over the sync server’s limit: it stays on this computer.'} ${still}`
        : `The sync server would not take the file (${r.last_error ?? 'refused'}): it stays on this computer. ${still}`;
    const what = [r.who, r.file].filter(Boolean).join(', ');
    return {
      table: r.kind === 'script' ? 'script' : 'headshot',
      rowId: r.sha256,
      column: COLUMN[r.kind],
      value: what || r.sha256,
      hlc: '',
      reason: why,
    };
  });
}

/** Queues the blob again (sent at the next sync, which asks the server's limit anew). False when not a problem. */
export function retryBlobProblem(db: AppDatabase, key: SyncProblemKey): boolean {
  return (
    db.sqlite
      .prepare(
        `UPDATE sync_blob_upload SET state = 'pending', attempts = 0, last_error = NULL
         WHERE sha256 = ? AND state IN ${PROBLEM_STATES}`,
      )
      .run(key.rowId).changes > 0
  );
}

/** Keeps the file on this desktop for good: no longer listed as a problem. False when not a problem. */
export function keepBlobLocal(db: AppDatabase, key: SyncProblemKey): boolean {
  return (
    db.sqlite
      .prepare(
        `UPDATE sync_blob_upload SET state = 'kept_local' WHERE sha256 = ? AND state IN ${PROBLEM_STATES}`,
      )
      .run(key.rowId).changes > 0
  );
}
