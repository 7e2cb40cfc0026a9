// Released migrations must be additive: every step of the real chain is run over a database of the
// previous schema that holds data in every table, and nothing may be lost.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase } from '../../src/backend/store/db.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { tempDir } from '../support/db.ts';

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

const source = defaultMigrationsFolder();
const journal = JSON.parse(readFileSync(join(source, 'meta', '_journal.json'), 'utf8')) as Journal;

/** A copy of the migrations folder holding only the first `n` migrations. */
function folderWithFirst(n: number): string {
  const dir = join(tempDir(), 'drizzle');
  cpSync(source, dir, { recursive: true });
  const trimmed = { ...journal, entries: journal.entries.slice(0, n) };
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(trimmed));
  return dir;
}

type Row = Record<string, unknown>;

const ordinaryTables = (db: Database.Database) =>
  (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name != '__drizzle_migrations'",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);

/** Puts two rows into every ordinary table, with values shaped by each column's declared type. */
function fillEveryTable(db: Database.Database): void {
  db.pragma('foreign_keys = OFF');
  for (const name of ordinaryTables(db)) {
    const cols = db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(name) as {
      name: string;
      type: string;
    }[];
    for (let i = 0; i < 2; i++) {
      const row: Row = {};
      for (const c of cols) {
        const t = c.type.toUpperCase();
        if (c.name === 'deleted_at') row[c.name] = null;
        else if (['languages', 'skills', 'tags', 'dialects', 'links'].includes(c.name)) {
          row[c.name] =
            c.name === 'languages'
              ? JSON.stringify([{ language: `Lang${i}`, fluency: 3 }])
              : JSON.stringify([`v${i}`]);
        } else if (t.includes('INT')) row[c.name] = 1000 + i;
        else if (t.includes('REAL')) row[c.name] = 1.5 + i;
        else row[c.name] = `${name}-${c.name}-${i}`;
      }
      const names = Object.keys(row);
      db.prepare(
        `INSERT INTO "${name}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      ).run(...names.map((n) => row[n]));
    }
  }
  db.pragma('foreign_keys = ON');
}

describe('migration chain', () => {
  // talent_fts may be dropped: it is a contentless index derived from talent, rebuilt in the same migration.
  it('has no destructive statements in any migration', () => {
    for (const f of readdirSync(source).filter((f) => f.endsWith('.sql'))) {
      const sql = readFileSync(join(source, f), 'utf8').toUpperCase();
      expect(sql, f).not.toMatch(
        /DROP\s+TABLE\s+(?!TALENT_FTS\b)|DROP\s+COLUMN|RENAME\s+(TO|COLUMN)|DELETE\s+FROM\s+(?!TALENT_FTS|CHAT_MESSAGE_FTS|MEMORY_FTS|TALENT_LANGUAGE|TALENT_SKILL|TALENT_TAG|TALENT_FILTER)/,
      );
    }
  });

  for (let step = 1; step <= journal.entries.length; step++) {
    it(`keeps every row and value when applying migration ${step} (${journal.entries[step - 1]!.tag}) over data`, async () => {
      const file = join(tempDir(), 'office.sqlite');
      if (step > 1) {
        const before = await openDatabase(file, { migrationsFolder: folderWithFirst(step - 1) });
        before.close();
      }
      const raw = new Database(file);
      if (step > 1) fillEveryTable(raw);
      // Everything in the file before the migration, derived rows (from triggers) included.
      const written = new Map(
        (step > 1 ? ordinaryTables(raw) : []).map((t) => [
          t,
          raw.prepare(`SELECT * FROM "${t}"`).all() as Row[],
        ]),
      );
      raw.close();
      const after = await openDatabase(file, { migrationsFolder: folderWithFirst(step) });
      for (const [table, rows] of written) {
        const now = after.sqlite.prepare(`SELECT * FROM "${table}"`).all() as Row[];
        expect(now.length, table).toBe(rows.length);
        for (const r of rows) {
          expect(now, table).toContainEqual(expect.objectContaining(r));
        }
      }
      if (step > 1) expect(readdirSync(join(file, '..')).some((f) => f.includes('.backup-'))).toBe(true);
      after.close();
    });
  }

  it('indexes talent that existed before the search migration', async () => {
    const file = join(tempDir(), 'office.sqlite');
    (await openDatabase(file, { migrationsFolder: folderWithFirst(1) })).close();
    const raw = new Database(file);
    raw
      .prepare(
        "INSERT INTO talent (id, full_name, sort_name, languages, skills, tags, created_at, updated_at) VALUES ('x', 'Old Timer', 'old timer', '[]', '[\"Tabla\"]', '[]', 1, 1)",
      )
      .run();
    raw.close();
    const db = await openDatabase(file);
    expect(searchTalent(db, { text: 'timer' }).items.map((i) => i.id)).toEqual(['x']);
    expect(searchTalent(db, { filters: { skills: ['Tabla'] } }).total).toBe(1);
    db.close();
  });

  it('leaves the database as it was when a migration fails, and says so', async () => {
    const file = join(tempDir(), 'office.sqlite');
    const db = await openDatabase(file);
    db.sqlite.prepare("INSERT INTO setting (key, value, updated_at) VALUES ('k', '\"v\"', 1)").run();
    db.close();
    const broken = folderWithFirst(journal.entries.length);
    const tag = '9999_broken';
    writeFileSync(
      join(broken, `${tag}.sql`),
      'CREATE TABLE half_done (x INTEGER);\n--> statement-breakpoint\nTHIS IS NOT SQL;',
    );
    const j = JSON.parse(readFileSync(join(broken, 'meta', '_journal.json'), 'utf8')) as Journal;
    j.entries.push({ idx: 9999, tag, when: Date.now() + 1000, ...{ version: '6', breakpoints: true } });
    writeFileSync(join(broken, 'meta', '_journal.json'), JSON.stringify(j));
    await expect(openDatabase(file, { migrationsFolder: broken })).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
    });
    const check = new Database(file);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(check.prepare("SELECT value FROM setting WHERE key = 'k'").get()).toEqual({ value: '"v"' });
    check.close();
    expect(existsSync(file)).toBe(true);
  });
});
