// Reading the outbox as protocol cells, and removing what the server acknowledged.

import { normaliseJson } from '../../shared/sync/json-safety.ts';
import {
  type CellChange,
  type JsonValue,
  MAX_CHANGES_PER_PUSH,
  TOMBSTONE_COLUMN,
} from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';

export interface OutboxBatch {
  /** Outbox entries covered, a contiguous range of seq (oldest first). */
  firstSeq: number;
  lastSeq: number;
  changes: CellChange[];
}

/** A row of sync_outbox as read back. */
export interface OutboxRow {
  seq: number;
  tbl: string;
  row_id: string;
  col: string;
  value: string;
  hlc: string;
}

/** The cells of one outbox entry: a '*' entry (an inserted row) becomes one cell per column. */
export function entryCells(e: OutboxRow): CellChange[] {
  // Capture already normalised what the server cannot store; this covers entries queued by an older version.
  const value = normaliseJson(JSON.parse(e.value) as JsonValue);
  if (e.col !== '*') return [{ table: e.tbl, rowId: e.row_id, column: e.col, value, hlc: e.hlc }];
  const obj = value as Record<string, JsonValue>;
  const cells = Object.entries(obj).map(([column, v]) => ({
    table: e.tbl,
    rowId: e.row_id,
    column,
    value: v,
    hlc: e.hlc,
  }));
  if (obj.deleted_at != null)
    cells.push({ table: e.tbl, rowId: e.row_id, column: TOMBSTONE_COLUMN, value: true, hlc: e.hlc });
  return cells;
}

/**
 * The oldest entries (after `afterSeq`: the next batch while one is being pushed), as at most `maxCells` cells
 * (whole entries only; an entry is at most a few dozen cells).
 */
export function readBatch(
  db: AppDatabase,
  maxCells = MAX_CHANGES_PER_PUSH,
  afterSeq = 0,
): OutboxBatch | null {
  const rows = db.sqlite
    .prepare('SELECT seq, tbl, row_id, col, value, hlc FROM sync_outbox WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(afterSeq, maxCells) as OutboxRow[];
  if (rows.length === 0) return null;
  const changes: CellChange[] = [];
  let lastSeq = rows[0]!.seq;
  for (const r of rows) {
    const cells = entryCells(r);
    if (changes.length > 0 && changes.length + cells.length > maxCells) break;
    changes.push(...cells);
    lastSeq = r.seq;
  }
  return { firstSeq: rows[0]!.seq, lastSeq, changes };
}

/** A row as one key, for sets of rows (the rows a push leaves in the outbox). */
export const rowKey = (table: string, rowId: string): string => `${table}\u0000${rowId}`;

/**
 * Removes an acknowledged batch; `rejected` cells (refused by the server's validation) are kept, with the reason.
 * The entries of the rows in `keep` (left out of the push, push.ts) stay in the outbox for a later run.
 */
export function acknowledge(
  db: AppDatabase,
  batch: OutboxBatch,
  rejected: { cell: CellChange; reason: string }[] = [],
  keep?: ReadonlySet<string>,
): void {
  const sqlite = db.sqlite;
  const park = sqlite.prepare(
    `INSERT INTO sync_parked (tbl, row_id, col, value, hlc, device_id, reason) VALUES (?, ?, ?, ?, ?, NULL, ?)
     ON CONFLICT(tbl, row_id, col) DO UPDATE SET value = excluded.value, hlc = excluded.hlc,
       device_id = NULL, reason = excluded.reason WHERE excluded.hlc > sync_parked.hlc`,
  );
  sqlite
    .transaction(() => {
      for (const { cell, reason } of rejected) {
        park.run(
          cell.table,
          cell.rowId,
          cell.column,
          JSON.stringify(cell.value),
          cell.hlc,
          `rejected: ${reason}`,
        );
      }
      if (!keep || keep.size === 0) {
        sqlite
          .prepare('DELETE FROM sync_outbox WHERE seq BETWEEN ? AND ?')
          .run(batch.firstSeq, batch.lastSeq);
        return;
      }
      const entries = sqlite
        .prepare('SELECT seq, tbl, row_id FROM sync_outbox WHERE seq BETWEEN ? AND ?')
        .all(batch.firstSeq, batch.lastSeq) as { seq: number; tbl: string; row_id: string }[];
      const drop = sqlite.prepare('DELETE FROM sync_outbox WHERE seq = ?');
      for (const e of entries) if (!keep.has(rowKey(e.tbl, e.row_id))) drop.run(e.seq);
    })
    .immediate();
}
