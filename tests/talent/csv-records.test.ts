// CsvReader parses with Papa's own parser, called without Papa.parse's streamer layers around it (csv.ts
// `records`: those layers kept what a parse allocated alive through the young generation's collections). It
// must read every messy CSV exactly as Papa.parse does: the same records, the same errors at the same rows,
// and the same cursor, which the reader uses to find where the next batch starts.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { records } from '../../src/backend/talent/import/csv.ts';

const cell = fc.constantFrom(
  'Asha Rao',
  'प्रिया शर्मा',
  '5\'6"',
  '',
  ' ',
  '"Mumbai, Andheri (W)"',
  '"two\nlines"',
  '"two\r\nlines"',
  '"never closed',
  'a"b',
  '""',
  '"quoted ""inner"""',
  '"closed" then text',
  'x\u0000y',
  'zero\u200dwidth\ufeffmark',
  'Bombay;Pune',
);
const text = fc
  .tuple(
    fc.array(fc.array(cell, { minLength: 0, maxLength: 6 }), { minLength: 0, maxLength: 25 }),
    fc.constantFrom(',', ';'),
    fc.constantFrom('\n' as const, '\r\n' as const),
    fc.boolean(),
  )
  .map(([rows, delimiter, newline, endsWithNewline]) => ({
    delimiter,
    newline,
    text: rows.map((r) => r.join(delimiter)).join(newline) + (endsWithNewline ? newline : ''),
  }));

describe("Papa's parser without Papa.parse around it", () => {
  it('gives the records, errors and cursor of Papa.parse for any mess, record limit and mode', () => {
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(undefined, false),
        ({ text: t, delimiter, newline }, preview, fastMode) => {
          const ours = records(t, delimiter, newline, preview, fastMode);
          const papa = Papa.parse<string[]>(t, {
            delimiter,
            newline,
            skipEmptyLines: false,
            preview,
            fastMode,
          });
          expect(ours.data).toEqual(papa.data);
          expect(ours.errors).toEqual(papa.errors);
          expect(ours.meta.cursor).toBe(papa.meta.cursor);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
