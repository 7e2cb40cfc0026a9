// The files a Mumbai office really gets, through the real import (preview → suggested mapping → runImport),
// checked person by person and field by field; then the office's own export, re-imported, gives back the
// same people with the same values.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { seedDemo } from '../../src/backend/talent/demo.ts';
import { exportTalent } from '../../src/backend/talent/export.ts';
import { previewImport } from '../../src/backend/talent/import/preview.ts';
import { runImport } from '../../src/backend/talent/import/run.ts';
import { ageOn } from '../../src/backend/talent/normalize.ts';
import { rowToTalent, type TalentRow } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import type { Talent } from '../../src/shared/talent.ts';
import { memoryDb, tempDir } from '../support/db.ts';
import {
  AFTER_UNCLOSED,
  AGENCY_PEOPLE,
  ALL_PEOPLE,
  agencyWorkbook,
  CP1252_PEOPLE,
  cp1252Csv,
  HIDDEN_PEOPLE,
  type MessyPerson,
  RAGGED_PEOPLE,
  raggedCsv,
  UNCLOSED,
  UTF16_PEOPLE,
  utf16Csv,
} from './messy-files.ts';

let db: AppDatabase;
let dir: string;
let jobs = 0;
beforeEach(async () => {
  db = await memoryDb();
  dir = tempDir();
});
afterEach(() => db.close());

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

async function importInto(target: AppDatabase, path: string) {
  const preview = await previewImport(path);
  const report = await runImport(target, path, {
    jobId: `job-messy-${++jobs}`,
    mapping: preview.suggestedMapping,
    duplicates: 'skip',
  });
  return { preview, report };
}

function everyone(target: AppDatabase): Talent[] {
  const rows = target.sqlite
    .prepare('SELECT * FROM talent WHERE deleted_at IS NULL ORDER BY full_name')
    .all() as TalentRow[];
  return rows.map(rowToTalent);
}

function profile(target: AppDatabase, fullName: string): Talent {
  const found = everyone(target).filter((t) => t.fullName === fullName);
  expect(found, fullName).toHaveLength(1);
  return found[0]!;
}

function expectProfile(target: AppDatabase, p: MessyPerson): void {
  const w = p.want;
  const t = profile(target, w.fullName);
  const got = {
    nativeName: t.nativeName,
    phone: t.phone,
    heightCm: t.heightCm,
    playingAgeMin: t.playingAgeMin,
    playingAgeMax: t.playingAgeMax,
    languages: t.languages.map((l) => l.language),
    city: t.city,
    email: t.email,
    gender: t.gender,
    unionNumber: t.unionNumber,
  };
  expect(got, w.fullName).toEqual({
    nativeName: w.nativeName,
    phone: w.phone,
    heightCm: w.heightCm,
    playingAgeMin: w.playingAgeMin,
    playingAgeMax: w.playingAgeMax,
    languages: w.languages,
    city: w.city,
    email: w.email,
    gender: w.gender,
    unionNumber: w.unionNumber,
  });
  if (w.dateOfBirth === 'estimated') expect(ageOn(t.dateOfBirth!), w.fullName).toBe(Number(p.cells.Age));
  else expect(t.dateOfBirth, w.fullName).toBe(w.dateOfBirth);
  const notes = (t.notes ?? '').split('\n');
  expect(notes, w.fullName).toEqual(expect.arrayContaining(w.notes));
  if (w.locality) expect(notes, w.fullName).toContain(`Locality: ${w.locality}`);
  else expect(t.notes ?? '', w.fullName).not.toMatch(/Locality:/);
  const review = notes.filter((l) => l.startsWith('Needs review'));
  expect(review, w.fullName).toEqual(w.notes.filter((l) => l.startsWith('Needs review')));
}

async function importTheOffice(): Promise<Awaited<ReturnType<typeof importInto>>[]> {
  return [
    await importInto(db, write('Star Cast roster.xlsx', await agencyWorkbook())),
    await importInto(db, write('office-pc.csv', cp1252Csv())),
    await importInto(db, write('unicode-text.csv', utf16Csv())),
    await importInto(db, write('ragged.csv', raggedCsv().bytes)),
  ];
}

describe('messy agency files', () => {
  it('an agency workbook: the visible sheet, the header below the title rows, no blank or hidden people', async () => {
    const path = write('Star Cast roster.xlsx', await agencyWorkbook());
    const { preview, report } = await importInto(db, path);
    expect(preview.sheet).toBe('Talent');
    expect(preview.sheets).toEqual([
      { name: 'Old list 2019', rows: HIDDEN_PEOPLE.length + 1, hidden: true },
      { name: 'Talent', rows: expect.any(Number), hidden: false },
      { name: 'Lookup', rows: 2, hidden: true },
    ]);
    expect(preview.headerRow).toBe(5);
    expect(preview.headers[1]).toBe('Name of Artist');
    expect(preview.warnings.join(' ')).toMatch(/hidden sheet.*"Old list 2019" \(4 rows\)/);
    expect(preview.warnings.join(' ')).toMatch(/Row 5 was taken as the header/);
    expect(preview.suggestedMapping).toMatchObject({
      '1': 'fullName',
      '2': 'phone',
      '3': 'otherPhone',
      '4': 'playingAge',
      '5': 'heightCm',
      '6': 'languages',
      '7': 'city',
      '8': 'email',
      '9': 'cintaa',
      '10': 'dateOfBirth',
    });
    expect(report).toMatchObject({
      imported: AGENCY_PEOPLE.length,
      invalid: 0,
      skippedDuplicates: 0,
      fieldProblemCount: 0,
    });
    for (const p of AGENCY_PEOPLE) expectProfile(db, p);
    for (const name of [...HIDDEN_PEOPLE, 'Very Hidden Person'])
      expect(searchTalent(db, { text: name }).total).toBe(0);
    expect(profile(db, 'Priya Sharma').unionName).toBe('CINTAA');
  });

  it('the hidden sheet is read when chosen', async () => {
    const path = write('Star Cast roster.xlsx', await agencyWorkbook());
    const preview = await previewImport(path, { sheet: 'Old list 2019' });
    expect(preview.sheet).toBe('Old list 2019');
    expect(preview.rowCount).toBe(HIDDEN_PEOPLE.length);
  });

  it('a Windows-1252 CSV: curly quotes, en dashes and Zoë read right, never as Turkish letters', async () => {
    const bytes = cp1252Csv();
    // ’ “ ” – … € are single bytes in 0x80–0x9F, which no ISO-8859 encoding has letters for.
    for (const b of [0x80, 0x85, 0x92, 0x93, 0x94, 0x96])
      expect(bytes.includes(b), b.toString(16)).toBe(true);
    const { preview, report } = await importInto(db, write('office-pc.csv', bytes));
    expect(preview.encoding).toBe('windows-1252');
    expect(report).toMatchObject({ imported: CP1252_PEOPLE.length, invalid: 0, fieldProblemCount: 0 });
    for (const p of CP1252_PEOPLE) expectProfile(db, p);
    for (const t of everyone(db)) expect(`${t.fullName} ${t.notes}`).not.toMatch(/[ğĞşŞıİ]/);
    expect(profile(db, 'Zoë D’Souza').notes).toMatch(
      /^Age 32 in the file on \d{4}-\d{2}-\d{2} \(date of birth estimated\)$/m,
    );
  });

  it('a UTF-16LE CSV with a BOM and Hindi headers', async () => {
    const { preview, report } = await importInto(db, write('unicode-text.csv', utf16Csv()));
    expect(preview.encoding).toBe('UTF-16LE');
    expect(preview.suggestedMapping).toEqual({
      '0': 'fullName',
      '1': 'phone',
      '2': 'age',
      '3': 'heightCm',
      '4': 'languages',
      '5': 'city',
      '6': 'email',
    });
    expect(report).toMatchObject({ imported: UTF16_PEOPLE.length, invalid: 0, fieldProblemCount: 0 });
    for (const p of UTF16_PEOPLE) expectProfile(db, p);
  });

  it('a ragged CSV: mixed line endings, NULs, short and long rows, an unclosed quote — everyone kept, rows reported by line', async () => {
    const { bytes, lines } = raggedCsv();
    const { preview, report } = await importInto(db, write('ragged.csv', bytes));
    const warnings = preview.warnings.join(' ');
    expect(warnings).toMatch(
      new RegExp(`3 NUL byte\\(s\\) were removed \\(lines ${lines.nul.join(', ')}\\)`),
    );
    expect(warnings).toMatch(new RegExp(`1 row\\(s\\) have broken quotes \\(row ${lines.unclosed}\\)`));
    const people = [...RAGGED_PEOPLE, UNCLOSED, ...AFTER_UNCLOSED];
    // Rohan Mehra's row (too many cells) is not a duplicate here: this office is empty.
    expect(report).toMatchObject({ imported: people.length + 1, invalid: 0 });
    expect(report.fieldProblems.map((p) => [p.row, p.name, p.column])).toEqual([
      [lines.long, 'Rohan Mehra', '(whole row)'],
      [lines.unclosed, 'Farhan Qureshi', '(whole row)'],
    ]);
    expect(report.fieldProblems[1]!.why).toMatch(/never closed/);
    for (const p of people) expectProfile(db, p);
  });

  it('row numbers are the lines a text editor shows, also after a cell that holds line breaks', async () => {
    const csv = [
      'Name,Phone,Notes',
      'Asha Rao,9820017171,"Two-line note:',
      'theatre and ads"',
      '"Broken Quote,9820018181,never closed',
      'Ishaan Kapoor,9820021212,"Hin, Eng"',
      ',9820022323,no name here',
    ].join('\r\n');
    const { report } = await importInto(db, write('lines.csv', Buffer.from(csv)));
    expect(report.imported).toBe(3);
    expect(report.fieldProblems.map((p) => [p.row, p.name])).toEqual([[4, 'Broken Quote']]);
    expect(report.problems.map((p) => p.row)).toEqual([6]);
    expect(profile(db, 'Asha Rao').notes).toBe('Two-line note:\ntheatre and ads');
    expect(profile(db, 'Ishaan Kapoor').phone).toBe('+919820021212');
  });

  it('five kinds of file into one office: every distinct person once, field by field', async () => {
    const results = await importTheOffice();
    const reports = results.map((r) => r.report);
    expect(reports.map((r) => r.invalid)).toEqual([0, 0, 0, 0]);
    // Rohan Mehra, in the workbook, comes again in the ragged file with his phone written another way.
    expect(reports[3]!.duplicates).toEqual([
      {
        row: raggedCsv().lines.long,
        name: 'Rohan Mehra',
        existingId: expect.any(String),
        reason: 'same phone number',
      },
    ]);
    const all = everyone(db);
    expect(all).toHaveLength(ALL_PEOPLE.length);
    expect(new Set(all.map((t) => t.fullName)).size).toBe(ALL_PEOPLE.length);
    expect(reports.reduce((n, r) => n + r.imported, 0)).toBe(ALL_PEOPLE.length);
    for (const p of ALL_PEOPLE) expectProfile(db, p);
    // Canonical values make the filters find everyone.
    const hindi = searchTalent(db, {
      filters: { languages: [{ language: 'Hindi', minFluency: 1 }] },
      limit: 100,
    });
    expect(hindi.total).toBe(ALL_PEOPLE.filter((p) => p.want.languages.includes('Hindi')).length);
    const mumbai = searchTalent(db, { filters: { cities: ['Mumbai'] }, limit: 100 });
    expect(mumbai.total).toBe(ALL_PEOPLE.filter((p) => p.want.city === 'Mumbai').length);
    // Native names are searchable both ways.
    expect(searchTalent(db, { text: 'सायली' }).items.map((i) => i.fullName)).toEqual(['Sayali Patil']);
    expect(searchTalent(db, { text: 'ਗੁਰਪ੍ਰੀਤ' }).items.map((i) => i.fullName)).toEqual(['Gurpreet Kaur']);
  });
});

describe("re-importing the office's own export", () => {
  const COMPARED = [
    'fullName',
    'nativeName',
    'stageName',
    'aliases',
    'gender',
    'dateOfBirth',
    'playingAgeMin',
    'playingAgeMax',
    'heightCm',
    'build',
    'languages',
    'dialects',
    'skills',
    'city',
    'homeState',
    'agency',
    'agentName',
    'agentPhone',
    'agentEmail',
    'unionName',
    'unionNumber',
    'phone',
    'email',
    'showreelUrl',
    'tags',
    'rating',
    'availability',
    'notes',
  ] as const satisfies readonly (keyof Talent)[];
  // A phone typed with spaces in the app comes back in E.164: the same number.
  const digits = (phone: string | null) => phone?.replace(/[^\d+]/g, '') ?? null;
  const values = (target: AppDatabase) =>
    everyone(target)
      .map((t) =>
        Object.fromEntries(
          COMPARED.map((k) => [
            k,
            k === 'phone' ? digits(t.phone) : k === 'aliases' ? (t.aliases ?? []) : t[k],
          ]),
        ),
      )
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  for (const format of ['csv', 'xlsx'] as const) {
    it(`gives back the same people and values (${format})`, async () => {
      await importTheOffice();
      // Values the messy files do not carry, so the export has every column filled somewhere.
      const zoe = profile(db, 'Zoë D’Souza');
      db.sqlite
        .prepare(
          `UPDATE talent SET stage_name = 'Zoë D', home_state = 'Goa', agency = 'Star Cast', agent_name = 'Ritu',
             agent_phone = '+919820099999', showreel_url = 'https://youtu.be/abc', tags = ?, skills = ?,
             dialects = ?, build = 'Athletic', agent_email = 'ritu@starcast.in', rating = 4,
             availability = 'on_project', aliases = ? WHERE id = ?`,
        )
        .run(
          // List items holding the separators an agency sheet uses, and a quote: each stays one item.
          JSON.stringify(['lead', 'singer, dancer', 'say "yes"']),
          JSON.stringify(['Kathak/Bharatanatyam', 'Horse riding', 'Sword; stick fighting']),
          JSON.stringify(['Goan English', 'Konkani | Salcete']),
          // Other spellings a merge kept, one holding a comma.
          'Zoe Dsouza\nZoë D’Souza, Goa',
          zoe.id,
        );
      // And the demo office's people: every gender, availability, fluency and list the app can hold.
      seedDemo(db, 300, 11);
      const before = values(db);
      const exported = await exportTalent(db, {}, format);
      expect(exported.rows).toBe(ALL_PEOPLE.length + 300);
      const fresh = await memoryDb();
      try {
        const { report } = await importInto(fresh, write(`export.${format}`, exported.data));
        expect(report).toMatchObject({
          imported: ALL_PEOPLE.length + 300,
          invalid: 0,
          skippedDuplicates: 0,
          fieldProblemCount: 0,
          problems: [],
          duplicates: [],
        });
        expect(values(fresh)).toEqual(before);
        expect(profile(fresh, 'Zoë D’Souza').skills).toContain('Kathak/Bharatanatyam');
        // The other spellings are searchable again.
        expect(searchTalent(fresh, { text: 'Dsouza' }).items.map((i) => i.fullName)).toEqual(['Zoë D’Souza']);
      } finally {
        fresh.close();
      }
    });
  }
});
