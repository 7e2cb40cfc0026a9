import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { formatHlc, parseHlc } from '../../shared/sync/hlc.ts';
import type { AppDatabase } from '../store/db.ts';

// Set-based twins of the talent_ai trigger (drizzle/0007_duplicates_aliases.sql, first in 0001), used by
// BulkTalentInsert and rebuildTalentIndexes. Keep both in step. Languages are read with jsonb_each and ->>:
// json_each hands each {language, fluency} object back as text that json_extract parses again; as JSONB it
// is read in place (same values; the FTS and talent_language derive of 100k rows took ~11% less, measured).
const FTS_SQL = `INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
    rowid, full_name || ' ' || coalesce(native_name, '') || ' ' || coalesce(aliases, ''), coalesce(stage_name, ''),
    (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(skills)),
    (SELECT coalesce(group_concat(value ->> '$.language', ' '), '') FROM jsonb_each(languages)),
    coalesce(city, '') || ' ' || coalesce(home_state, ''),
    (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(tags)),
    coalesce(notes, '') || ' ' || coalesce(agency, '') || ' ' || coalesce(union_name, '')
   FROM talent WHERE rowid > @from AND deleted_at IS NULL`;
/** The derived tables' entries, added per chunk by BulkTalentInsert; FTS entries are batched apart. */
const TABLE_DERIVE_SQL = [
  `INSERT INTO talent_filter(talent_rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at)
   SELECT rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at
   FROM talent WHERE rowid > @from AND deleted_at IS NULL`,
  `INSERT OR IGNORE INTO talent_language(talent_rowid, language, fluency)
   SELECT t.rowid, j.value ->> '$.language', j.value ->> '$.fluency'
   FROM talent t, jsonb_each(t.languages) j WHERE t.rowid > @from AND t.deleted_at IS NULL`,
  `INSERT OR IGNORE INTO talent_skill(talent_rowid, skill)
   SELECT t.rowid, j.value FROM talent t, json_each(t.skills) j WHERE t.rowid > @from AND t.deleted_at IS NULL`,
  `INSERT OR IGNORE INTO talent_tag(talent_rowid, tag)
   SELECT t.rowid, j.value FROM talent t, json_each(t.tags) j WHERE t.rowid > @from AND t.deleted_at IS NULL`,
];

// FTS5 flushes its in-memory index to a new segment whenever pending data passes `hashsize` (1 MB by
// default), and merges segments as they pile up. A bulk import raises it so that the whole batch becomes
// one segment at commit: ~35% less FTS time on 100k rows.
const BULK_FTS_HASHSIZE = 64 * 1024 * 1024;
const DEFAULT_FTS_HASHSIZE = 1024 * 1024;
// But FTS5 also flushes at every statement savepoint (fts5SavepointMethod), and every multi-row INSERT
// opens one, its own included: derived per chunk, each 5,000-row chunk became a segment to write and merge.
// So FTS entries are derived every FTS_EVERY_ROWS rows instead: 7% less writing time on 100k rows.
const FTS_EVERY_ROWS = 20_000;
// Sooner when the writer would otherwise wait for its next rows (an import writing while another thread checks
// them): the FTS entries it derives then cost no time, and fewer are left for the end, when nothing else runs.
const FTS_WHEN_IDLE_ROWS = 5000;
// An import writes its rows in chunks of 1,000 (import/chunks.ts CHUNK_ROWS) but derives the other tables'
// entries every DERIVE_EVERY_ROWS rows (see added()): five statements per 1,000 rows cost more than per 5,000.
const DERIVE_EVERY_ROWS = 5000;

// Sync capture of a bulk insert. With sync on, the capture trigger of talent inserts
// (`sync_capture_talent_ai`, src/backend/sync/capture.ts) queues one outbox entry per row: per row an update of
// the clock row, two registered-function calls (sync_hlc_next, and sync_json_clean, which copies the row's ~1 KB
// of JSON into JavaScript and back) and the trigger's own overhead. The bulk path lifts it like talent_ai and
// queues the same entries set-based, one INSERT … SELECT per batch, in the same transaction: no write of talent
// goes uncaptured. What remains (profiled on 100k rows) is writing the outbox and sync_clock themselves. The row's JSON is the trigger's own expression (taken
// from its SQL), so both write the same value; tests/sync/capture-bulk.test.ts checks they agree.
const CAPTURE_TRIGGER = 'sync_capture_talent_ai';
const CAPTURE_VALUE = /'\*', sync_json_clean\((json_object\(.*\))\), hlc FROM sync_state WHERE id = 1;/s;
const COUNTER_SPAN = 0x10000;

class BulkCapture {
  private readonly sqlite: Database.Database;
  private readonly trigger: string;
  private readonly put: Statement;

  /** Lifts the capture trigger (if sync is on and its shape is known; otherwise it stays and fires per row). */
  static lift(sqlite: Database.Database): BulkCapture | null {
    const t = sqlite
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
      .get(CAPTURE_TRIGGER) as { sql: string } | undefined;
    const value = t ? CAPTURE_VALUE.exec(t.sql)?.[1] : undefined;
    if (!t || !value) return null;
    return new BulkCapture(sqlite, t.sql, value);
  }

  private constructor(sqlite: Database.Database, trigger: string, value: string) {
    this.sqlite = sqlite;
    this.trigger = trigger;
    // `new` names the row as in the trigger. sync_json_clean (store/db.ts) is called only for a row holding a NUL,
    // found by one instr over its columns: calling it for every row copies each row's JSON into JavaScript and
    // back, which was half the cost of this statement (measured). Timestamps follow hlcSend row by row: the
    // counter counts up from the clock by rowid and spills into the next millisecond (100k rows move the clock
    // ~2 ms ahead; no overflow). Numbers are bound as BigInt: integers, for the integer arithmetic.
    const cols = [...value.matchAll(/new\."[a-z][a-z0-9_]*"/g)].map((m) => m[0]);
    const json = `CASE WHEN instr(concat(${cols.join(', ')}), char(0)) THEN sync_json_clean(${value}) ELSE ${value} END`;
    const k = '(new.rowid - @from - 1 + @c0)';
    this.put = sqlite.prepare(`INSERT INTO sync_outbox (tbl, row_id, col, value, hlc)
      SELECT 'talent', new.id, '*', ${json},
        json_extract(@prefixes, '$[' || (${k} / ${COUNTER_SPAN}) || ']') || '-' ||
        printf('%04x', ${k} % ${COUNTER_SPAN}) || '-' || @node
      FROM talent AS new WHERE new.rowid > @from ORDER BY new.rowid`);
    sqlite.exec(`DROP TRIGGER ${CAPTURE_TRIGGER}`);
  }

  /** Queues the talent rows inserted after rowid `from`, each with its own timestamp, and advances the clock. */
  queue(from: number): void {
    const { sqlite } = this;
    const top = (
      sqlite.prepare('SELECT max(rowid) AS m FROM talent WHERE rowid > ?').get(from) as { m: number | null }
    ).m;
    const state = sqlite.prepare('SELECT hlc, applying FROM sync_state WHERE id = 1').get() as
      | { hlc: string; applying: number }
      | undefined;
    if (top === null || !state || state.applying !== 0) return; // the trigger's WHEN: applied rows are not captured
    const last = parseHlc(state.hlc);
    const now = Date.now();
    const millis = Math.max(now, last.millis);
    const c0 = now > last.millis ? 0 : last.counter + 1;
    const end = c0 + (top - from - 1); // the last row's counter, counted from `millis`
    const prefixes: string[] = [];
    for (let b = 0; b <= Math.floor(end / COUNTER_SPAN); b++)
      prefixes.push(new Date(millis + b).toISOString());
    this.put.run({ prefixes: JSON.stringify(prefixes), c0: BigInt(c0), node: last.node, from: BigInt(from) });
    const next = {
      millis: millis + Math.floor(end / COUNTER_SPAN),
      counter: end % COUNTER_SPAN,
      node: last.node,
    };
    sqlite.prepare('UPDATE sync_state SET hlc = ? WHERE id = 1').run(formatHlc(next));
  }

  restore(): void {
    this.sqlite.exec(this.trigger);
  }
}

/**
 * A bulk insert of talent rows with the per-row talent trigger lifted: insert a batch of rows, call
 * derive() to add their index entries set-based, repeat, then finish(). About three times faster than
 * firing the trigger per row. Only inside a transaction: the DDL here is rolled back with it on failure.
 */
export class BulkTalentInsert {
  private readonly db: AppDatabase;
  private readonly trigger: string;
  private readonly indexes: { name: string; sql: string }[];
  private readonly hashsize: number;
  private readonly derivers: Statement[];
  private readonly ftsDeriver: Statement;
  /** Sync capture of the inserts, set-based, when sync is on (else null: nothing to capture). */
  private readonly capture: BulkCapture | null;
  private from: number;
  /** Rows after this rowid have no FTS entries yet. */
  private ftsFrom: number;
  private readonly ftsEveryRows: number;
  private readonly ftsWhenIdleRows: number;
  private readonly deriveEveryRows: number;
  /** Rows inserted (as told by added()) since the last derive. */
  private underived = 0;

  constructor(
    db: AppDatabase,
    expectedRows: number,
    opts: { ftsEveryRows?: number; ftsWhenIdleRows?: number; deriveEveryRows?: number } = {},
  ) {
    this.db = db;
    this.ftsEveryRows = opts.ftsEveryRows ?? FTS_EVERY_ROWS;
    this.ftsWhenIdleRows = opts.ftsWhenIdleRows ?? FTS_WHEN_IDLE_ROWS;
    this.deriveEveryRows = opts.deriveEveryRows ?? DERIVE_EVERY_ROWS;
    const sqlite = db.sqlite;
    if (!sqlite.inTransaction) throw new Error('BulkTalentInsert must run inside a transaction');
    const trigger = sqlite
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'talent_ai'")
      .get() as { sql: string } | undefined;
    if (!trigger) throw new Error('talent_ai trigger missing: the database schema is damaged');
    this.trigger = trigger.sql;
    this.from = this.maxRowid();
    this.ftsFrom = this.from;
    // When the batch is at least as big as the table, building the secondary indexes afresh (one sort each)
    // beats inserting every key into each of them at random.
    const existing = (sqlite.prepare('SELECT count(*) AS n FROM talent').get() as { n: number }).n;
    this.indexes =
      expectedRows >= Math.max(20_000, existing)
        ? (sqlite
            .prepare(
              "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('talent', 'talent_filter') AND sql IS NOT NULL",
            )
            .all() as { name: string; sql: string }[])
        : [];
    const hashsize = sqlite.prepare("SELECT v FROM talent_fts_config WHERE k = 'hashsize'").get() as
      | { v: number }
      | undefined;
    this.hashsize = hashsize?.v ?? DEFAULT_FTS_HASHSIZE;
    for (const i of this.indexes) sqlite.exec(`DROP INDEX "${i.name.replace(/"/g, '')}"`);
    sqlite.exec('DROP TRIGGER talent_ai');
    this.capture = BulkCapture.lift(sqlite);
    // FTS5 takes config values as literal integers only (a bound JS number arrives as a REAL).
    sqlite.exec(`INSERT INTO talent_fts(talent_fts, rank) VALUES ('hashsize', ${BULK_FTS_HASHSIZE})`);
    this.derivers = TABLE_DERIVE_SQL.map((sql) => sqlite.prepare(sql));
    this.ftsDeriver = sqlite.prepare(FTS_SQL);
  }

  private maxRowid(): number {
    return (this.db.sqlite.prepare('SELECT coalesce(max(rowid), 0) AS m FROM talent').get() as { m: number })
      .m;
  }

  /** Told that `rows` more talent rows were inserted: derives their entries once enough wait (DERIVE_EVERY_ROWS). */
  added(rows: number): void {
    this.underived += rows;
    if (this.underived >= this.deriveEveryRows) this.derive();
  }

  /** Adds the index entries of the talent rows inserted since the last call (FTS: see FTS_EVERY_ROWS). */
  derive(last = false): void {
    this.underived = 0;
    this.capture?.queue(this.from);
    for (const d of this.derivers) d.run({ from: this.from });
    this.from = this.maxRowid();
    if (last || this.from - this.ftsFrom >= this.ftsEveryRows) this.deriveFts();
  }

  /** The FTS entries of the rows derived so far that have none yet. */
  private deriveFts(): void {
    this.ftsDeriver.run({ from: this.ftsFrom });
    this.ftsFrom = this.from;
  }

  /**
   * For time the caller would spend waiting: derives the rows added since the last derive, and adds the FTS
   * entries of the rows derived so far if enough wait.
   */
  idle(): void {
    if (this.underived > 0) this.derive();
    if (this.from - this.ftsFrom >= this.ftsWhenIdleRows) this.deriveFts();
  }

  /** Derives what is left and puts the trigger, the indexes and the FTS setting back. */
  finish(): void {
    this.derive(true);
    const sqlite = this.db.sqlite;
    sqlite.exec(this.trigger);
    this.capture?.restore();
    for (const i of this.indexes) sqlite.exec(i.sql);
    sqlite.exec(`INSERT INTO talent_fts(talent_fts, rank) VALUES ('hashsize', ${Math.trunc(this.hashsize)})`);
  }
}

/** Rebuilds every derived talent index from the talent table (repair, or after a VACUUM renumbered rowids). */
export function rebuildTalentIndexes(db: AppDatabase): void {
  db.sqlite.transaction(() => {
    db.sqlite.exec(
      "INSERT INTO talent_fts(talent_fts) VALUES ('delete-all'); DELETE FROM talent_language; DELETE FROM talent_skill; DELETE FROM talent_tag; DELETE FROM talent_filter;",
    );
    for (const sql of [...TABLE_DERIVE_SQL, FTS_SQL]) db.sqlite.prepare(sql).run({ from: 0 });
  })();
}
