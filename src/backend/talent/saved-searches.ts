// Saved talent searches (src/shared/saved-searches.ts), one `setting` row each under
// `talent.savedSearch:<name, lower case>`: no migration, and two windows saving different names never
// overwrite each other's list. Local to this office's store (not synced today; one row per search keeps
// that open).
import type { z } from 'zod';
import { type SavedSearch, type savedSearchMethods, savedSearchSchema } from '../../shared/saved-searches.ts';
import type { AppDatabase } from '../store/db.ts';

const PREFIX = 'talent.savedSearch:';
// ';' is the character after ':', so [PREFIX, END) is exactly the keys under PREFIX.
const END = 'talent.savedSearch;';
const keyOf = (name: string) => PREFIX + name.trim().toLocaleLowerCase();

export function listSavedSearches(db: AppDatabase): SavedSearch[] {
  const rows = db.sqlite.prepare('SELECT value FROM setting WHERE key >= ? AND key < ?').all(PREFIX, END) as {
    value: string;
  }[];
  const out: SavedSearch[] = [];
  for (const row of rows) {
    // A row that no longer parses (hand-edited, or an older shape) is skipped, not fatal to the list.
    try {
      const r = savedSearchSchema.safeParse(JSON.parse(row.value));
      if (r.success) out.push(r.data);
    } catch {}
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function put(db: AppDatabase, s: SavedSearch, replace: boolean): void {
  db.sqlite
    .prepare(
      `INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO ${
        replace ? 'UPDATE SET value = excluded.value, updated_at = excluded.updated_at' : 'NOTHING'
      }`,
    )
    .run(keyOf(s.name), JSON.stringify(s), Date.now());
}

type M = typeof savedSearchMethods;
export type SavedSearchHandlers = {
  [K in keyof M]: (input: z.output<M[K]['input']>) => z.input<M[K]['output']>;
};

export function createSavedSearchHandlers(db: AppDatabase): SavedSearchHandlers {
  return {
    'savedSearches.list': () => listSavedSearches(db),
    'savedSearches.save': (s) => {
      put(db, s, true);
      return listSavedSearches(db);
    },
    'savedSearches.delete': ({ name }) => {
      db.sqlite.prepare('DELETE FROM setting WHERE key = ?').run(keyOf(name));
      return listSavedSearches(db);
    },
    'savedSearches.importLocal': ({ searches }) => {
      db.sqlite.transaction(() => {
        for (const s of searches) put(db, s, false);
      })();
      return listSavedSearches(db);
    },
  };
}
