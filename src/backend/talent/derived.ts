import type { Statement } from 'better-sqlite3';
import type { AppDatabase } from '../store/db.ts';

// Set-based twins of the talent_ai trigger (drizzle/0007_duplicates_aliases.sql, first in 0001), used by
// BulkTalentInsert and rebuildTalentIndexes. Keep both in step.
const DERIVE_SQL = [
  `INSERT INTO talent_filter(talent_rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at)
   SELECT rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at
   FROM talent WHERE rowid > @from AND deleted_at IS NULL`,
  `INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
    rowid, full_name || ' ' || coalesce(native_name, '') || ' ' || coalesce(aliases, ''), coalesce(stage_name, ''),
    (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(skills)),
    (SELECT coalesce(group_concat(json_extract(value, '$.language'), ' '), '') FROM json_each(languages)),
    coalesce(city, '') || ' ' || coalesce(home_state, ''),
    (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(tags)),
    coalesce(notes, '') || ' ' || coalesce(agency, '') || ' ' || coalesce(union_name, '')
   FROM talent WHERE rowid > @from AND deleted_at IS NULL`,
  `INSERT OR IGNORE INTO talent_language(talent_rowid, language, fluency)
   SELECT t.rowid, json_extract(j.value, '$.language'), json_extract(j.value, '$.fluency')
   FROM talent t, json_each(t.languages) j WHERE t.rowid > @from AND t.deleted_at IS NULL`,
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
  private from: number;

  constructor(db: AppDatabase, expectedRows: number) {
    this.db = db;
    const sqlite = db.sqlite;
    if (!sqlite.inTransaction) throw new Error('BulkTalentInsert must run inside a transaction');
    const trigger = sqlite
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'talent_ai'")
      .get() as { sql: string } | undefined;
    if (!trigger) throw new Error('talent_ai trigger missing: the database schema is damaged');
    this.trigger = trigger.sql;
    this.from = this.maxRowid();
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
    // FTS5 takes config values as literal integers only (a bound JS number arrives as a REAL).
    sqlite.exec(`INSERT INTO talent_fts(talent_fts, rank) VALUES ('hashsize', ${BULK_FTS_HASHSIZE})`);
    this.derivers = DERIVE_SQL.map((sql) => sqlite.prepare(sql));
  }

  private maxRowid(): number {
    return (this.db.sqlite.prepare('SELECT coalesce(max(rowid), 0) AS m FROM talent').get() as { m: number })
      .m;
  }

  /** Adds the index entries of the talent rows inserted since the last call. */
  derive(): void {
    for (const d of this.derivers) d.run({ from: this.from });
    this.from = this.maxRowid();
  }

  /** Derives what is left and puts the trigger, the indexes and the FTS setting back. */
  finish(): void {
    this.derive();
    const sqlite = this.db.sqlite;
    sqlite.exec(this.trigger);
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
    for (const sql of DERIVE_SQL) db.sqlite.prepare(sql).run({ from: 0 });
  })();
}
