import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { previewImport } from '../../src/backend/talent/import/preview.ts';
import { problemsCsv, problemsFileName } from '../../src/backend/talent/import/problems-csv.ts';
import { runImport } from '../../src/backend/talent/import/run.ts';
import { memoryDb, tempDir } from '../support/db.ts';

let dir: string;
let db: AppDatabase;
beforeEach(async () => {
  dir = tempDir();
  db = await memoryDb();
});
afterEach(() => db.close());

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** The saved file as its rows (BOM checked and dropped). */
function rowsOf(data: Buffer): string[][] {
  const text = data.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
}

describe('saving the rows with problems as CSV', () => {
  // Line 1 is a title, line 2 blank, the header on line 3 — the numbers a text editor shows.
  const lines = [
    'Sunrise Talent Agency — March list',
    '',
    'Name,Gender,DOB,City,Phone',
    'Priya Sharma,F,21/03/1994,Mumbai,+91 98200 11111', // 4: clean
    ',F,12/06/1995,Pune,+91 98200 22222', // 5: no name → not imported
    'Bad Date,M,31/31/1990,Nagpur,', // 6: DOB unreadable → field problem
    'Kunal Rao,M,1988-02-10,Mumbai,,extra,cells', // 7: ragged
    'Ritika Joshi,F,12/06/1995,Pune,', // 8: clean
  ];

  it('holds exactly the refused and flagged rows, with their original cells and line numbers', async () => {
    const path = write('agency.csv', lines.join('\n'));
    const preview = await previewImport(path);
    expect(preview.headerRow).toBe(3);
    const saved = await problemsCsv(path, preview.suggestedMapping, {}, 'agency.csv');
    expect(saved.fileName).toBe('agency - rows with problems.csv');
    expect(saved.mime).toBe('text/csv');
    expect(saved.rows).toBe(3);
    const rows = rowsOf(saved.data);
    expect(rows[0]).toEqual(['Row', 'Problems', 'Name', 'Gender', 'DOB', 'City', 'Phone']);
    expect(rows.slice(1).map((r) => [r[0], ...r.slice(2)])).toEqual([
      ['5', '', 'F', '12/06/1995', 'Pune', "'+91 98200 22222"], // neutralised against formulas
      ['6', 'Bad Date', 'M', '31/31/1990', 'Nagpur', ''],
      ['7', 'Kunal Rao', 'M', '1988-02-10', 'Mumbai', '', 'extra', 'cells'],
    ]);
    expect(rows[1]![1]).toMatch(/^Not imported: No readable name/);
    expect(rows[2]![1]).toMatch(/^DOB: "31\/31\/1990" \(/);
    expect(rows[3]![1]).toMatch(
      /^\(whole row\): "extra \| cells" \(the row has 7 cells but the header has 5/,
    );

    // The same rows the import reported, and none it imported cleanly.
    const report = await runImport(db, path, {
      jobId: 'job-0001',
      mapping: preview.suggestedMapping,
      duplicates: 'create',
    });
    expect(report.problems.map((p) => p.row)).toEqual([5]);
    expect([...new Set(report.fieldProblems.map((p) => p.row))]).toEqual([6, 7]);
  });

  it('reads with the options the import used: another header row, a chosen encoding', async () => {
    // Windows-1252: "Zoë" (0xEB) and a curly quote (0x92) in the name; the DOB is unreadable.
    const bytes = Buffer.concat([
      Buffer.from('Agency list\nName,DOB\n'),
      Buffer.from([0x5a, 0x6f, 0xeb, 0x20, 0x44, 0x92, 0x53, 0x6f, 0x75, 0x7a, 0x61]),
      Buffer.from(',someday\nAmit Kumar,1990-01-02\n'),
    ]);
    const path = write('zoe.csv', bytes);
    const saved = await problemsCsv(
      path,
      { '0': 'fullName', '1': 'dateOfBirth' },
      { encoding: 'windows-1252' },
    );
    expect(rowsOf(saved.data).slice(1)).toEqual([
      ['3', expect.stringMatching(/^DOB: "someday"/), 'Zoë D’Souza', 'someday'],
    ]);
    // Row 1 chosen as the header: one column wide, so every row below it has cells past the header.
    const other = await problemsCsv(path, { '0': 'fullName' }, { encoding: 'windows-1252', headerRow: 1 });
    const otherRows = rowsOf(other.data);
    expect(otherRows[0]).toEqual(['Row', 'Problems', 'Agency list']);
    expect(otherRows.slice(1).map((r) => [r[0], ...r.slice(2)])).toEqual([
      ['2', 'Name', 'DOB'],
      ['3', 'Zoë D’Souza', 'someday'],
      ['4', 'Amit Kumar', '1990-01-02'],
    ]);
  });

  it('reads the sheet the import read, a hidden one included when chosen', async () => {
    const wb = new ExcelJS.Workbook();
    const old = wb.addWorksheet('Old list');
    old.state = 'hidden';
    old.addRows([['List of 2019'], [], ['Name', 'DOB'], ['Farida Old', 'someday'], ['', '1990-01-01']]);
    wb.addWorksheet('Artists').addRows([
      ['Name', 'DOB'],
      ['Meher Bhatia', 'never'],
    ]);
    const path = write('agency.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const mapping = { '0': 'fullName', '1': 'dateOfBirth' } as const;
    const visible = rowsOf((await problemsCsv(path, mapping)).data);
    expect(visible.slice(1).map((r) => [r[0], ...r.slice(2)])).toEqual([['2', 'Meher Bhatia', 'never']]);
    const hidden = rowsOf((await problemsCsv(path, mapping, { sheet: 'Old list' })).data);
    expect(hidden[0]).toEqual(['Row', 'Problems', 'Name', 'DOB']);
    expect(hidden.slice(1).map((r) => [r[0], ...r.slice(2)])).toEqual([
      ['4', 'Farida Old', 'someday'],
      ['5', '', '1990-01-01'],
    ]);
  });

  it('lists every problem row past the report limit of 1000', async () => {
    const body = Array.from({ length: 1500 }, (_, i) => `Person ${i},not a date`);
    const path = write('many.csv', ['Name,DOB', ...body].join('\r\n'));
    const saved = await problemsCsv(path, { '0': 'fullName', '1': 'dateOfBirth' });
    expect(saved.rows).toBe(1500);
    const rows = rowsOf(saved.data);
    expect(rows.at(-1)!.slice(0, 1).concat(rows.at(-1)!.slice(2))).toEqual([
      '1501',
      'Person 1499',
      'not a date',
    ]);
    expect(readFileSync(path, 'utf8')).toContain('Person 1499'); // the original file is untouched
  });

  it('names the file after the one imported', () => {
    expect(problemsFileName('Agency: list?.xlsx')).toBe('Agency list - rows with problems.csv');
    expect(problemsFileName('March list.csv')).toBe('March list - rows with problems.csv');
  });
});
