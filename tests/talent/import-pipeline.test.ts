// Large imports as the app runs them: an import worker with its own connection writes chunk by chunk
// while a validation worker reads and checks the file; one transaction from the first row to the commit.
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AppDatabase, databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { rebuildTalentIndexes } from '../../src/backend/talent/derived.ts';
import { CHUNK_ROWS, type HandOffPolicy } from '../../src/backend/talent/import/chunks.ts';
import { ImportJobs } from '../../src/backend/talent/import/jobs.ts';
import { previewImport } from '../../src/backend/talent/import/preview.ts';
import { runImport } from '../../src/backend/talent/import/run.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { importReportSchema } from '../../src/shared/talent-import.ts';
import { tempDir } from '../support/db.ts';

let dir: string;
let db: AppDatabase;
beforeEach(async () => {
  dir = tempDir();
  db = await openDatabase(databaseFile(join(dir, 'data')));
});
afterEach(() => db.close());

const NOTE = 'Theatre background, Prithvi workshops, comfortable with long outdoor schedules. '.repeat(2);
const BAD_ROWS = new Set([7, CHUNK_ROWS + 3, 11_000]);

/** Rows whose date of birth cannot be read: imported without it, listed as field problems. */
const BAD_DOB_ROWS = [1, 4_001, 8_001];

/**
 * A sheet over 1 MB (so a validation worker reads it) with nameless rows (the only kind refused), unreadable
 * dates, and in-file duplicates across chunks.
 */
function bigCsv(rows = 12_000): string {
  const lines = ['Name,Phone,DOB,Languages,Skills,City,Notes'];
  for (let i = 0; i < rows; i++) {
    const dob = BAD_DOB_ROWS.includes(i) ? 'not a date' : `0${(i % 9) + 1}/02/1990`;
    const name = BAD_ROWS.has(i) ? '' : `Person ${i}`;
    // Row i = 9,500 repeats row 2's phone: a duplicate found in a later chunk than the first.
    const phone = i === 9_500 ? '+91 9000000002' : `+91 9${String(i).padStart(9, '0')}`;
    lines.push(
      `${name},${phone},${dob},"Hindi (5), Marathi (${(i % 5) + 1})",Kathak; Boxing,Mumbai,"${NOTE}"`,
    );
  }
  const path = join(dir, 'big.csv');
  writeFileSync(path, lines.join('\n'));
  return path;
}

const count = (sql: string) => (db.sqlite.prepare(sql).get() as { n: number }).n;
const schema = () =>
  db.sqlite
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
/** Every derived row, as the rebuild from the talent table would make it. */
const derivedSnapshot = () =>
  [
    'SELECT talent_rowid, language, fluency FROM talent_language ORDER BY 1, 2',
    'SELECT talent_rowid, skill FROM talent_skill ORDER BY 1, 2',
    'SELECT * FROM talent_filter ORDER BY talent_rowid',
  ].map((q) => db.sqlite.prepare(q).all());

/** An import as the app runs it; `warm`: after the dialog's preview, which starts the import's threads. */
async function runJob(
  jobs: ImportJobs,
  path: string,
  duplicates: 'skip' | 'create' = 'skip',
  warm = false,
  handOff: HandOffPolicy = 'auto',
) {
  const preview = warm ? await jobs.preview(path) : await previewImport(path);
  expect(jobs.warmed).toBe(warm);
  const progress: [string, number][] = [];
  const report = await jobs.run(path, {
    jobId: `job-${Math.random()}`,
    mapping: preview.suggestedMapping,
    duplicates,
    handOff,
    onProgress: (phase, done) => progress.push([phase, done]),
  });
  expect(jobs.warmed).toBe(false); // the import took them
  return { report, progress };
}

describe('a large import through the import worker', () => {
  // Hand-off 'all': the validation worker only reads, and the import thread checks every batch itself (as it
  // does with 'auto' whenever it would otherwise wait): the same result, row for row.
  it.each([
    ['cold', 'auto'],
    ['warm', 'auto'],
    ['cold', 'all'],
  ] as const)(
    'writes while validating (%s threads, hand-off %s): row numbers, in-file duplicates across chunks, and search all exact',
    async (threads, handOff) => {
      createTalent(db, { fullName: 'Already Here', phone: '+91 9000000005' });
      const before = schema();
      const path = bigCsv();
      const jobs = new ImportJobs(db);
      const { report, progress } = await runJob(jobs, path, 'skip', threads === 'warm', handOff);
      await jobs.whenIdle();
      // After its report the worker copied the WAL into the database file (this connection wrote nothing
      // since) and emptied the WAL file.
      expect(statSync(databaseFile(join(dir, 'data'))).size).toBeGreaterThan(8 * 1024 * 1024);
      expect(statSync(`${databaseFile(join(dir, 'data'))}-wal`).size).toBe(0);
      expect(report.totalRows).toBe(12_000);
      expect(report.problems.map((p) => p.row)).toEqual([...BAD_ROWS].map((i) => i + 2));
      expect(report.problems[0]!.message).toMatch(/No readable name/);
      expect(report.fieldProblems.map((p) => [p.row, p.name, p.column, p.value])).toEqual(
        BAD_DOB_ROWS.map((i) => [i + 2, `Person ${i}`, 'DOB', 'not a date']),
      );
      expect(report.peopleNeedingReview).toBe(BAD_DOB_ROWS.length);
      expect(report.duplicates.map((d) => [d.row, d.reason])).toEqual([
        [7, 'same phone number'], // row 5 of data: the office already has that phone
        [9_502, 'same phone number as row 4'],
      ]);
      expect(report.imported).toBe(12_000 - BAD_ROWS.size - 2);
      expect(count('SELECT count(*) AS n FROM talent')).toBe(report.imported + 1);
      expect(count('SELECT count(*) AS n FROM talent_fts')).toBe(report.imported + 1);
      // Validation progress came chunk by chunk, in order, before the final write.
      const validating = progress.filter(([p]) => p === 'validating').map(([, d]) => d);
      expect(validating.length).toBeGreaterThan(2);
      expect(validating).toEqual([...validating].sort((a, b) => a - b));
      expect(progress.at(-1)).toEqual(['done', 12_000]);
      // Trigger, indexes and FTS settings are back; the chunked derive equals a rebuild from scratch.
      expect(schema()).toEqual(before);
      const derived = derivedSnapshot();
      rebuildTalentIndexes(db);
      expect(derivedSnapshot()).toEqual(derived);
      expect(searchTalent(db, { text: 'Person 11999' }).items[0]?.fullName).toBe('Person 11999');
      expect(
        searchTalent(db, { filters: { languages: [{ language: 'Marathi', minFluency: 5 }] } }).total,
      ).toBe(2_400);
    },
  );

  it('a cancel mid-write rolls everything back and releases the write lock', async () => {
    createTalent(db, { fullName: 'Already Here' });
    const before = schema();
    const path = bigCsv(30_000);
    const jobs = new ImportJobs(db);
    const preview = await previewImport(path);
    let cancelled = false;
    const run = jobs.run(path, {
      jobId: 'job-cancel',
      mapping: preview.suggestedMapping,
      duplicates: 'skip',
      onProgress: (phase, done) => {
        if (phase === 'validating' && done >= 2 * CHUNK_ROWS && !cancelled) {
          cancelled = true;
          jobs.cancel('job-cancel');
        }
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(cancelled).toBe(true);
    await jobs.whenIdle();
    expect(count('SELECT count(*) AS n FROM talent')).toBe(1);
    expect(count('SELECT count(*) AS n FROM talent_fts')).toBe(1);
    expect(schema()).toEqual(before);
    createTalent(db, { fullName: 'Written After' }); // the import's transaction is gone
    expect(searchTalent(db, { text: 'written' }).total).toBe(1);
  });

  it('a binary file posing as a large CSV fails with the reader’s reason, nothing written', async () => {
    const path = join(dir, 'photo.csv');
    const jpeg = Buffer.alloc(2 * 1024 * 1024, 7);
    jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
    writeFileSync(path, jpeg);
    const jobs = new ImportJobs(db);
    await expect(
      jobs.run(path, { jobId: 'job-bin', mapping: { '0': 'fullName' }, duplicates: 'skip' }),
    ).rejects.toMatchObject({ code: 'NOT_A_SPREADSHEET', message: /JPEG/ });
    await jobs.whenIdle();
    expect(count('SELECT count(*) AS n FROM talent')).toBe(0);
  });

  it('a large XLSX goes through the validation worker too (exceljs is loaded there on demand)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Talent');
    ws.addRow(['Name', 'Phone', 'Notes']);
    for (let i = 0; i < 45_000; i++)
      ws.addRow([
        `Person ${i}`,
        `+91 9${String(i).padStart(9, '0')}`,
        `Workshop ${i % 97}, ${(i * 7919).toString(36)}`,
      ]);
    const path = join(dir, 'agency.xlsx');
    await wb.xlsx.writeFile(path);
    expect(statSync(path).size).toBeGreaterThan(1024 * 1024);
    const { report } = await runJob(new ImportJobs(db), path);
    expect(report).toMatchObject({ totalRows: 45_000, imported: 45_000, invalid: 0 });
    expect(searchTalent(db, { text: 'Person 44999' }).items[0]?.fullName).toBe('Person 44999');
  });

  it('in-thread on a shared connection, a large file is still validated by a worker, and written at once', async () => {
    const path = bigCsv();
    const preview = await previewImport(path);
    const report = await runImport(db, path, {
      jobId: 'job-shared',
      mapping: preview.suggestedMapping,
      duplicates: 'create',
    });
    expect(report.imported).toBe(12_000 - BAD_ROWS.size);
    expect(report.duplicates).toEqual([]);
    expect(count('SELECT count(*) AS n FROM talent_fts')).toBe(report.imported);
  });
});

describe('the preview of a large file', () => {
  it('is read in a worker, with the same result as in-thread, and errors keep their codes', async () => {
    const path = bigCsv();
    const jobs = new ImportJobs(db);
    const preview = await jobs.preview(path);
    expect(preview).toEqual(await previewImport(path));
    expect(preview).toMatchObject({ rowCount: 12_000, format: 'csv', encoding: 'UTF-8' });
    expect(preview.suggestedMapping).toMatchObject({ '0': 'fullName', '1': 'phone', '6': 'notes' });
    const bin = join(dir, 'photo.csv');
    writeFileSync(bin, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2 * 1024 * 1024)]));
    await expect(jobs.preview(bin)).rejects.toMatchObject({ code: 'NOT_A_SPREADSHEET' });
    jobs.close();
  });
});

describe('the threads a preview starts for the import', () => {
  it('stop when no import comes, and when the backend closes; an import after that starts its own', async () => {
    const path = bigCsv();
    const idle = new ImportJobs(db, { warmForMs: 1 });
    await idle.preview(path);
    // Bounded by the test's own timeout: the 1 ms timer stops them.
    await vi.waitFor(() => expect(idle.warmed).toBe(false), { timeout: 60_000, interval: 20 });
    const jobs = new ImportJobs(db);
    await jobs.preview(path);
    expect(jobs.warmed).toBe(true);
    jobs.close();
    expect(jobs.warmed).toBe(false);
    const { report } = await runJob(jobs, path);
    expect(report.imported).toBe(12_000 - BAD_ROWS.size - 1);
    expect(count('SELECT count(*) AS n FROM talent_fts')).toBe(report.imported);
  });

  it('never keep the process alive', () => {
    const path = bigCsv();
    const src = (p: string) => new URL(`../../src/backend/${p}`, import.meta.url).href;
    const script = `
      import { databaseFile, openDatabase } from '${src('store/db.ts')}';
      import { ImportJobs } from '${src('talent/import/jobs.ts')}';
      const db = await openDatabase(databaseFile(process.argv[2]));
      const jobs = new ImportJobs(db);
      await jobs.preview(process.argv[3]);
      console.log(jobs.warmed ? 'warm' : 'cold');
      db.close();`;
    // Were they holding it, the process would wait out the 5-minute warm period; the timeout ends the wait.
    const file = join(dir, 'preview-then-quit.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, [file, join(dir, 'p'), path], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('warm');
    expect(r.status).toBe(0);
  });
});

describe('castmatch import-talent', () => {
  it('imports a large file with its own connection and prints the report', () => {
    const path = bigCsv();
    const dataDir = join(dir, 'cli');
    const cli = new URL('../../src/backend/cli/castmatch.ts', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [cli, 'import-talent', path, '--data-dir', dataDir], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(3); // some rows were invalid
    const report = importReportSchema.parse(JSON.parse(r.stdout));
    expect(report.imported).toBe(12_000 - BAD_ROWS.size - 1);
    expect(report.skippedDuplicates).toBe(1);
    expect(r.stderr).toMatch(/validating 12000\/12000/);
  });
});
