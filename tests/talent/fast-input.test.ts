// The import's hand-written checks (fast-input.ts) give exactly what zod gives: on random profile inputs, valid
// and not; and through the whole row validation, on generated agency rows, the messy fixture files and demo
// profiles, against the same validation with the fast path switched off.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import { demoTalent } from '../../src/backend/talent/demo.ts';
import { suggestMapping } from '../../src/backend/talent/import/columns.ts';
import { fastTalentInput } from '../../src/backend/talent/import/fast-input.ts';
import { readSheet } from '../../src/backend/talent/import/read.ts';
import { GENDERS, type TalentInput, talentInputSchema } from '../../src/shared/talent.ts';
import { tempDir } from '../support/db.ts';
import { agencyWorkbook, cp1252Csv, raggedCsv, utf16Csv } from './messy-files.ts';

/** Mostly values the schema takes, sometimes ones it refuses: both paths get exercised. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
const okStr = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '  Priya  ', 'x'.repeat(200), 'अर्जुन'),
);
const str = mostly(okStr, fc.constantFrom('y'.repeat(201), 7));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(fc.oneof(a, fc.constant(undefined)), { nil: null });
const int = (min: number, max: number) =>
  mostly(
    fc.integer({ min, max }),
    fc.constantFrom(min - 1, max + 1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '5'),
  );
const list = (max: number) =>
  fc.option(
    mostly(
      fc.array(okStr, { maxLength: 4 }),
      fc.oneof(fc.array(str, { maxLength: max + 2 }), fc.constant('x')),
    ),
    {
      nil: undefined,
    },
  );
const input: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    fullName: mostly(
      fc.constantFrom('Priya', ' Priya Sharma ', 'x'.repeat(200)),
      fc.constantFrom('', ' ', 42, 'y'.repeat(201)),
    ),
    nativeName: maybe(str),
    stageName: maybe(str),
    gender: maybe(mostly(fc.constantFrom(...GENDERS), fc.constantFrom('f', 'Female'))),
    dateOfBirth: maybe(
      mostly(
        fc.constantFrom('1990-02-01', '2001-12-31'),
        fc.constantFrom('1990-13-45', '2999-01-01', '01/02/1990', '1994-03-21 '),
      ),
    ),
    playingAgeMin: maybe(int(0, 120)),
    playingAgeMax: maybe(int(0, 120)),
    heightCm: maybe(int(40, 260)),
    build: maybe(str),
    languages: fc.option(
      mostly(
        fc.array(
          fc.record({
            language: fc.constantFrom('Hindi', ' Tamil ', 'x'.repeat(40)),
            fluency: fc.integer({ min: 1, max: 5 }),
          }),
          { maxLength: 4 },
        ),
        fc.array(
          fc.record({
            language: fc.constantFrom('', 'y'.repeat(41), 'Hindi'),
            fluency: int(1, 5),
            extra: fc.constant(1),
          }),
          { maxLength: 32 },
        ),
      ),
      { nil: undefined },
    ),
    skills: list(60),
    dialects: list(30),
    tags: list(50),
    city: maybe(str),
    agentEmail: maybe(
      mostly(
        fc.constantFrom('a@b.in'),
        fc.constantFrom('not an email', ' a@b.in', `${'a'.repeat(195)}@b.in`),
      ),
    ),
    email: maybe(mostly(fc.constantFrom('Priya@Mail.COM', 'x@y.co'), fc.constantFrom('priya@'))),
    phone: maybe(
      mostly(
        fc.constantFrom('+919820011111', ' +91 98200 11111 '),
        fc.constantFrom('98200', 'call me', `+${'1'.repeat(40)}`),
      ),
    ),
    notes: maybe(mostly(okStr, fc.constant('n'.repeat(20_001)))),
    rating: maybe(int(0, 5)),
    availability: fc.option(mostly(fc.constantFrom('available', 'unknown'), fc.constant('busy')), {
      nil: undefined,
    }),
    showreelUrl: maybe(mostly(fc.constantFrom('https://youtu.be/abc'), fc.constantFrom('youtu.be/abc', 'x'))),
    links: mostly(fc.constant([]), fc.constant([{ label: 'x', url: 'https://a.in' }])),
    unexpected: fc.constant('dropped by zod'),
  },
  { requiredKeys: ['fullName'] },
);

describe('fastTalentInput', () => {
  it('gives what zod gives when it vouches for a value, and nothing when zod would refuse', () => {
    let vouched = 0;
    fc.assert(
      fc.property(input, (i) => {
        const fast = fastTalentInput(i as TalentInput);
        const zod = talentInputSchema.safeParse(i);
        if (!zod.success) expect(fast).toBeNull();
        if (fast) {
          vouched++;
          expect(fast).toEqual(zod.data);
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
    // Not vacuous: plenty of the random inputs pass every check.
    expect(vouched).toBeGreaterThan(300);
  });

  it('passes a frozen list (the import memo shares one per cell) on as itself only when it is its own parse', () => {
    const freeze = <T>(v: T): T => {
      if (v && typeof v === 'object') {
        for (const x of Object.values(v)) freeze(x);
        Object.freeze(v);
      }
      return v;
    };
    let same = 0;
    fc.assert(
      fc.property(input, (i) => {
        const frozen = freeze(structuredClone(i)) as TalentInput;
        const zod = talentInputSchema.safeParse(frozen);
        // Twice: the second time the lists come from the record of lists already checked.
        for (const fast of [fastTalentInput(frozen), fastTalentInput(frozen)]) {
          if (!zod.success) expect(fast).toBeNull();
          if (!fast) continue;
          expect(fast).toEqual(zod.data);
          for (const k of ['languages', 'skills', 'dialects', 'tags'] as const) {
            const given = frozen[k];
            const passedOn = given !== undefined && (fast[k] as unknown) === given;
            if (passedOn) same++;
            // As itself only where zod's copy is equal to it (nothing trimmed, no extra keys dropped).
            if (passedOn) expect(given).toStrictEqual(zod.data?.[k]);
          }
        }
      }),
      { numRuns: 2000, seed: 12 },
    );
    expect(same).toBeGreaterThan(500);
  });

  it('vouches for every demo profile', () => {
    for (const t of demoTalent(500, 3)) expect(fastTalentInput(t)).toEqual(talentInputSchema.parse(t));
  });
});

/** The fast path switched off: every row goes to zod, as before it existed. */
const off = vi.fn(() => null);

/** The rows of a file, validated as the import does, with the fast path on or off. */
async function validated(path: string, fast: boolean) {
  vi.resetModules();
  if (!fast) vi.doMock('../../src/backend/talent/import/fast-input.ts', () => ({ fastTalentInput: off }));
  else vi.doUnmock('../../src/backend/talent/import/fast-input.ts');
  const { validateChunk, CHUNK_ROWS } = await import('../../src/backend/talent/import/chunks.ts');
  const sheet = await readSheet(path, {});
  const mapping = suggestMapping(sheet.rows[0]!);
  const today = new Date('2026-06-01T00:00:00Z');
  const out = [];
  for (let at = 0; at < sheet.rows.length - 1; at += CHUNK_ROWS)
    out.push(validateChunk(sheet, at, mapping, true, today));
  return out;
}

// Cells as agencies write them, for every column the import reads.
const CELLS: Record<string, string[]> = {
  Name: ['Priya Sharma (प्रिया शर्मा)', 'ROHAN  MEHRA!!', '', '-', 'Zoë D’Souza', 'x'.repeat(230)],
  'Stage Name': ['', 'Ro', 's'.repeat(210)],
  'Other spellings': ['', 'Preeya Sharma, "Sharma, Priya"', 'Priya Sharma'],
  Gender: ['F', 'male', 'Female', 'xyz', ''],
  DOB: ['01/02/1990', '1990-02-01', '31/02/1990', '12/12/2099', 'NA', ''],
  Age: ['', '34', 'mid 30s', 'old'],
  'Playing Age': ['25-30', 'early 40s', '49', '30-20', 'young', ''],
  Height: ['168', '5\'6"', '5.10', '1.68 m', '300 cm', 'tall', ''],
  Build: ['Athletic', '', 'b'.repeat(205)],
  Languages: ['Hin, Eng', 'Marathi (native) & Hindi', 'Tam/Tel', ''],
  Dialects: ['Bambaiya', '', 'Goan English; Konkani'],
  Skills: ['Kathak/Bharatanatyam', '"Kathak/Bharatanatyam", Horse riding', 'Singing; Dancing', ''],
  City: ['Andheri (W)', 'Bombay', 'Panjim, Goa', ''],
  Agency: ['Star Cast', '', 'a'.repeat(201)],
  'Agent Email': ['ritu@starcast.in', 'ritu at starcast', ''],
  'CINTAA Card No.': ['12345', ''],
  'Contact No.': [
    '98200 11111',
    '9820011111.0',
    '98xxxxxxxx / 99xxxxxxxx',
    '+91-98200-11111 / 99200 22222',
    'nil',
    '',
  ],
  'WhatsApp No.': ['', '99200 33333'],
  Email: ['priya@mail.com', 'NA', 'priya@', 'a@b.in, c@d.in', ''],
  Showreel: ['youtu.be/abc', 'https://vimeo.com/1', 'my reel', ''],
  Tags: ['lead', '"singer, dancer", lead', ''],
  Rating: ['4', '★★★', '7', ''],
  Availability: ['yes', 'on shoot', 'no', 'maybe', ''],
  Notes: ['Theatre background', '', '=cmd|calc'],
};

describe('row validation with and without the fast path', () => {
  it('is identical on generated agency rows, the messy fixture files and demo profiles', async () => {
    const dir = tempDir();
    const files: string[] = [];
    const write = (name: string, data: Buffer | string) => {
      const p = join(dir, name);
      writeFileSync(p, data);
      files.push(p);
    };
    const headers = Object.keys(CELLS);
    const rows = fc.sample(fc.tuple(...headers.map((h) => fc.constantFrom(...CELLS[h]!))), {
      numRuns: 3000,
      seed: 5,
    });
    write('generated.csv', Papa.unparse([headers, ...rows]));
    write('workbook.xlsx', await agencyWorkbook());
    write('cp1252.csv', cp1252Csv());
    write('utf16.csv', utf16Csv());
    write('ragged.csv', raggedCsv().bytes);
    const demo = demoTalent(2000, 9);
    write(
      'demo.csv',
      Papa.unparse([
        [
          'Name',
          'Native Name',
          'Gender',
          'DOB',
          'Height',
          'Skills',
          'City',
          'Phone',
          'Email',
          'Tags',
          'Notes',
        ],
        ...demo.map((t) => [
          t.fullName,
          t.nativeName ?? '',
          t.gender ?? '',
          t.dateOfBirth ?? '',
          `${t.heightCm ?? ''}`,
          t.skills.join('; '),
          t.city ?? '',
          t.phone ?? '',
          t.email ?? '',
          t.tags.join('; '),
          t.notes ?? '',
        ]),
      ]),
    );
    let compared = 0;
    for (const f of files) {
      const fast = await validated(f, true);
      const slow = await validated(f, false);
      expect(fast, f).toEqual(slow);
      compared += fast.reduce((n, c) => n + c.rows.length, 0);
    }
    vi.doUnmock('../../src/backend/talent/import/fast-input.ts');
    expect(compared).toBeGreaterThan(5000);
    expect(off.mock.calls.length).toBeGreaterThan(3000);
  });
});
