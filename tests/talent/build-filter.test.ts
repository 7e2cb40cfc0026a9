import { beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openDatabase } from '../../src/backend/store/db.ts';
import { seedDemo } from '../../src/backend/talent/demo.ts';
import { talentFacets } from '../../src/backend/talent/facet-counts.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';

describe('the build filter', () => {
  let db: AppDatabase;
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    seedDemo(db, 1500, 21);
  });
  const builds = (ids: string[]) =>
    ids.map(
      (id) => (db.sqlite.prepare('SELECT build FROM talent WHERE id = ?').get(id) as { build: string }).build,
    );

  it('finds only people of the chosen builds, with every sort and with text', () => {
    for (const sort of ['name', 'updated', 'relevance'] as const) {
      for (const text of ['', 'sharma']) {
        const r = searchTalent(db, { text, sort, limit: 500, filters: { builds: ['Athletic', 'Slim'] } });
        expect(r.items.length).toBeGreaterThan(0);
        expect(builds(r.items.map((c) => c.id)).every((b) => b === 'Athletic' || b === 'Slim')).toBe(true);
      }
    }
    const all = db.sqlite
      .prepare(
        "SELECT count(*) AS n FROM talent WHERE deleted_at IS NULL AND build = 'Muscular' AND gender = 'female'",
      )
      .get() as { n: number };
    const r = searchTalent(db, { filters: { builds: ['Muscular'], genders: ['female'] }, limit: 10 });
    expect(r.total).toBe(all.n);
  });

  it('counts builds in the facets, over the other filters, and a deleted profile leaves the counts', () => {
    const office = talentFacets(db, {});
    const slim = office.builds.find((b) => b.value === 'Slim')!;
    const n = db.sqlite.prepare("SELECT count(*) AS n FROM talent WHERE build = 'Slim'").get() as {
      n: number;
    };
    expect(slim.count).toBe(n.n);
    const women = talentFacets(db, { filters: { genders: ['female'], builds: ['Slim'] } });
    const w = db.sqlite
      .prepare("SELECT count(*) AS n FROM talent WHERE build = 'Curvy' AND gender = 'female'")
      .get() as { n: number };
    // Its own dimension is counted without its own filter: other builds can still be added.
    expect(women.builds.find((b) => b.value === 'Curvy')?.count).toBe(w.n);
    const one = searchTalent(db, { filters: { builds: ['Slim'] }, sort: 'name', limit: 1 }).items[0]!;
    db.sqlite.prepare('UPDATE talent SET deleted_at = 1 WHERE id = ?').run(one.id);
    expect(talentFacets(db, {}).builds.find((b) => b.value === 'Slim')?.count).toBe(n.n - 1);
  });
});
