import type { AppDatabase } from '../store/db.ts';

// Set-based twins of the talent_ai trigger (drizzle/0001_search_index.sql): a bulk import drops the
// trigger inside its transaction, inserts the rows, derives their index entries here in three statements,
// and restores the trigger — about three times faster than firing it per row. Keep both in step.
const DERIVE_SQL = [
  `INSERT INTO talent_filter(talent_rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at)
   SELECT rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at
   FROM talent WHERE rowid > @from AND deleted_at IS NULL`,
  `INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
    rowid, full_name || ' ' || coalesce(native_name, ''), coalesce(stage_name, ''),
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

/**
 * Runs `insert` (about `expectedRows` new talent rows) with the per-row talent trigger lifted, then derives
 * the new rows' index entries. Call inside a transaction: the DDL here is rolled back with it on failure.
 */
export function withBulkTalentInsert<T>(db: AppDatabase, expectedRows: number, insert: () => T): T {
  const trigger = db.sqlite
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'talent_ai'")
    .get() as { sql: string } | undefined;
  if (!trigger) throw new Error('talent_ai trigger missing: the database schema is damaged');
  if (!db.sqlite.inTransaction) throw new Error('withBulkTalentInsert must run inside a transaction');
  const from = (db.sqlite.prepare('SELECT coalesce(max(rowid), 0) AS m FROM talent').get() as { m: number })
    .m;
  // When the batch is at least as big as the table, building the secondary indexes afresh (one sort each)
  // beats inserting every key into each of them at random.
  const existing = (db.sqlite.prepare('SELECT count(*) AS n FROM talent').get() as { n: number }).n;
  const indexes =
    expectedRows >= Math.max(20_000, existing)
      ? (db.sqlite
          .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('talent', 'talent_filter') AND sql IS NOT NULL",
          )
          .all() as { name: string; sql: string }[])
      : [];
  for (const i of indexes) db.sqlite.exec(`DROP INDEX "${i.name.replace(/"/g, '')}"`);
  db.sqlite.exec('DROP TRIGGER talent_ai');
  const result = insert();
  for (const sql of DERIVE_SQL) db.sqlite.prepare(sql).run({ from });
  db.sqlite.exec(trigger.sql);
  for (const i of indexes) db.sqlite.exec(i.sql);
  return result;
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
