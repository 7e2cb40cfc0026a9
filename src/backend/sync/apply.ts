// Applying a page of pulled cells: last-writer-wins by HLC against the local clock of each cell, in one
// transaction together with the new cursor and the merged clock. Applied cells are not captured again
// (sync_state.applying); the talent triggers rebuild the derived tables (FTS, talent_filter, lookups) of every
// touched row inside the same transaction, and the talent columns derived at write time are recomputed here.
// Built for an initial sync of ~3.3M cells (docs/SYNC.md, "Pull throughput"): clocks and rows are read per table
// and page, a row is one statement, a row arriving whole gets one '*' clock, and a page of new talent indexes
// them set-based (BulkTalentInsert).
import type Database from 'better-sqlite3';
import { formatHlc, HlcError, hlcMillis, hlcReceive, parseHlc } from '../../shared/sync/hlc.ts';
import { type JsonValue, TOMBSTONE_COLUMN } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import { BulkTalentInsert } from '../talent/derived.ts';
import { effectiveAgeRange, foldName } from '../talent/normalize.ts';
import { finishRemoteActivity, recordRemoteActivity } from './activity.ts';
import { isSyncedTable, q, readSyncedTables, type SyncedTable, type TableInfo } from './tables.ts';

export interface RemoteCell {
  table: string;
  rowId: string;
  column: string;
  value: JsonValue;
  hlc: string;
  deviceId?: string;
}

export interface ApplyResult {
  /** Cells that won and were written. */
  applied: number;
  /** Cells older than (or equal to) what this desktop already holds. */
  stale: number;
  /** Cells kept in sync_parked (unknown table/column, or refused by the local schema). */
  parked: number;
  /** Rows written, by table (for change events). */
  touched: Map<SyncedTable, Set<string>>;
}

type SqlValue = string | number | null;

function toSql(v: JsonValue): SqlValue {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return JSON.stringify(v);
}

function placeholder(type: string): SqlValue {
  return type.includes('INT') || type.includes('REAL') ? 0 : '';
}

function ageRange(row: Record<string, unknown>): { ageFrom: number | null; ageTo: number | null } {
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  try {
    return effectiveAgeRange({
      playingAgeMin: num(row.playing_age_min),
      playingAgeMax: num(row.playing_age_max),
      dateOfBirth: typeof row.date_of_birth === 'string' ? row.date_of_birth : null,
    });
  } catch {
    return { ageFrom: null, ageTo: null }; // an unreadable date of birth from another desktop: no age filter
  }
}

/** The columns talent/repo.ts derives when it writes a row, recomputed from the merged row. */
function deriveTalent(row: Record<string, unknown>): void {
  const name =
    typeof row.stage_name === 'string' && row.stage_name ? row.stage_name : String(row.full_name ?? '');
  row.sort_name = foldName(name);
  const { ageFrom, ageTo } = ageRange(row);
  row.age_from = ageFrom;
  row.age_to = ageTo;
}

/** New talent rows in one page from which their search index is built set-based (BulkTalentInsert). */
const BULK_MIN_ROWS = 200;

/** A row's local clocks: its cells' HLCs by column, '*' for the row's insert (covering every column). */
type RowClocks = Map<string, string>;

class PageApplier {
  private readonly setClock: Database.Statement;
  private readonly park: Database.Statement;
  private readonly tables: Map<SyncedTable, TableInfo>;
  private readonly db: AppDatabase;
  private readonly sqlite: Database.Database;
  /** Row writes, by their SQL: a page's rows mostly share one shape, so each is prepared once a page. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(db: AppDatabase) {
    this.db = db;
    this.sqlite = db.sqlite;
    const sqlite = db.sqlite;
    this.tables = readSyncedTables(sqlite);
    this.setClock = sqlite.prepare(
      'INSERT OR REPLACE INTO sync_clock (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?)',
    );
    // Parked cells merge last-writer-wins too, so a newer version of an unknown cell replaces the older one.
    this.park = sqlite.prepare(
      `INSERT INTO sync_parked (tbl, row_id, col, value, hlc, device_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(tbl, row_id, col) DO UPDATE SET value = excluded.value, hlc = excluded.hlc,
         device_id = excluded.device_id, reason = excluded.reason WHERE excluded.hlc > sync_parked.hlc`,
    );
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.sqlite.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private parkCell(c: RemoteCell, reason: string): void {
    this.park.run(c.table, c.rowId, c.column, JSON.stringify(c.value), c.hlc, c.deviceId ?? null, reason);
  }

  apply(cells: readonly RemoteCell[], result: ApplyResult): void {
    // Grouped by table, then row (in page order): the local clocks and rows are read once per table, set-based.
    const byTable = new Map<SyncedTable, Map<string, RemoteCell[]>>();
    for (const c of cells) {
      const table = isSyncedTable(c.table) ? this.tables.get(c.table) : undefined;
      if (!table) {
        this.parkCell(c, 'unknown table');
        result.parked++;
        continue;
      }
      if (c.column !== TOMBSTONE_COLUMN && !table.byName.has(c.column)) {
        this.parkCell(c, 'unknown column');
        result.parked++;
        continue;
      }
      let rows = byTable.get(table.name);
      if (!rows) {
        rows = new Map();
        byTable.set(table.name, rows);
      }
      const r = rows.get(c.rowId);
      if (r) r.push(c);
      else rows.set(c.rowId, [c]);
    }
    for (const [name, rows] of byTable) this.applyTable(this.tables.get(name)!, rows, result);
  }

  private applyTable(t: TableInfo, rows: Map<string, RemoteCell[]>, result: ApplyResult): void {
    const ids = JSON.stringify([...rows.keys()]);
    const clocks = new Map<string, RowClocks>();
    for (const k of this.sqlite
      .prepare(
        'SELECT row_id, col, hlc FROM sync_clock WHERE tbl = ? AND row_id IN (SELECT value FROM json_each(?))',
      )
      .all(t.name, ids) as { row_id: string; col: string; hlc: string }[]) {
      const m = clocks.get(k.row_id);
      if (m) m.set(k.col, k.hlc);
      else clocks.set(k.row_id, new Map([[k.col, k.hlc]]));
    }
    // Shortlist entries are read row by row: settling a twin (applyRow) writes another row of the page.
    const current =
      t.name === 'shortlist_entry'
        ? null
        : new Map(
            (
              this.sqlite
                .prepare(`SELECT * FROM ${q(t.name)} WHERE id IN (SELECT value FROM json_each(?))`)
                .all(ids) as Record<string, unknown>[]
            ).map((r) => [r.id as string, r]),
          );
    // A page of new talent (an initial sync) builds their search index set-based after the rows, as the import
    // does, instead of row by row in the insert trigger; in this transaction all the same.
    const fresh = current ? rows.size - current.size : 0;
    const bulk = t.name === 'talent' && fresh >= BULK_MIN_ROWS ? new BulkTalentInsert(this.db, fresh) : null;
    for (const [rowId, cells] of rows) {
      const local = clocks.get(rowId);
      const winners = local ? newerThan(cells, local) : latestPerColumn(cells);
      result.stale += cells.length - winners.length;
      if (winners.length === 0) continue;
      const row = current
        ? current.get(rowId)
        : (this.statement(`SELECT * FROM ${q(t.name)} WHERE id = ?`).get(rowId) as
            | Record<string, unknown>
            | undefined);
      this.applyRow(t, rowId, winners, row, local === undefined && row === undefined, result);
    }
    bulk?.finish();
  }

  private applyRow(
    t: TableInfo,
    rowId: string,
    cells: RemoteCell[],
    current: Record<string, unknown> | undefined,
    /** Neither the row nor any clock of it exists here yet. */
    unseen: boolean,
    result: ApplyResult,
  ): void {
    const row: Record<string, unknown> = current ? { ...current } : { id: rowId };
    if (!current) {
      for (const c of t.columns) if (c.notNull && !c.hasDefault) row[c.name] = placeholder(c.type);
    }
    // The tombstone first, so that a deleted_at cell of the same edit (same HLC) sets the exact time.
    const ordered = [...cells].sort(
      (a, b) => Number(b.column === TOMBSTONE_COLUMN) - Number(a.column === TOMBSTONE_COLUMN),
    );
    for (const c of ordered) {
      if (c.column === TOMBSTONE_COLUMN) {
        row.deleted_at = c.value === true ? (row.deleted_at ?? hlcMillis(c.hlc)) : null;
      } else row[c.column] = toSql(c.value);
    }
    if (t.name === 'talent') deriveTalent(row);
    // One statement needs no savepoint (SQLite undoes a failed statement whole); the rare refused row is retried
    // below with one, to settle a shortlist twin or to park its cells.
    let written: boolean;
    try {
      this.writeRow(t, rowId, row, current !== undefined);
      written = true;
    } catch {
      written = false;
    }
    if (!written && !this.writeRefused(t, rowId, row, current !== undefined, cells, result)) return;
    this.stampClocks(t, rowId, cells, unseen);
    result.applied += cells.length;
    const set = result.touched.get(t.name);
    if (set) set.add(rowId);
    else result.touched.set(t.name, new Set([rowId]));
  }

  /**
   * The clocks of the written cells. A row this desktop had never seen, arriving whole (every column, one HLC: a
   * row inserted elsewhere), gets one '*' entry, as the inserting desktop keeps it, instead of one per column.
   */
  private stampClocks(t: TableInfo, rowId: string, cells: RemoteCell[], unseen: boolean): void {
    const hlc = cells[0]!.hlc;
    const whole =
      unseen &&
      cells.every((c) => c.hlc === hlc) &&
      cells.length - Number(cells.some((c) => c.column === TOMBSTONE_COLUMN)) === t.columns.length;
    if (whole) this.setClock.run(t.name, rowId, '*', hlc);
    else for (const c of cells) this.setClock.run(t.name, rowId, c.column, c.hlc);
  }

  /** A write the local schema refused once: false (cells parked) unless it is a shortlist twin, settled here. */
  private writeRefused(
    t: TableInfo,
    rowId: string,
    row: Record<string, unknown>,
    exists: boolean,
    cells: RemoteCell[],
    result: ApplyResult,
  ): boolean {
    this.sqlite.exec('SAVEPOINT sync_row');
    try {
      let tombstoned = false;
      try {
        this.writeRow(t, rowId, row, exists);
      } catch (e) {
        const other = t.name === 'shortlist_entry' && isUnique(e) ? this.liveTwin(rowId, row) : undefined;
        if (!other) throw e;
        // The same talent shortlisted for the same role on two desktops, offline: every desktop keeps the entry
        // with the smaller id and tombstones the other, as a local change it pushes, so all of them agree.
        const now = Date.now();
        if (other < rowId) {
          row.deleted_at = now;
          tombstoned = true;
        } else {
          this.sqlite.prepare('UPDATE shortlist_entry SET deleted_at = ? WHERE id = ?').run(now, other);
          this.captureTombstone(t.name, other, now);
        }
        this.writeRow(t, rowId, row, exists);
      }
      if (tombstoned) this.captureTombstone(t.name, rowId, row.deleted_at as number);
      this.sqlite.exec('RELEASE sync_row');
      return true;
    } catch (e) {
      // A row the local schema refuses (a type it cannot hold, a unique value taken by another row): nothing of
      // it is written, and its cells are kept with the reason instead of being lost.
      this.sqlite.exec('ROLLBACK TO sync_row; RELEASE sync_row');
      for (const c of cells) this.parkCell(c, `refused locally: ${(e as Error).message}`);
      result.parked += cells.length;
      return false;
    }
  }

  private writeRow(t: TableInfo, rowId: string, row: Record<string, unknown>, exists: boolean): void {
    const names = Object.keys(row).filter((n) => n !== 'id');
    const values = names.map((n) => row[n] as SqlValue);
    if (exists) {
      this.statement(
        `UPDATE ${q(t.name)} SET ${names.map((n) => `${q(n)} = ?`).join(', ')} WHERE id = ?`,
      ).run(...values, rowId);
    } else {
      this.statement(
        `INSERT INTO ${q(t.name)} (id, ${names.map(q).join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})`,
      ).run(rowId, ...values);
    }
  }

  /** Another live shortlist entry for the same role and talent. */
  private liveTwin(rowId: string, row: Record<string, unknown>): string | undefined {
    if (row.deleted_at != null) return undefined;
    const r = this.sqlite
      .prepare(
        'SELECT id FROM shortlist_entry WHERE role_id = ? AND talent_id = ? AND deleted_at IS NULL AND id <> ?',
      )
      .get(row.role_id, row.talent_id, rowId) as { id: string } | undefined;
    return r?.id;
  }

  /** Queues a delete this desktop makes while applying (when capture is suspended), with a fresh local HLC. */
  private captureTombstone(table: string, rowId: string, deletedAt: number): void {
    const { hlc } = this.sqlite
      .prepare('UPDATE sync_state SET hlc = sync_hlc_next(hlc) WHERE id = 1 RETURNING hlc')
      .get() as { hlc: string };
    const put = this.sqlite.prepare(
      'INSERT INTO sync_outbox (tbl, row_id, col, value, hlc) VALUES (?, ?, ?, ?, ?)',
    );
    put.run(table, rowId, 'deleted_at', JSON.stringify(deletedAt), hlc);
    put.run(table, rowId, TOMBSTONE_COLUMN, 'true', hlc);
  }
}

/** One cell per column, the newest (a page holds each cell once; this keeps a repeated one last-writer-wins). */
function latestPerColumn(cells: RemoteCell[]): RemoteCell[] {
  if (cells.length < 2) return cells;
  const best = new Map<string, RemoteCell>();
  for (const c of cells) {
    const prev = best.get(c.column);
    if (!prev || c.hlc > prev.hlc) best.set(c.column, c);
  }
  return best.size === cells.length ? cells : [...best.values()];
}

/** The cells newer than the local clock: the cell's own, or the row's '*' when newer (or the cell has none). */
function newerThan(cells: RemoteCell[], local: RowClocks): RemoteCell[] {
  const star = local.get('*');
  return latestPerColumn(
    cells.filter((c) => {
      const own = local.get(c.column);
      const at = own === undefined || (star !== undefined && star > own) ? star : own;
      return at === undefined || c.hlc > at;
    }),
  );
}

function isUnique(e: unknown): boolean {
  return (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export interface ApplyOptions {
  /**
   * A page of a pull that began at cursor 0 (a desktop's first sync): every page of it, not only the first, is the
   * office's history, so the activity feed does not record it (recording 100k rows' cells costs more than applying).
   */
  firstPull?: boolean;
}

/**
 * Applies one pulled page and stores `cursor`, all or nothing. Throws HlcError('clock_drift') before writing
 * anything when a cell is stamped too far ahead of this computer's clock.
 */
export function applyPage(
  db: AppDatabase,
  cells: readonly RemoteCell[],
  cursor: number,
  now = Date.now(),
  options: ApplyOptions = {},
): ApplyResult {
  const sqlite = db.sqlite;
  const state = sqlite.prepare('SELECT hlc FROM sync_state WHERE id = 1').get() as
    | { hlc: string }
    | undefined;
  if (!state) throw new HlcError('hlc_invalid', 'Sync is not set up on this desktop (no clock)');
  // Receiving the page's newest HLC is enough: the clock ends after every pulled cell (HLC strings sort as time),
  // and one drift check of the newest covers them all.
  let newest: string | undefined;
  for (const c of cells) if (newest === undefined || c.hlc > newest) newest = c.hlc;
  let clock = parseHlc(state.hlc);
  if (newest !== undefined) clock = hlcReceive(clock, parseHlc(newest), now);
  const result: ApplyResult = { applied: 0, stale: 0, parked: 0, touched: new Map() };
  // Rows may arrive before the rows they reference (a role before its project, on a later page): foreign keys
  // are checked again once the referenced rows have arrived, not per page. The pragma cannot change inside a
  // transaction, and nothing else runs on this connection until this synchronous block ends.
  const fk = sqlite.pragma('foreign_keys', { simple: true }) as number;
  if (fk) sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite
      .transaction(() => {
        // The merged clock first: a tombstone this desktop stamps while applying sorts after every pulled cell.
        sqlite.prepare('UPDATE sync_state SET applying = 1, hlc = ? WHERE id = 1').run(formatHlc(clock));
        // The feed, before the cells overwrite anything; not for a first pull: the office's history is not news.
        const mark = options.firstPull ? null : recordRemoteActivity(sqlite, cells, now);
        new PageApplier(db).apply(cells, result);
        if (mark !== null) finishRemoteActivity(sqlite, mark, result.parked);
        sqlite.prepare('UPDATE sync_state SET applying = 0, cursor = ? WHERE id = 1').run(cursor);
      })
      .immediate();
  } finally {
    if (fk) sqlite.pragma('foreign_keys = ON');
  }
  return result;
}

export function storedCursor(db: AppDatabase): number {
  const r = db.sqlite.prepare('SELECT cursor FROM sync_state WHERE id = 1').get() as
    | { cursor: number }
    | undefined;
  return r?.cursor ?? 0;
}
