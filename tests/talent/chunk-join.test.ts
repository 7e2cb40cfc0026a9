// The validation worker checks a batch a few hundred rows at a time and, when the import thread has run dry,
// sends it what is checked so far (chunks.ts CHECK_ROWS). However a batch is cut, the chunks it is sent as must
// hold what checking it whole gives: the same rows, row numbers, duplicate keys, and field problems pointing at
// the same rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BatchChecks,
  checkBatch,
  joinChunks,
  type RawChunk,
  rawSlice,
} from '../../src/backend/talent/import/chunks.ts';
import { suggestMapping } from '../../src/backend/talent/import/mapping.ts';
import { AGENCY_HEADERS, AGENCY_PEOPLE } from './messy-files.ts';

const cellText = (v: string | number | Date | undefined) =>
  v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

// The agency people (field problems, native names, messy phones and ages), and rows with no name at all.
const people = AGENCY_PEOPLE.map((p) => AGENCY_HEADERS.map((h) => cellText(p.cells[h])));
const noName = AGENCY_HEADERS.map((h) => (h === 'Ht' ? 'tall' : h === 'E-mail ID' ? 'not an email' : ''));
const checks: BatchChecks = {
  header: [...AGENCY_HEADERS],
  headerRow: 3,
  mapping: suggestMapping(AGENCY_HEADERS),
  withKeys: true,
  today: Date.UTC(2026, 11, 7),
};

describe('a batch checked in pieces', () => {
  it('joins into the chunk of checking it whole, wherever it is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...people), fc.constant(noName)), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 41 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 10_000 }),
        (more, cuts, start) => {
          const rows = [people[0]!, people[1]!, ...more]; // row 2 has the quote note: a field problem
          const raw: RawChunk = {
            start,
            rows,
            rowNumbers: rows.map((_, i) => 4 + start + i),
            rowNotes: [{ row: 5 + start, message: 'A quote in this row is not where CSV expects it' }],
          };
          const ends = [...new Set(cuts.filter((c) => c < rows.length))].sort((a, b) => a - b);
          const bounds = [0, ...ends, rows.length];
          const parts = bounds.slice(1).map((to, i) => checkBatch(checks, rawSlice(raw, bounds[i]!, to)));
          const whole = checkBatch(checks, raw);
          expect(whole.fieldProblems.length).toBeGreaterThan(0);
          expect(joinChunks(parts)).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });
});
