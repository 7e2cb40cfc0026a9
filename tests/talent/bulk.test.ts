import { describe, expect, it } from 'vitest';
import { demoTalent } from '../../src/backend/talent/demo.ts';
import { BulkTalentInsert, rebuildTalentIndexes } from '../../src/backend/talent/derived.ts';
import {
  columnIndex,
  insertTalentRows,
  insertTalentValues,
  parseTalentInput,
  rowToTalent,
  type TalentRow,
  toColumns,
  toValues,
} from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { memoryDb } from '../support/db.ts';

const schemaOf = (db: Awaited<ReturnType<typeof memoryDb>>) =>
  db.sqlite
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('talent', 'talent_filter') ORDER BY name",
    )
    .all();

describe('talent column values', () => {
  it('toColumns lists its keys in COLUMNS order, which toValues relies on', () => {
    for (const t of demoTalent(50, 2)) {
      const cols = toColumns(parseTalentInput(t));
      expect(Object.keys(cols).map((c) => columnIndex(c as Parameters<typeof columnIndex>[0]))).toEqual(
        Object.keys(cols).map((_, i) => i),
      );
      const values = toValues(parseTalentInput(t));
      for (const [c, v] of Object.entries(cols))
        expect(values[columnIndex(c as Parameters<typeof columnIndex>[0])]).toEqual(v);
    }
  });
});

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
    // The FTS languages column too (the bulk path reads the lists as JSONB): the same profiles by language.
    const byLanguage = (db: typeof bulk, language: string) =>
      db.sqlite
        .prepare('SELECT rowid FROM talent_fts WHERE talent_fts MATCH ? AND rowid <= 300 ORDER BY rowid')
        .pluck()
        .all(`languages:"${language}"`);
    const languages = single.sqlite.prepare('SELECT DISTINCT language FROM talent_language').pluck().all();
    expect(languages.length).toBeGreaterThan(3);
    for (const l of languages as string[]) {
      expect(byLanguage(bulk, l).length).toBeGreaterThan(0);
      expect(byLanguage(bulk, l)).toEqual(byLanguage(single, l));
    }
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
      db.sqlite.transaction(() => {
        new BulkTalentInsert(db, 50_000);
        insertTalentRows(db, demoTalent(10, 1));
        throw new Error('disk full');
      })(),
    ).toThrow('disk full');
    expect(schemaOf(db)).toEqual(before);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM talent').get() as { n: number }).n).toBe(0);
  });

  it('derives batch by batch (as an import writes chunks) exactly what one pass derives', async () => {
    const chunked = await memoryDb();
    const once = await memoryDb();
    const rows = demoTalent(3000, 11).map(toValues);
    const hashsize = (db: typeof chunked) =>
      db.sqlite.prepare("SELECT v FROM talent_fts_config WHERE k = 'hashsize'").get();
    const before = hashsize(chunked);
    chunked.sqlite.transaction(() => {
      // FTS entries every 1,000 rows: at rows 1,400 and 2,800, and the rest at finish.
      const bulk = new BulkTalentInsert(chunked, rows.length, { ftsEveryRows: 1000 });
      for (let i = 0; i < rows.length; i += 700) {
        insertTalentValues(chunked, rows.slice(i, i + 700), 1);
        bulk.derive();
      }
      bulk.finish();
    })();
    once.sqlite.transaction(() => {
      const bulk = new BulkTalentInsert(once, rows.length);
      insertTalentValues(once, rows, 1);
      bulk.finish();
    })();
    // While waiting for rows (idle), FTS entries come as soon as 1,000 rows lack them; otherwise never before finish.
    const idled = await memoryDb();
    const ftsRows = (db: typeof chunked) =>
      (db.sqlite.prepare('SELECT count(*) AS n FROM talent_fts_docsize').get() as { n: number }).n;
    const seen: number[] = [];
    idled.sqlite.transaction(() => {
      const bulk = new BulkTalentInsert(idled, rows.length, { ftsEveryRows: 1e9, ftsWhenIdleRows: 1000 });
      for (let i = 0; i < rows.length; i += 700) {
        insertTalentValues(idled, rows.slice(i, i + 700), 1);
        bulk.derive();
        if (i !== 1400) bulk.idle(); // not idle after the third batch
        seen.push(ftsRows(idled));
      }
      bulk.finish();
    })();
    expect(seen).toEqual([0, 1400, 1400, 2800, 3000 - 200]);
    // Told of each batch with added(): the other tables' entries come once 1,000 rows wait, or when idle.
    const counted = await memoryDb();
    const filterRows = (db: typeof chunked) =>
      (db.sqlite.prepare('SELECT count(*) AS n FROM talent_filter').get() as { n: number }).n;
    const derivedSeen: number[] = [];
    counted.sqlite.transaction(() => {
      const bulk = new BulkTalentInsert(counted, rows.length, { deriveEveryRows: 1000 });
      for (let i = 0; i < rows.length; i += 700) {
        const batch = rows.slice(i, i + 700);
        insertTalentValues(counted, batch, 1);
        bulk.added(batch.length);
        derivedSeen.push(filterRows(counted));
        if (i === 1400) {
          bulk.idle();
          derivedSeen.push(filterRows(counted));
        }
      }
      bulk.finish();
    })();
    expect(derivedSeen).toEqual([0, 1400, 1400, 2100, 2100, 2100]);
    const derived = (db: typeof chunked) =>
      [
        'SELECT talent_rowid, language, fluency FROM talent_language ORDER BY 1, 2',
        'SELECT talent_rowid, skill FROM talent_skill ORDER BY 1, 2',
        'SELECT talent_rowid, tag FROM talent_tag ORDER BY 1, 2',
        'SELECT * FROM talent_filter ORDER BY talent_rowid',
      ].map((q) => db.sqlite.prepare(q).all());
    expect(derived(chunked)).toEqual(derived(once));
    expect(derived(idled)).toEqual(derived(once));
    expect(derived(counted)).toEqual(derived(once));
    expect(ftsRows(counted)).toBe(3000);
    expect(derived(chunked)[0]!.length).toBeGreaterThan(3000);
    for (const text of ['pri', 'kathak', 'mumbai', 'marathi'])
      expect(searchTalent(chunked, { text }).total).toBe(searchTalent(once, { text }).total);
    // Every row has its FTS entry, whichever batch added it: the first, those around each FTS batch, the last.
    expect(ftsRows(chunked)).toBe(3000);
    expect(ftsRows(idled)).toBe(3000);
    const names = (db: typeof chunked, i: number) =>
      searchTalent(db, { text: String(rows[i]![0]) })
        .items.map((t) => t.fullName)
        .sort();
    for (const i of [0, 1399, 1400, 2799, 2800, 2999]) {
      expect(names(chunked, i)).toContain(rows[i]![0]);
      expect(names(chunked, i)).toEqual(names(once, i));
      expect(names(idled, i)).toEqual(names(once, i));
    }
    // The raised FTS flush size is put back: it only makes sense for one big transaction.
    expect(hashsize(chunked)).toEqual(before ?? { v: 1048576 });
  });

  it('inserts only the columns a row fills; the others read back as their defaults', async () => {
    const db = await memoryDb();
    const [sparse, full] = [{ fullName: 'Only A Name' }, demoTalent(1, 3)[0]!].map(
      (t) => insertTalentRows(db, [parseTalentInput(t)])[0]!,
    );
    const row = (id: string) =>
      db.sqlite.prepare('SELECT * FROM talent WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row(sparse!)).toMatchObject({
      full_name: 'Only A Name',
      native_name: null,
      languages: '[]',
      tags: '[]',
      availability: 'unknown',
      sort_name: 'only a name',
    });
    expect(rowToTalent(row(full!) as unknown as TalentRow)).toMatchObject({
      fullName: demoTalent(1, 3)[0]!.fullName,
      languages: demoTalent(1, 3)[0]!.languages,
    });
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
