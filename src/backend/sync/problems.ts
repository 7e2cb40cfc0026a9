// "Sync problems": local changes the server refused (400 validation_failed). They never vanish: the push sets them
// aside in sync_parked with the server's reason (outbox.ts acknowledge), and the user can list them, send one again
// (after an app or server update, or once the cause is fixed) or discard it. Parked cells pulled from the server
// (tables or columns this version does not know) are not problems: they are kept for a later version.
import { normaliseJson } from '../../shared/sync/json-safety.ts';
import type { JsonValue } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';

const REJECTED = 'rejected: ';

export interface SyncProblemKey {
  table: string;
  rowId: string;
  column: string;
}

export interface SyncProblem extends SyncProblemKey {
  /** The value this desktop wrote and the server refused. */
  value: JsonValue;
  /** When it was written (its HLC). */
  hlc: string;
  /** The server's reason. */
  reason: string;
}

interface ParkedRow {
  tbl: string;
  row_id: string;
  col: string;
  value: string;
  hlc: string;
  reason: string;
}

/** Every refused local change, oldest first. */
export function listSyncProblems(db: AppDatabase): SyncProblem[] {
  const rows = db.sqlite
    .prepare(
      "SELECT tbl, row_id, col, value, hlc, reason FROM sync_parked WHERE reason LIKE 'rejected: %' ORDER BY hlc, tbl, row_id, col",
    )
    .all() as ParkedRow[];
  return rows.map((r) => ({
    table: r.tbl,
    rowId: r.row_id,
    column: r.col,
    value: JSON.parse(r.value) as JsonValue,
    hlc: r.hlc,
    reason: r.reason.slice(REJECTED.length),
  }));
}

function takeProblem(db: AppDatabase, key: SyncProblemKey): ParkedRow | undefined {
  return db.sqlite
    .prepare(
      "DELETE FROM sync_parked WHERE tbl = ? AND row_id = ? AND col = ? AND reason LIKE 'rejected: %' RETURNING tbl, row_id, col, value, hlc, reason",
    )
    .get(key.table, key.rowId, key.column) as ParkedRow | undefined;
}

/**
 * Queues the refused change again, with its original time (so it wins or loses against other edits of the field
 * exactly as it would have) and its value normalised as capture does today. The next sync sends it; if the server
 * refuses it again it comes back to the list. False when there is no such problem.
 */
export function retrySyncProblem(db: AppDatabase, key: SyncProblemKey): boolean {
  const sqlite = db.sqlite;
  return sqlite
    .transaction(() => {
      const p = takeProblem(db, key);
      if (!p) return false;
      const clock = sqlite
        .prepare('SELECT hlc FROM sync_clock WHERE tbl = ? AND row_id = ? AND col = ?')
        .get(p.tbl, p.row_id, p.col) as { hlc: string } | undefined;
      const value = JSON.stringify(normaliseJson(JSON.parse(p.value) as JsonValue));
      sqlite
        .prepare('INSERT INTO sync_outbox (tbl, row_id, col, value, hlc) VALUES (?, ?, ?, ?, ?)')
        .run(p.tbl, p.row_id, p.col, value, p.hlc);
      // The outbox trigger stamps the cell's clock with this (older) time: a newer value applied since must keep
      // its own, or an older remote value could later overwrite it.
      if (clock && clock.hlc > p.hlc) {
        sqlite
          .prepare('UPDATE sync_clock SET hlc = ? WHERE tbl = ? AND row_id = ? AND col = ?')
          .run(clock.hlc, p.tbl, p.row_id, p.col);
      }
      return true;
    })
    .immediate();
}

/**
 * Drops the refused change for good. This desktop keeps the value in its own copy until the field is next edited
 * here or elsewhere; other desktops never had it. False when there is no such problem.
 */
export function discardSyncProblem(db: AppDatabase, key: SyncProblemKey): boolean {
  return db.sqlite.transaction(() => takeProblem(db, key) !== undefined).immediate();
}
