// A large import parses its CSV a batch at a time (streamSheet) so that writing starts before the file is
// parsed. Whatever the file's mess, the rows, their line numbers and the notes on broken rows must be exactly
// those of reading the file whole (readSheet), batch size 1 included.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type DataBatch, readSheet, streamSheet } from '../../src/backend/talent/import/read.ts';
import { tempDir } from '../support/db.ts';
import { cp1252Csv, raggedCsv, utf16Csv } from './messy-files.ts';

const dir = tempDir();
let n = 0;
const write = (bytes: Buffer | string) => {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, bytes);
  return path;
};

async function streamed(path: string, batch: number, headerRow?: number, pieceBytes?: number) {
  const s = await streamSheet(path, { headerRow }, batch, pieceBytes);
  const all: DataBatch = { rows: [s.header], rowNumbers: [s.headerRow], rowNotes: [] };
  const estimates: number[] = [];
  for (let b = s.next(); b; b = s.next()) {
    // After the first (which holds what the header was looked for in), a batch is at most `batch` rows.
    if (estimates.length) expect(b.rows.length).toBeLessThanOrEqual(batch);
    all.rows.push(...b.rows);
    all.rowNumbers.push(...b.rowNumbers);
    all.rowNotes.push(...b.rowNotes);
    estimates.push(s.total());
  }
  return { ...all, total: s.total(), estimates };
}

async function expectSame(path: string, batch: number, headerRow?: number, pieceBytes?: number) {
  const whole = await readSheet(path, { headerRow }).catch((e: Error) => e);
  if (whole instanceof Error) {
    // A file refused whole (not text, no header) is refused the same way read in batches.
    await expect(streamed(path, batch, headerRow, pieceBytes)).rejects.toThrow(whole.message);
    return null;
  }
  const s = await streamed(path, batch, headerRow, pieceBytes);
  expect(s.rows).toEqual(whole.rows);
  expect(s.rowNumbers).toEqual(whole.rowNumbers);
  expect(s.rowNotes).toEqual(whole.rowNotes);
  expect(s.total).toBe(whole.rows.length - 1);
  return s;
}

// Pieces of the CSV people send: quoted cells with commas and line breaks, quotes never closed, quotes in the
// wrong place, blank lines, NUL bytes, title rows, Devanagari, and every kind of line end.
const cell = fc.oneof(
  fc.constantFrom('Asha Rao', 'प्रिया शर्मा', '5\'6"', 'Hin & Eng', '', ' ', '98200 11111', 'early 40s'),
  fc.constantFrom('"Mumbai, Andheri (W)"', '"two\nlines"', '"two\r\nlines"', '"never closed', 'a"b', '""'),
  fc.constantFrom('x\u0000y', '"quoted ""inner"""', 'Bombay'),
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
const line = fc.tuple(fc.array(cell, { minLength: 0, maxLength: 6 }), lineEnd);
const file = fc
  .tuple(
    fc.constantFrom('', 'Sunrise Talent Agency — Mumbai\n', 'Artist list\r\n\r\n'),
    fc.constantFrom('Name,Phone,City,Notes', 'Name;Phone;City'),
    fc.array(line, { minLength: 0, maxLength: 40 }),
    fc.boolean(),
  )
  .map(([title, header, lines, crlfOnly]) => {
    const body = lines.map(([cells, end]) => cells.join(',') + (crlfOnly ? '\r\n' : end)).join('');
    return `${title}${header}${crlfOnly ? '\r\n' : '\n'}${body}`;
  });

describe('a CSV read a batch at a time', () => {
  it('gives the rows, line numbers and notes of reading it whole, for any mess and batch size', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.integer({ min: 1, max: 7 }), async (text, batch) => {
        await expectSame(write(text), batch);
      }),
      { numRuns: 300 },
    );
  });

  // The text is decoded a piece at a time (cut after a line feed): a cut inside a quoted cell with line breaks,
  // before a record's end or anywhere else must change nothing. Pieces of 1 to 40 bytes cut at every line.
  // A file with NUL bytes or mixed line ends is decoded whole, so these have one kind of line end and no NUL.
  const oneLineEnd = fc.tuple(file, fc.boolean()).map(([text, crlf]) =>
    text
      .replace(/\0/g, '')
      .replace(/\r\n?/g, '\n')
      .replace(/\n/g, crlf ? '\r\n' : '\n'),
  );
  it('gives the same rows however the text is cut into pieces to decode', async () => {
    await fc.assert(
      fc.asyncProperty(
        oneLineEnd,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 40 }),
        async (text, batch, piece) => {
          await expectSame(write(text), batch, undefined, piece);
        },
      ),
      { numRuns: 300 },
    );
    for (const bytes of [cp1252Csv(), Buffer.from(raggedCsv().bytes)]) {
      for (const piece of [1, 7, 64]) await expectSame(write(bytes), 3, undefined, piece);
    }
  });

  it('the messy agency files: Windows-1252, UTF-16 with Hindi headers, ragged with an unclosed quote', async () => {
    for (const bytes of [cp1252Csv(), utf16Csv(), Buffer.from(raggedCsv().bytes)]) {
      for (const batch of [1, 2, 5, 5000]) await expectSame(write(bytes), batch);
    }
  });

  it('finds a chosen header row past the first batch', async () => {
    const lines = [
      'Old list, do not use',
      ...Array.from({ length: 30 }, (_, i) => `note ${i}`),
      'Name,Phone',
    ];
    for (let i = 0; i < 20; i++) lines.push(`Person ${i},98200${String(i).padStart(5, '0')}`);
    const path = write(lines.join('\r\n'));
    const s = (await expectSame(path, 4, 32))!;
    expect(s.rows[0]).toEqual(['Name', 'Phone']);
    expect(s.rowNumbers.slice(0, 2)).toEqual([32, 33]);
  });

  it('estimates the row count from the text read so far, and is exact at the end', async () => {
    const lines = ['Name,City'];
    for (let i = 0; i < 1000; i++) lines.push(`Person ${i},Pune`);
    const s = await streamed(write(iconv.encode(lines.join('\n'), 'utf8')), 100);
    expect(s.estimates.at(-1)).toBe(1000);
    for (const e of s.estimates) expect(Math.abs(e - 1000)).toBeLessThan(100); // within 10 %
  });
});
