// Which local tables and columns sync (docs/SYNC.md). Chat conversations and messages stay on the desktop where
// they were held; derived tables (FTS, talent_filter, talent_language/skill/tag) are rebuilt locally by the
// talent triggers and never leave it; media_blob rows travel with the blobs themselves (not this module).
import type Database from 'better-sqlite3';

export const SYNCED_TABLES = [
  'talent',
  'project',
  'role',
  'shortlist_entry',
  'headshot',
  'script',
  'script_note',
  'memory',
  'audition',
] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

/**
 * Columns computed from other columns when a row is written (see talent/repo.ts): syncing them would let two
 * edits of different source columns leave a derived value that matches neither, so each desktop recomputes
 * them when it applies pulled cells.
 */
export const DERIVED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  talent: ['sort_name', 'age_from', 'age_to'],
};

export interface ColumnInfo {
  name: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

export interface TableInfo {
  name: SyncedTable;
  /** Every column that syncs (the primary key `id` excluded: it is the cell's rowId). */
  columns: ColumnInfo[];
  /** The same, by name. */
  byName: Map<string, ColumnInfo>;
}

export function isSyncedTable(name: string): name is SyncedTable {
  return (SYNCED_TABLES as readonly string[]).includes(name);
}

/** The synced columns of every synced table, read from the database itself so a new column syncs as well. */
export function readSyncedTables(sqlite: Database.Database): Map<SyncedTable, TableInfo> {
  const out = new Map<SyncedTable, TableInfo>();
  for (const name of SYNCED_TABLES) {
    const derived = DERIVED_COLUMNS[name] ?? [];
    const cols = (
      sqlite
        .prepare('SELECT name, type, "notnull" AS nn, dflt_value AS d FROM pragma_table_info(?)')
        .all(name) as {
        name: string;
        type: string;
        nn: number;
        d: string | null;
      }[]
    )
      .filter((c) => c.name !== 'id' && !derived.includes(c.name))
      .map((c) => ({
        name: c.name,
        type: c.type.toUpperCase(),
        notNull: c.nn === 1,
        hasDefault: c.d !== null,
      }));
    if (cols.length === 0) throw new Error(`Synced table ${name} is missing from the database`);
    out.set(name, { name, columns: cols, byName: new Map(cols.map((c) => [c.name, c])) });
  }
  return out;
}

/** SQL identifiers here come from pragma_table_info of our own schema; quoting guards against odd names anyway. */
export const q = (ident: string): string => `"${ident.replace(/"/g, '""')}"`;
/** A SQL string literal. */
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
