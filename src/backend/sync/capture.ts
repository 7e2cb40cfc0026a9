// Capture of local writes into the outbox, enforced in one place: SQLite triggers on every synced table.
//
// Why triggers and not a repository layer: every path that writes (repos, the bulk import worker, headshot
// import, Make roles, undo, Claude's tools, future code) goes through SQLite, so a trigger cannot be bypassed by
// a new code path and always runs in the writer's own transaction; a repository layer would rely on every
// author remembering it. The triggers call `sync_hlc_next` (registered on every connection by store/db.ts).
//
// The triggers exist only while the office has sync on (the `sync.capture` setting): created by enableCapture,
// dropped by disableCapture. A desktop without sync, and its 100k-row import, pays nothing at all.
//
// What is captured: an INSERT is one outbox row (col '*', value = JSON object of the row's synced columns), so a
// bulk import writes one small row per talent instead of ~35; an UPDATE is one outbox row per changed column,
// plus `_deleted` (the protocol's tombstone) when deleted_at goes from null to set or back; a hard DELETE (no
// path does one today) is a `_deleted = true`. Cells applied from the server are not captured (sync_state.applying).
import type Database from 'better-sqlite3';
import { formatHlc, makeHlc } from '../../shared/sync/hlc.ts';
import { TOMBSTONE_COLUMN } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import { lit, q, readSyncedTables, type TableInfo } from './tables.ts';

export const CAPTURE_SETTING = 'sync.capture';
const TRIGGER_PREFIX = 'sync_capture_';
const NODE_PATTERN = /^[0-9a-f]{16}$/;

const WHEN = 'WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0';
const BUMP = 'UPDATE sync_state SET hlc = sync_hlc_next(hlc) WHERE id = 1;';

// Values the server cannot store (docs/SYNC.md): of them, a SQLite value can only hold a NUL character (the driver
// turns lone surrogates into U+FFFD when it binds a string, and a column holds no nesting). The registered function
// sync_json_clean (store/db.ts) normalises the queued JSON; for an update it is called only for a changed value
// that holds a NUL. (The trigger cannot also clean the row itself: an UPDATE inside an insert trigger runs
// before the table's own derived-data triggers and breaks them. The writing desktop keeps the NUL in its copy until
// the field is next written; the server and the other desktops hold the normalised value.)
const NUL = 'char(0)';
const hasNul = (t: TableInfo, prefix: string) =>
  `(${t.columns.map((c) => `instr(${prefix}${q(c.name)}, ${NUL})`).join(' OR ')})`;
/**
 * The JSON object of a row's synced columns, as queued for an insert (or seeded). sync_json_clean returns it as it
 * is unless it holds an escaped NUL: measured, one such call per row costs less than testing every column in SQL.
 */
const rowJson = (t: TableInfo, prefix: string) =>
  `sync_json_clean(json_object(${t.columns.map((c) => `${lit(c.name)}, ${prefix}${q(c.name)}`).join(', ')}))`;
/** Rewrites the row's strings without NULs (only when it holds one): done before queuing existing rows. */
const cleanRow = (t: TableInfo, where: string) =>
  `UPDATE ${q(t.name)} SET ${t.columns.map((c) => `${q(c.name)} = sync_text_clean(${q(c.name)})`).join(', ')} WHERE ${where}`;

function triggerSql(t: TableInfo): { name: string; sql: string }[] {
  const tbl = lit(t.name);
  const changed = t.columns
    .map((c) => {
      const v = `new.${q(c.name)}`;
      const json = `CASE WHEN instr(${v}, ${NUL}) THEN sync_json_clean(json_quote(${v})) ELSE json_quote(${v}) END`;
      return `SELECT ${lit(c.name)} AS col, ${json} AS value WHERE ${v} IS NOT old.${q(c.name)}`;
    })
    .concat(
      `SELECT ${lit(TOMBSTONE_COLUMN)}, CASE WHEN new.deleted_at IS NULL THEN 'false' ELSE 'true' END ` +
        'WHERE (new.deleted_at IS NULL) IS NOT (old.deleted_at IS NULL)',
    )
    .join('\n      UNION ALL ');
  const name = (event: string) => `${TRIGGER_PREFIX}${t.name}_${event}`;
  return [
    {
      name: name('ai'),
      sql: `CREATE TRIGGER ${name('ai')} AFTER INSERT ON ${q(t.name)} ${WHEN} BEGIN
  ${BUMP}
  INSERT INTO sync_outbox(tbl, row_id, col, value, hlc)
    SELECT ${tbl}, new.id, '*', ${rowJson(t, 'new.')}, hlc FROM sync_state WHERE id = 1;
END`,
    },
    {
      name: name('au'),
      sql: `CREATE TRIGGER ${name('au')} AFTER UPDATE ON ${q(t.name)} ${WHEN} BEGIN
  ${BUMP}
  INSERT INTO sync_outbox(tbl, row_id, col, value, hlc)
    SELECT ${tbl}, new.id, c.col, c.value, s.hlc FROM sync_state s, (
      ${changed}
    ) c WHERE s.id = 1;
END`,
    },
    {
      name: name('ad'),
      sql: `CREATE TRIGGER ${name('ad')} AFTER DELETE ON ${q(t.name)} ${WHEN} BEGIN
  ${BUMP}
  INSERT INTO sync_outbox(tbl, row_id, col, value, hlc)
    SELECT ${tbl}, old.id, ${lit(TOMBSTONE_COLUMN)}, 'true', hlc FROM sync_state WHERE id = 1;
END`,
    },
  ];
}

export function isCaptureOn(db: AppDatabase): boolean {
  const r = db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(CAPTURE_SETTING) as
    | { value: string }
    | undefined;
  return r?.value === 'true';
}

function installedTriggers(sqlite: Database.Database): Map<string, string> {
  const rows = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?")
    .all(`${TRIGGER_PREFIX}%`) as { name: string; sql: string }[];
  return new Map(rows.map((r) => [r.name, r.sql]));
}

function wantedTriggers(sqlite: Database.Database): { name: string; sql: string }[] {
  return [...readSyncedTables(sqlite).values()].flatMap(triggerSql);
}

/**
 * Brings the capture triggers in line with the setting and the current columns (a migration that adds a column
 * makes the old triggers miss it). Read-only when nothing differs; call it whenever sync starts.
 */
export function ensureCapture(db: AppDatabase): void {
  const sqlite = db.sqlite;
  const on = isCaptureOn(db);
  const have = installedTriggers(sqlite);
  const want = on ? wantedTriggers(sqlite) : [];
  const same = have.size === want.length && want.every((w) => have.get(w.name) === w.sql);
  if (same) return;
  sqlite
    .transaction(() => {
      for (const name of have.keys()) sqlite.exec(`DROP TRIGGER IF EXISTS ${q(name)}`);
      for (const w of want) sqlite.exec(w.sql);
    })
    .immediate();
}

export interface EnableOptions {
  /** This installation's clock node: 16 lowercase hex chars (kept if the clock already exists). */
  node: string;
  /**
   * Queue every existing row for upload (a desktop that brings its data into the office). Without it, rows
   * written before sync was turned on stay local until edited.
   */
  seedExisting?: boolean;
}

/** Turns capture on: the clock row, the setting and the triggers, in one transaction. */
export function enableCapture(db: AppDatabase, opts: EnableOptions): void {
  if (!NODE_PATTERN.test(opts.node)) throw new Error('The sync node id must be 16 lowercase hex characters');
  const sqlite = db.sqlite;
  sqlite
    .transaction(() => {
      sqlite
        .prepare('INSERT OR IGNORE INTO sync_state (id, hlc, cursor, applying) VALUES (1, ?, 0, 0)')
        .run(formatHlc(makeHlc(0, 0, opts.node)));
      sqlite
        .prepare(
          "INSERT INTO setting (key, value, updated_at) VALUES (?, 'true', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .run(CAPTURE_SETTING, Date.now());
      // Before the triggers: rows about to be queued hold what their copies on other desktops will hold.
      if (opts.seedExisting) cleanAllRows(sqlite);
      ensureCapture(db);
      if (opts.seedExisting) seedOutbox(sqlite);
    })
    .immediate();
}

/** Turns capture off (the outbox keeps whatever it holds until pushed). */
export function disableCapture(db: AppDatabase): void {
  const sqlite = db.sqlite;
  sqlite
    .transaction(() => {
      sqlite
        .prepare("UPDATE setting SET value = 'false', updated_at = ? WHERE key = ?")
        .run(Date.now(), CAPTURE_SETTING);
      ensureCapture(db);
    })
    .immediate();
}

/** Removes NULs from every synced row that holds one (what capture would otherwise queue cleaned). */
function cleanAllRows(sqlite: Database.Database): void {
  for (const t of readSyncedTables(sqlite).values()) sqlite.exec(cleanRow(t, hasNul(t, '')));
}

/** One '*' outbox row per existing row, set-based, each with its own fresh timestamp from the clock. */
function seedOutbox(sqlite: Database.Database): void {
  for (const t of readSyncedTables(sqlite).values()) {
    const ids = sqlite.prepare(`SELECT id, ${rowJson(t, '')} AS v FROM ${q(t.name)} ORDER BY rowid`);
    const bump = sqlite.prepare(`${BUMP.slice(0, -1)} RETURNING hlc`);
    const put = sqlite.prepare(
      "INSERT INTO sync_outbox (tbl, row_id, col, value, hlc) VALUES (?, ?, '*', ?, ?)",
    );
    for (const r of ids.all() as { id: string; v: string }[]) {
      const { hlc } = bump.get() as { hlc: string };
      put.run(t.name, r.id, r.v, hlc);
    }
  }
}

/** How many outbox entries wait for the server (a '*' entry counts once). */
export function outboxSize(db: AppDatabase): number {
  return (db.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
}
