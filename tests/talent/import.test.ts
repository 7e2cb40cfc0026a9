import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../src/backend/export/cells.ts';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { exportTalent } from '../../src/backend/talent/export.ts';
import {
  parseDate,
  parseHeight,
  parseLanguages,
  suggestMapping,
} from '../../src/backend/talent/import/mapping.ts';
import { previewImport } from '../../src/backend/talent/import/preview.ts';
import { runImport } from '../../src/backend/talent/import/run.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { memoryDb, tempDir } from '../support/db.ts';

let db: AppDatabase;
let dir: string;
beforeEach(async () => {
  db = await memoryDb();
  dir = tempDir();
});
afterEach(() => db.close());

const HEADER = 'Name,Hindi Name,Gender,DOB,Height,Languages,Skills,City,Phone,Email,CINTAA';
const GOOD = [
  'Priya Sharma,प्रिया शर्मा,F,21/03/1994,"5\'6""","Hindi (native), Marathi - fluent",Kathak; Horse riding,Mumbai,+91 98200 11111,priya@example.in,12345',
  'Arjun Mehta,अर्जुन मेहता,M,1990-01-02,180 cm,English,Boxing,Pune,+91 98200 22222,arjun@example.in,',
];

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function importFile(path: string, duplicates: 'skip' | 'merge' | 'create' = 'skip') {
  const preview = await previewImport(path);
  return runImport(db, path, { jobId: 'job-0001', mapping: preview.suggestedMapping, duplicates });
}

describe('reading cells the way agencies write them', () => {
  it('parses dates day-first, heights in feet or cm, languages with fluency', () => {
    expect(parseDate('21/03/1994')).toBe('1994-03-21');
    expect(parseDate('1994-3-21')).toBe('1994-03-21');
    expect(parseDate('21 Mar 1994')).toBe('1994-03-21');
    expect(parseDate('someday')).toBeUndefined();
    expect(parseDate('31/31/1990')).toBeUndefined();
    expect(parseDate('30/02/1990')).toBeUndefined();
    expect(parseHeight(`5'6"`)).toBe(168);
    expect(parseHeight('5 ft 10 in')).toBe(178);
    expect(parseHeight('1.72 m')).toBe(172);
    expect(parseHeight('165 cm')).toBe(165);
    expect(parseHeight('tall')).toBeUndefined();
    expect(parseLanguages('hindi (native), Marathi - fluent; English: 2')).toEqual([
      { language: 'Hindi', fluency: 5 },
      { language: 'Marathi', fluency: 4 },
      { language: 'English', fluency: 2 },
    ]);
  });
  it('suggests a mapping from common headers', () => {
    expect(suggestMapping(['Artist Name', 'Mobile', 'E-mail', 'DOB', 'Random'])).toEqual({
      '0': 'fullName',
      '1': 'phone',
      '2': 'email',
      '3': 'dateOfBirth',
      '4': null,
    });
  });
});

describe('CSV and XLSX import', () => {
  it('keeps every person with a readable name; an unreadable field is left empty, noted and reported', async () => {
    const csv = [
      HEADER,
      ...GOOD,
      'Rahul,,M,not a date,170,,,Pune,,,',
      ',,F,,,,,,,,',
      'Bad Email,,F,,,,,,,nope@,',
    ].join('\n');
    const report = await importFile(write('a.csv', csv));
    expect(report.imported).toBe(4);
    expect(report.invalid).toBe(1);
    expect(report.problems).toEqual([{ row: 5, message: expect.stringMatching(/No readable name/) }]);
    expect(report.fieldProblems).toEqual([
      { row: 4, name: 'Rahul', column: 'DOB', value: 'not a date', why: expect.stringMatching(/not a date/) },
      { row: 6, name: 'Bad Email', column: 'Email', value: 'nope@', why: expect.stringMatching(/email/) },
    ]);
    expect(report.peopleNeedingReview).toBe(2);
    const rahul = searchTalent(db, { text: 'rahul' }).items[0]!;
    expect(rahul.heightCm).toBe(170);
    const notes = (id: string) =>
      (db.sqlite.prepare('SELECT notes FROM talent WHERE id = ?').get(id) as { notes: string }).notes;
    expect(notes(rahul.id)).toMatch(/Needs review — DOB: "not a date"/);
    const priya = searchTalent(db, { text: 'प्रिया' }).items[0]!;
    expect(priya.heightCm).toBe(168);
    expect(priya.languages).toEqual(['Hindi', 'Marathi']);
    expect(priya.unionName).toBe('CINTAA');
  });

  it('keeps the people of ragged rows and of rows with a stray quote, and reports them', async () => {
    const csv = [HEADER, GOOD[0], 'Too,Many,Cells,a,b,c,d,e,f,g,h,i,j,k', `"Unclosed, row,F`, GOOD[1]].join(
      '\n',
    );
    const report = await importFile(write('ragged.csv', csv));
    expect(report.imported).toBe(4);
    expect(report.invalid).toBe(0);
    const whys = report.fieldProblems.map((p) => `${p.row} ${p.why}`).join(' ');
    expect(whys).toMatch(/^3 .*header has 11/);
    expect(whys).toMatch(/4 A quoted cell in this row is never closed/);
    expect(searchTalent(db, { text: 'arjun' }).items[0]!.city).toBe('Pune');
    expect(searchTalent(db, { text: 'unclosed' }).items[0]!.gender).toBe('female');
  });

  it('detects duplicates against the office and within the file; merge fills empty fields', async () => {
    await importFile(write('first.csv', [HEADER, GOOD[0]].join('\n')));
    const again = [
      HEADER,
      GOOD[0],
      'P. Sharma,,,,,,,,09820011111,,',
      'Someone New,,,,,,,,+91 90000 00000,,',
      'Same Phone,,,,,,,,90000 00000,,',
    ];
    const skip = await importFile(write('again.csv', again.join('\n')));
    expect(skip.imported).toBe(1);
    expect(skip.skippedDuplicates).toBe(3);
    expect(skip.duplicates.map((d) => d.reason)).toEqual([
      'same phone number',
      'same phone number',
      'same phone number as row 4',
    ]);
    const merge = await importFile(
      write(
        'merge.csv',
        ['Name,Phone,Notes,Skills', 'Priya S,+91 98200 11111,Great in comedy,Swimming'].join('\n'),
      ),
      'merge',
    );
    expect(merge.merged).toBe(1);
    const t = searchTalent(db, { text: 'comedy' }).items;
    expect(t).toHaveLength(1);
    expect(t[0]!.skills).toEqual(['Kathak', 'Horse riding', 'Swimming']);
    expect(t[0]!.fullName).toBe('Priya Sharma');
  });

  it('reads UTF-16 and Windows-1252 files', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode([HEADER, GOOD[1]].join('\r\n'), 'utf16le'),
    ]);
    const p16 = await previewImport(write('u16.csv', utf16));
    expect(p16.encoding).toBe('UTF-16LE');
    expect(p16.sampleRows[0]![1]).toBe('अर्जुन मेहता');
    const cp1252 = iconv.encode('Name,City,Notes\nJosé Fernandes,Goa,Café owner – résumé\n', 'windows-1252');
    const report = await importFile(write('w.csv', cp1252));
    expect(report.imported).toBe(1);
    expect(searchTalent(db, { text: 'jose' }).items[0]!.fullName).toBe('José Fernandes');
  });

  it('imports XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Talent');
    ws.addRow(['Full Name', 'Gender', 'Date of Birth', 'City']);
    ws.addRow(['Sayali Patil', 'Female', new Date(Date.UTC(1996, 4, 9)), 'Pune']);
    const path = join(dir, 'a.xlsx');
    await wb.xlsx.writeFile(path);
    const report = await importFile(path);
    expect(report.imported).toBe(1);
    expect(searchTalent(db, { text: 'sayali' }).items[0]!.city).toBe('Pune');
  });

  it('refuses what is not a spreadsheet, with a clear reason and nothing written', async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.csv', '', /empty/],
      ['photo.csv', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), /JPEG/],
      [
        'binary.csv',
        Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)),
        /not (text|a CSV)|encoding/i,
      ],
      [
        'broken.xlsx',
        Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 1)]),
        /Excel file could not be read/,
      ],
    ];
    for (const [name, content, message] of cases) {
      await expect(importFile(write(name, content)), name).rejects.toThrow(message);
    }
    expect(searchTalent(db, {}).total).toBe(0);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const path = join(dir, 'huge.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, Buffer.from(`${HEADER}\n`));
    writeSync(fd, Buffer.from('x'), 0, 1, 50 * 1024 * 1024); // sparse 50 MB
    closeSync(fd);
    await expect(previewImport(path)).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('needs a full-name column, and a cancel leaves the database as it was', async () => {
    const path = write('ok.csv', [HEADER, ...GOOD].join('\n'));
    await expect(
      runImport(db, path, { jobId: 'job-0002', mapping: { '1': 'city' }, duplicates: 'skip' }),
    ).rejects.toMatchObject({
      code: 'MISSING_COLUMNS',
    });
    const preview = await previewImport(path);
    let checks = 0;
    await expect(
      runImport(db, path, {
        jobId: 'job-0003',
        mapping: preview.suggestedMapping,
        duplicates: 'skip',
        isCancelled: () => ++checks > 2,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(searchTalent(db, {}).total).toBe(0);
  });
});

describe('export', () => {
  it('neutralises formula cells and round-trips Devanagari through CSV', async () => {
    expect(neutraliseCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(neutraliseCell('+91 98200')).toBe(`'+91 98200`);
    expect(neutraliseCell('@cmd')).toBe(`'@cmd`);
    expect(neutraliseCell('Priya')).toBe('Priya');
    await importFile(
      write('a.csv', ['Name,Notes', 'Priya Sharma,x', 'Arjun,"=cmd|calc"', 'अर्जुन मेहता,'].join('\n')),
    );
    const csv = await exportTalent(db, {}, 'csv');
    const text = csv.data.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain('अर्जुन मेहता');
    expect(text).toContain(`"'=cmd|calc"`);
    expect(csv.rows).toBe(3);
    const xlsx = await exportTalent(db, { text: 'priya' }, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.data as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).getCell(1).text).toBe('Priya Sharma');
    expect(xlsx.rows).toBe(1);
  });
});

describe('large files', () => {
  it('keeps row numbers and order across the chunks of a 25,000-row file', async () => {
    const lines = ['Name,Phone,DOB'];
    for (let i = 0; i < 25_000; i++) {
      const dob = i === 100 || i === 20_000 ? 'not a date' : '01/02/1990';
      const name = i === 7 || i === 24_000 ? '-' : `Person ${i}`;
      lines.push(`${name},+91 9${String(i).padStart(9, '0')},${dob}`);
    }
    const path = write('big.csv', lines.join('\n'));
    const preview = await previewImport(path);
    const report = await runImport(db, path, {
      jobId: 'job-big',
      mapping: preview.suggestedMapping,
      duplicates: 'skip',
    });
    expect(report.imported).toBe(24_998);
    expect(report.problems.map((p) => p.row)).toEqual([9, 24_002]);
    expect(report.fieldProblems.map((p) => [p.row, p.name])).toEqual([
      [102, 'Person 100'],
      [20_002, 'Person 20000'],
    ]);
    const last = searchTalent(db, { text: 'Person 24999' }).items[0];
    expect(last?.fullName).toBe('Person 24999');
  });
});
