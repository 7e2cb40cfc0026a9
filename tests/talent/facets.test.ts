// Facet counts come from a worker with its own connection, so a slow count never delays a search.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDatabase, databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { seedDemo } from '../../src/backend/talent/demo.ts';
import { talentFacets } from '../../src/backend/talent/facet-counts.ts';
import { FacetCounter } from '../../src/backend/talent/facets.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { tempDir } from '../support/db.ts';

let db: AppDatabase;
let facets: FacetCounter;
beforeEach(async () => {
  db = await openDatabase(databaseFile(join(tempDir(), 'data')));
  seedDemo(db, 500, 8);
  facets = new FacetCounter(db);
});
afterEach(() => {
  facets.close();
  db.close();
});

describe('facet counts in a worker', () => {
  it('match the in-thread counts, see committed writes, and keep concurrent answers apart', async () => {
    const queries = [{}, { text: 'pri' }, { filters: { genders: ['female' as const], ageMin: 25 } }];
    const answers = await Promise.all(queries.map((q) => facets.count(q)));
    expect(answers).toEqual(queries.map((q) => talentFacets(db, q)));
    const mumbai = async () =>
      (await facets.count({ text: '' })).cities.find((c) => c.value === 'Mumbai')?.count ?? 0;
    const before = await mumbai();
    createTalent(db, { fullName: 'Zoya Mirza', city: 'Mumbai' });
    expect(await mumbai()).toBe(before + 1);
  });

  it('reports a bad query as a typed error, and starts a new worker after one is gone', async () => {
    await expect(facets.count({ text: 'x'.repeat(10_000) })).rejects.toMatchObject({ code: 'VALIDATION' });
    facets.close();
    expect((await facets.count({})).genders.length).toBeGreaterThan(0);
  });
});
