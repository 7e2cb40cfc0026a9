import { describe, expect, it } from 'vitest';
import { demoTalent } from '../../src/backend/talent/demo.ts';
import { rebuildTalentIndexes, withBulkTalentInsert } from '../../src/backend/talent/derived.ts';
import { insertTalentRows } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { memoryDb } from '../support/db.ts';

const schemaOf = (db: Awaited<ReturnType<typeof memoryDb>>) =>
  db.sqlite
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('talent', 'talent_filter') ORDER BY name",
    )
    .all();

describe('bulk talent insert', () => {
  it('indexes a 20k batch exactly like row-by-row inserts, and restores every index and trigger', async () => {
    const bulk = await memoryDb();
    const single = await memoryDb();
    const before = schemaOf(bulk);
    const rows = demoTalent(20_000, 5);
    insertTalentRows(bulk, rows);
    for (let i = 0; i < 300; i++) insertTalentRows(single, [rows[i]!]);
    expect(schemaOf(bulk)).toEqual(before);
    // Same derived rows for the same first 300 profiles, whichever path inserted them.
    const derived = (db: typeof bulk) =>
      db.sqlite
        .prepare(
          `SELECT t.email, (SELECT group_concat(language || fluency) FROM talent_language l WHERE l.talent_rowid = t.rowid) AS langs,
                  (SELECT group_concat(skill) FROM talent_skill s WHERE s.talent_rowid = t.rowid) AS skills
           FROM talent t ORDER BY t.rowid LIMIT 300`,
        )
        .all();
    expect(derived(bulk)).toEqual(derived(single));
    expect((bulk.sqlite.prepare('SELECT count(*) AS n FROM talent_fts').get() as { n: number }).n).toBe(
      20_000,
    );
    expect(searchTalent(bulk, { text: rows[123]!.fullName }).items.map((i) => i.fullName)).toContain(
      rows[123]!.fullName,
    );
  });

  it('a failure inside the batch rolls back the rows and the dropped indexes and trigger', async () => {
    const db = await memoryDb();
    const before = schemaOf(db);
    expect(() =>
      db.sqlite.transaction(() =>
        withBulkTalentInsert(db, 50_000, () => {
          insertTalentRows(db, demoTalent(10, 1));
          throw new Error('disk full');
        }),
      )(),
    ).toThrow('disk full');
    expect(schemaOf(db)).toEqual(before);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM talent').get() as { n: number }).n).toBe(0);
  });

  it('rebuilds every derived index from the talent table (the repair after a VACUUM)', async () => {
    const db = await memoryDb();
    insertTalentRows(db, demoTalent(800, 9));
    const snapshot = () =>
      [
        'SELECT count(*) AS n FROM talent_fts',
        'SELECT count(*) AS n FROM talent_filter',
        'SELECT count(*) AS n FROM talent_language',
        'SELECT count(*) AS n FROM talent_skill',
        'SELECT count(*) AS n FROM talent_tag',
      ].map((q) => (db.sqlite.prepare(q).get() as { n: number }).n);
    const before = snapshot();
    const found = searchTalent(db, {
      text: 'priya',
      filters: { languages: [{ language: 'Hindi', minFluency: 2 }] },
    });
    db.sqlite.exec(
      "INSERT INTO talent_fts(talent_fts) VALUES ('delete-all'); DELETE FROM talent_filter; DELETE FROM talent_skill;",
    );
    expect(searchTalent(db, { text: 'priya' }).total).toBe(0);
    rebuildTalentIndexes(db);
    expect(snapshot()).toEqual(before);
    expect(
      searchTalent(db, { text: 'priya', filters: { languages: [{ language: 'Hindi', minFluency: 2 }] } }),
    ).toEqual(found);
  });
});
