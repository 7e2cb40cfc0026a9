// Property test: for random filter combinations and sorts, paging through searchTalent returns exactly the
// profiles a plain JavaScript filter over every row selects — no more, no fewer, none twice, in order.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { seedDemo } from '../../src/backend/talent/demo.ts';
import { rowToTalent, type TalentRow } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import type { Talent, TalentFilters } from '../../src/shared/talent.ts';
import { memoryDb } from '../support/db.ts';

let db: AppDatabase;
let all: (Talent & { ageFrom: number | null; ageTo: number | null; rowid: number; sortName: string })[];

beforeAll(async () => {
  db = await memoryDb();
  seedDemo(db, 1500, 99);
  // A few tombstoned rows that must never appear.
  db.sqlite.exec(`UPDATE talent SET deleted_at = 1 WHERE rowid % 97 = 0`);
  all = (
    db.sqlite.prepare('SELECT rowid, * FROM talent WHERE deleted_at IS NULL').all() as (TalentRow & {
      age_from: number | null;
      age_to: number | null;
      rowid: number;
      sort_name: string;
    })[]
  ).map((r) => ({
    ...rowToTalent(r),
    ageFrom: r.age_from,
    ageTo: r.age_to,
    rowid: r.rowid,
    sortName: r.sort_name,
  }));
});
afterAll(() => db.close());

const filtersArb: fc.Arbitrary<Partial<TalentFilters>> = fc.record(
  {
    genders: fc.subarray(['female', 'male', 'non_binary', 'trans_woman'] as const, { maxLength: 2 }),
    ageMin: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    ageMax: fc.option(fc.integer({ min: 10, max: 90 }), { nil: null }),
    heightMin: fc.option(fc.integer({ min: 120, max: 175 }), { nil: null }),
    languages: fc
      .subarray(['Marathi', 'Tamil', 'Hindi', 'English'], { maxLength: 2 })
      .chain((ls) =>
        fc.tuple(
          ...ls.map((language) =>
            fc.record({ language: fc.constant(language), minFluency: fc.integer({ min: 1, max: 5 }) }),
          ),
        ),
      ),
    skills: fc.subarray(['Kathak', 'Horse riding', 'Swimming'], { maxLength: 1 }),
    cities: fc.subarray(['Mumbai', 'Pune', 'Kolkata'], { maxLength: 2 }),
    unions: fc.subarray(['CINTAA'], { maxLength: 1 }),
    availability: fc.subarray(['available', 'on_project'] as const, { maxLength: 1 }),
  },
  { requiredKeys: [] },
);

function matches(t: (typeof all)[number], f: Partial<TalentFilters>): boolean {
  if (f.genders?.length && !f.genders.includes(t.gender!)) return false;
  if (f.ageMin != null && !(t.ageTo != null && t.ageTo >= f.ageMin)) return false;
  if (f.ageMax != null && !(t.ageFrom != null && t.ageFrom <= f.ageMax)) return false;
  if (f.heightMin != null && !(t.heightCm != null && t.heightCm >= f.heightMin)) return false;
  for (const l of f.languages ?? [])
    if (!t.languages.some((x) => x.language === l.language && x.fluency >= l.minFluency)) return false;
  for (const s of f.skills ?? []) if (!t.skills.includes(s)) return false;
  if (f.cities?.length && !f.cities.includes(t.city!)) return false;
  if (f.unions?.length && !f.unions.includes(t.unionName!)) return false;
  if (f.availability?.length && !f.availability.includes(t.availability)) return false;
  return true;
}

describe('search agrees with a brute-force filter', () => {
  it('for random filters, sorts and page sizes', () => {
    fc.assert(
      fc.property(
        filtersArb,
        fc.constantFrom('name', 'updated', 'relevance' as const),
        fc.integer({ min: 7, max: 400 }),
        (filters, sort, limit) => {
          // Without text, "relevance" sorts by name; ties go by rowid, in the sort's direction.
          const byName = (a: (typeof all)[number], b: (typeof all)[number]) =>
            a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : a.rowid - b.rowid;
          const byUpdated = (a: (typeof all)[number], b: (typeof all)[number]) =>
            b.updatedAt - a.updatedAt || b.rowid - a.rowid;
          const ordered = all
            .filter((t) => matches(t, filters))
            .sort(sort === 'updated' ? byUpdated : byName)
            .map((t) => t.id);
          const expected = new Set(ordered);
          const seen: string[] = [];
          let page = searchTalent(db, { filters, sort, limit });
          expect(page.total).toBe(expected.size);
          for (;;) {
            seen.push(...page.items.map((i) => i.id));
            if (!page.nextCursor) break;
            page = searchTalent(db, { filters, sort, limit, cursor: page.nextCursor, withTotal: false });
          }
          expect(seen.length).toBe(expected.size);
          expect(seen).toEqual(ordered);
        },
      ),
      { numRuns: 60, seed: 20261207 }, // seeded: the same filters on every run
    );
  });
});
