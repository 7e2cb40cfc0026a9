// The activity feed: remote changes as this desktop applied them (who changed which field of which record, when),
// and the values of ours they overwrote, kept so the user can restore them. Fed by the apply path (apply.ts) with
// one set-based INSERT … SELECT per page, before the page is written: a cell is recorded when it will win against
// the local clock, and marked `overwrote_own` when that local clock was stamped by this desktop's node (its HLC
// ends in our node id). Only those few rows then read the value they replace from the table itself.
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.ts';
import { TOMBSTONE_COLUMN } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import { effectiveAgeRange, foldName } from '../talent/normalize.ts';
import type { RemoteCell } from './apply.ts';
import { isSyncedTable, q, readSyncedTables } from './tables.ts';

/** The feed keeps this many cells; older ones go, except an overwrite of ours still waiting for the user. */
export const ACTIVITY_CAP = 20_000;
/** Bookkeeping columns: recorded (a created_at marks a new row) but never offered back as "your value". */
const NOT_RESTORABLE = ['created_at', 'updated_at', 'deleted_at', TOMBSTONE_COLUMN];
/** Position of the node id in an HLC (1-based, for substr): `<24-char time>-<4 hex>-<16 hex node>`. */
const NODE_AT = 31;

/**
 * Records a page about to be applied; call inside the apply transaction, before the cells are written. Returns
 * the id the page's rows start after (for finishRemoteActivity). The first pull of a desktop (cursor 0) is the
 * office's whole history, not news: it is not recorded.
 */
export function recordRemoteActivity(
  sqlite: Database.Database,
  cells: readonly RemoteCell[],
  now: number,
): number {
  const state = sqlite.prepare('SELECT hlc, cursor FROM sync_state WHERE id = 1').get() as
    | { hlc: string; cursor: number }
    | undefined;
  const mark = (sqlite.prepare('SELECT coalesce(max(id), 0) AS m FROM sync_activity').get() as { m: number })
    .m;
  if (!state || state.cursor === 0 || cells.length === 0) return mark;
  const node = state.hlc.slice(NODE_AT - 1);
  // Only what the feed shows: a record created elsewhere is one entry (its created_at), not one per column (a bulk
  // import on another desktop would otherwise fill the feed); updated_at and deleted_at say nothing `_deleted`
  // and the edit's own cells do not.
  const created = new Set<string>();
  for (const c of cells) if (c.column === 'created_at') created.add(`${c.table}\u0000${c.rowId}`);
  const shown = cells.filter((c) =>
    c.column === 'created_at' || c.column === TOMBSTONE_COLUMN
      ? true
      : c.column !== 'updated_at' && c.column !== 'deleted_at' && !created.has(`${c.table}\u0000${c.rowId}`),
  );
  if (shown.length === 0) return mark;
  // One statement for the page: the cells travel as one JSON array of arrays (cheaper to build and parse than
  // objects); the local clock is the same max(hlc) over the cell and the row's '*' entry the applier compares.
  const packed = JSON.stringify(
    shown.map((c) => [c.table, c.rowId, c.column, JSON.stringify(c.value), c.hlc, c.deviceId ?? null]),
  );
  sqlite
    .prepare(
      `INSERT INTO sync_activity (tbl, row_id, col, value, hlc, device_id, applied_at, overwrote_own)
       SELECT tbl, row_id, col, value, hlc, dev, @now,
              local IS NOT NULL AND substr(local, ${NODE_AT}) = @node AND col NOT IN (${NOT_RESTORABLE.map(() => '?').join(', ')})
       FROM (SELECT j.value ->> 0 AS tbl, j.value ->> 1 AS row_id, j.value ->> 2 AS col, j.value ->> 3 AS value,
                    j.value ->> 4 AS hlc, j.value ->> 5 AS dev,
                    (SELECT max(k.hlc) FROM sync_clock k
                      WHERE k.tbl = j.value ->> 0 AND k.row_id = j.value ->> 1 AND k.col IN (j.value ->> 2, '*')) AS local
             FROM json_each(@packed) j)
       WHERE local IS NULL OR hlc > local`,
    )
    .run(...NOT_RESTORABLE, { now, node, packed });
  keepOverwrittenValues(sqlite, mark);
  return mark;
}

/**
 * Keeps the value each newly recorded overwrite replaces, read from the table before the page is written: one
 * UPDATE per table and column that has overwrites (set-based, usually one or two). One that was empty, or equal
 * to the new value, is not an overwrite.
 */
function keepOverwrittenValues(sqlite: Database.Database, mark: number): void {
  const pairs = sqlite
    .prepare('SELECT DISTINCT tbl, col FROM sync_activity WHERE id > ? AND overwrote_own = 1')
    .all(mark) as { tbl: string; col: string }[];
  if (pairs.length === 0) return;
  const tables = readSyncedTables(sqlite);
  for (const { tbl, col } of pairs) {
    const t = isSyncedTable(tbl) ? tables.get(tbl) : undefined;
    if (!t?.byName.has(col)) continue; // parked, never written: cleared below
    sqlite
      .prepare(
        `UPDATE sync_activity SET old_value = (SELECT json_quote(x.${q(col)}) FROM ${q(t.name)} x WHERE x.id = sync_activity.row_id)
         WHERE id > ? AND overwrote_own = 1 AND tbl = ? AND col = ?`,
      )
      .run(mark, tbl, col);
  }
  sqlite
    .prepare(
      `UPDATE sync_activity SET overwrote_own = 0, old_value = NULL
       WHERE id > ? AND overwrote_own = 1 AND (old_value IS NULL OR old_value IN ('null', '""') OR old_value = value)`,
    )
    .run(mark);
}

/**
 * After the page was written: forgets recorded cells the applier parked instead of writing (their clock did not
 * move to them), then trims the feed to its cap. Cheap: the clean-up runs only for a page that parked cells.
 */
export function finishRemoteActivity(sqlite: Database.Database, mark: number, parked: number): void {
  if (parked > 0) {
    sqlite
      .prepare(
        `DELETE FROM sync_activity WHERE id > ? AND NOT EXISTS (SELECT 1 FROM sync_clock k
           WHERE k.tbl = sync_activity.tbl AND k.row_id = sync_activity.row_id
             AND k.col IN (sync_activity.col, '*') AND k.hlc = sync_activity.hlc)`,
      )
      .run(mark);
  }
  const top = (sqlite.prepare('SELECT coalesce(max(id), 0) AS m FROM sync_activity').get() as { m: number })
    .m;
  if (top > mark && top > ACTIVITY_CAP) {
    sqlite
      .prepare('DELETE FROM sync_activity WHERE id <= ? AND NOT (overwrote_own = 1 AND resolved = 0)')
      .run(top - ACTIVITY_CAP);
  }
}

// ---------- reading the feed ----------

export interface ActivityFilter {
  /** Only changes of this project and its roles, shortlists, auditions and scripts. */
  projectId?: string;
  /** Only changes made from these devices (a person's devices). */
  deviceIds?: readonly string[];
  /** Only this record (the profile panel's notice). */
  table?: string;
  rowId?: string;
  /** Only overwrites of this desktop's values still waiting for the user. */
  openOverwritesOnly?: boolean;
  limit?: number;
  /** Entries older than this id (the next page). */
  beforeId?: number;
}

export interface ActivityChange {
  id: number;
  column: string;
  value: string | null;
  /** Set when this change replaced a value this desktop wrote and the user has not answered yet. */
  overwritten: { value: string } | null;
}

export interface ActivityEntry {
  /** The newest cell id of the entry (for paging). */
  id: number;
  table: string;
  rowId: string;
  /** What the record is called now (a talent's name, a project's, "talent on role"). */
  label: string | null;
  projectId: string | null;
  deviceId: string | null;
  /** When the change was made (the HLC's wall-clock time), ms since the epoch. */
  at: number;
  kind: 'created' | 'changed' | 'deleted' | 'restored';
  changes: ActivityChange[];
}

const PROJECT_OF = `CASE a.tbl
  WHEN 'project' THEN a.row_id
  WHEN 'role' THEN (SELECT project_id FROM role WHERE id = a.row_id)
  WHEN 'shortlist_entry' THEN (SELECT r.project_id FROM shortlist_entry s JOIN role r ON r.id = s.role_id WHERE s.id = a.row_id)
  WHEN 'audition' THEN (SELECT project_id FROM audition WHERE id = a.row_id)
  WHEN 'script' THEN (SELECT project_id FROM script WHERE id = a.row_id)
  WHEN 'script_note' THEN (SELECT sc.project_id FROM script_note n JOIN script sc ON sc.id = n.script_id WHERE n.id = a.row_id)
END`;

const LABEL_OF = `CASE a.tbl
  WHEN 'talent' THEN (SELECT coalesce(nullif(stage_name, ''), full_name) FROM talent WHERE id = a.row_id)
  WHEN 'project' THEN (SELECT name FROM project WHERE id = a.row_id)
  WHEN 'role' THEN (SELECT name FROM role WHERE id = a.row_id)
  WHEN 'shortlist_entry' THEN (SELECT coalesce(nullif(t.stage_name, ''), t.full_name) || ' on ' || r.name
    FROM shortlist_entry s JOIN talent t ON t.id = s.talent_id JOIN role r ON r.id = s.role_id WHERE s.id = a.row_id)
  WHEN 'audition' THEN (SELECT coalesce(nullif(t.stage_name, ''), t.full_name) || ' · audition'
    FROM audition x JOIN talent t ON t.id = x.talent_id WHERE x.id = a.row_id)
  WHEN 'script' THEN (SELECT coalesce(title, file_name) FROM script WHERE id = a.row_id)
  WHEN 'memory' THEN (SELECT substr(text, 1, 60) FROM memory WHERE id = a.row_id)
END`;

/** The feed, newest first: one entry per remote edit (the cells of one record with one HLC). */
export function listActivity(db: AppDatabase, f: ActivityFilter = {}): ActivityEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.beforeId !== undefined) {
    where.push('a.id < ?');
    args.push(f.beforeId);
  }
  if (f.table !== undefined && f.rowId !== undefined) {
    where.push('a.tbl = ? AND a.row_id = ?');
    args.push(f.table, f.rowId);
  }
  if (f.deviceIds !== undefined) {
    where.push(`a.device_id IN (${f.deviceIds.map(() => '?').join(', ') || 'NULL'})`);
    args.push(...f.deviceIds);
  }
  if (f.openOverwritesOnly) where.push('a.overwrote_own = 1 AND a.resolved = 0');
  const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const projectSql = f.projectId !== undefined ? 'WHERE g.project_id = ?' : '';
  if (f.projectId !== undefined) args.push(f.projectId);
  const limit = Math.min(Math.max(f.limit ?? 100, 1), 500);
  // Edits are grouped first (newest `limit`), then labelled: the label and project look-ups run per entry.
  const rows = db.sqlite
    .prepare(
      `SELECT g.* FROM (
         SELECT max(a.id) AS id, a.tbl, a.row_id, a.hlc, a.device_id, ${PROJECT_OF} AS project_id, ${LABEL_OF} AS label,
                json_group_array(json_array(a.id, a.col, a.value, CASE WHEN a.overwrote_own = 1 AND a.resolved = 0 THEN a.old_value END)) AS cells
         FROM sync_activity a ${filterSql}
         GROUP BY a.tbl, a.row_id, a.hlc, a.device_id) g
       ${projectSql} ORDER BY g.id DESC LIMIT ${limit}`,
    )
    .all(...args) as {
    id: number;
    tbl: string;
    row_id: string;
    hlc: string;
    device_id: string | null;
    project_id: string | null;
    label: string | null;
    cells: string;
  }[];
  return rows.map((r) => {
    const cells = JSON.parse(r.cells) as [number, string, string | null, string | null][];
    const cols = new Map(cells.map(([, col, value]) => [col, value]));
    const kind = cols.has(TOMBSTONE_COLUMN)
      ? cols.get(TOMBSTONE_COLUMN) === 'true'
        ? 'deleted'
        : 'restored'
      : cols.has('created_at')
        ? 'created'
        : 'changed';
    return {
      id: r.id,
      table: r.tbl,
      rowId: r.row_id,
      label: r.label,
      projectId: r.project_id,
      deviceId: r.device_id,
      at: Date.parse(r.hlc.slice(0, 24)),
      kind,
      changes: cells
        .filter(([, col]) => !NOT_RESTORABLE.includes(col))
        .sort((a, b) => a[1].localeCompare(b[1]))
        .map(([id, column, value, old]) => ({
          id,
          column,
          value,
          overwritten: old === null ? null : { value: old },
        })),
    };
  });
}

// ---------- answering an overwrite ----------

/**
 * Restore: writes the overwritten value again as a new local edit (the capture triggers queue it, with a new
 * HLC, so it wins over the remote one everywhere). Keep: the remote value stays. Either way the notice goes.
 */
export function resolveOverwrite(
  db: AppDatabase,
  id: number,
  restore: boolean,
  now = Date.now(),
): { table: string; rowId: string } {
  const sqlite = db.sqlite;
  return sqlite
    .transaction(() => {
      const r = sqlite
        .prepare(
          'SELECT tbl, row_id, col, old_value FROM sync_activity WHERE id = ? AND overwrote_own = 1 AND resolved = 0',
        )
        .get(id) as { tbl: string; row_id: string; col: string; old_value: string } | undefined;
      if (!r) throw new AppError('NOT_FOUND', 'That change was already answered.');
      if (restore) writeBack(sqlite, r.tbl, r.row_id, r.col, r.old_value, now);
      // Every open notice of the same field goes: the user answered for the field, not for one edit of it.
      sqlite
        .prepare(
          'UPDATE sync_activity SET resolved = 1 WHERE tbl = ? AND row_id = ? AND col = ? AND overwrote_own = 1',
        )
        .run(r.tbl, r.row_id, r.col);
      return { table: r.tbl, rowId: r.row_id };
    })
    .immediate();
}

const TALENT_DERIVED_FROM = [
  'full_name',
  'stage_name',
  'playing_age_min',
  'playing_age_max',
  'date_of_birth',
];

function writeBack(
  sqlite: Database.Database,
  table: string,
  rowId: string,
  col: string,
  json: string,
  now: number,
): void {
  const t = isSyncedTable(table) ? readSyncedTables(sqlite).get(table) : undefined;
  if (!t?.byName.has(col)) throw new AppError('NOT_FOUND', 'That field no longer exists on this desktop.');
  const value = JSON.parse(json) as string | number | null;
  const hasUpdated = t.byName.has('updated_at');
  const changed = sqlite
    .prepare(`UPDATE ${q(table)} SET ${q(col)} = ?${hasUpdated ? ', updated_at = ?' : ''} WHERE id = ?`)
    .run(...(hasUpdated ? [value, now, rowId] : [value, rowId]));
  if (changed.changes === 0) throw new AppError('NOT_FOUND', 'That record is no longer on this desktop.');
  // Talent columns derived at write time (see talent/repo.ts): recomputed from the restored row.
  if (table === 'talent' && TALENT_DERIVED_FROM.includes(col)) {
    const row = sqlite
      .prepare(
        'SELECT full_name, stage_name, playing_age_min, playing_age_max, date_of_birth FROM talent WHERE id = ?',
      )
      .get(rowId) as {
      full_name: string;
      stage_name: string | null;
      playing_age_min: number | null;
      playing_age_max: number | null;
      date_of_birth: string | null;
    };
    let ages: { ageFrom: number | null; ageTo: number | null } = { ageFrom: null, ageTo: null };
    try {
      ages = effectiveAgeRange({
        playingAgeMin: row.playing_age_min,
        playingAgeMax: row.playing_age_max,
        dateOfBirth: row.date_of_birth,
      });
    } catch {
      // an unreadable date of birth: no age filter, as when applying
    }
    sqlite
      .prepare('UPDATE talent SET sort_name = ?, age_from = ?, age_to = ? WHERE id = ?')
      .run(foldName(row.stage_name || row.full_name), ages.ageFrom, ages.ageTo, rowId);
  }
}
