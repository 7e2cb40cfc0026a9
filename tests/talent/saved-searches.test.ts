// Saved searches live in the office store (src/backend/talent/saved-searches.ts), reached through the typed
// contract: saving replaces by name ignoring case, the list comes back sorted, the one-time hand-over from
// localStorage keeps the office's copy of a name, and they survive closing and reopening the office.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import type { MethodName } from '../../src/shared/api.ts';
import type { TalentFilters } from '../../src/shared/talent.ts';
import { tempDir } from '../support/db.ts';

const EMPTY: TalentFilters = {
  genders: [],
  ageMin: null,
  ageMax: null,
  heightMin: null,
  heightMax: null,
  languages: [],
  skills: [],
  cities: [],
  unions: [],
  tags: [],
  availability: [],
  builds: [],
};
const search = (text: string, extra: Partial<TalentFilters> = {}) => ({
  text,
  filters: { ...EMPTY, ...extra },
  sort: 'name' as const,
});

let dataDir: string;
let backend: Backend;
beforeAll(async () => {
  dataDir = join(tempDir(), 'office');
  backend = await createBackend({ dataDir, transport: 'browser', version: 'test' });
});
afterAll(() => backend.close());

async function ok(method: MethodName, input: unknown) {
  const r = await backend.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as { name: string; search: ReturnType<typeof search> }[];
}

describe('saved searches in the office store', () => {
  it('saves, replaces by name ignoring case, lists sorted and deletes', async () => {
    expect(await ok('savedSearches.list', {})).toEqual([]);
    await ok('savedSearches.save', { name: 'Marathi women', search: search('', { genders: ['female'] }) });
    const two = await ok('savedSearches.save', { name: 'Drummers', search: search('tabla') });
    expect(two.map((s) => s.name)).toEqual(['Drummers', 'Marathi women']);
    const replaced = await ok('savedSearches.save', { name: '  marathi WOMEN ', search: search('patil') });
    expect(replaced.map((s) => s.name)).toEqual(['Drummers', 'marathi WOMEN']);
    expect(replaced[1]!.search.text).toBe('patil');
    expect(await ok('savedSearches.delete', { name: 'MARATHI women' })).toHaveLength(1);
  });

  it('refuses a nameless search or a bad filter with a typed error', async () => {
    for (const input of [
      { name: '   ', search: search('x') },
      { name: 'x'.repeat(81), search: search('x') },
      { name: 'Bad sort', search: { ...search('x'), sort: 'random' } },
      { name: 'Bad age', search: search('x', { ageMin: -4 as unknown as null }) },
    ]) {
      const r = await backend.dispatch('savedSearches.save', input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
    }
  });

  it('takes the searches an older version kept in localStorage once, keeping the office copy of a name', async () => {
    const list = await ok('savedSearches.importLocal', {
      searches: [
        { name: 'drummers', search: search('from the browser') },
        { name: 'Stunt riders', search: search('', { skills: ['Horse riding'] }) },
      ],
    });
    expect(list.map((s) => s.name)).toEqual(['Drummers', 'Stunt riders']);
    expect(list[0]!.search.text).toBe('tabla');
  });

  it('survives closing and reopening the office', async () => {
    backend.close();
    backend = await createBackend({ dataDir, transport: 'browser', version: 'test' });
    const list = await ok('savedSearches.list', {});
    expect(list.map((s) => s.name)).toEqual(['Drummers', 'Stunt riders']);
    expect(list[1]!.search.filters.skills).toEqual(['Horse riding']);
  });
});
