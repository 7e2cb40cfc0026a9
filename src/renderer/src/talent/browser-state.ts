import { z } from 'zod';
import { savedSearchSchema } from '../../../shared/saved-searches.ts';
import { TALENT_SORTS, talentFiltersSchema } from '../../../shared/talent.ts';
import type { SearchState } from './useTalentSearch.ts';

// What the talent browser was showing (search, filters, sort, scroll, open profile), kept in localStorage
// like the card size, so a section switch or a restart returns to the same place. Read through zod: a value
// from an older version or edited by hand falls back to the defaults. (Named searches belong to the office
// and live in its store: SavedSearches.tsx; this file only hands over what older versions kept here.)

const searchSchema = z.object({
  text: z.string().max(500).catch(''),
  filters: talentFiltersSchema.transform((f) => ({ ...f, builds: f.builds ?? [] })),
  sort: z.enum(TALENT_SORTS).catch('relevance'),
});

const browserSchema = z.object({
  search: searchSchema,
  view: z.enum(['grid', 'table']).catch('grid'),
  selected: z.string().max(100).nullable().catch(null),
  scrollTop: z.number().min(0).catch(0),
});
export interface BrowserState {
  search: SearchState;
  view: 'grid' | 'table';
  selected: string | null;
  scrollTop: number;
}

const STATE_KEY = 'castmatch.talentBrowser';
/** Where versions before the office store kept saved searches; read once, handed to the backend, removed. */
const LEGACY_SAVED_KEY = 'castmatch.savedSearches';

function read<T>(key: string, schema: z.ZodType<T>): T | null {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return null;
    const r = schema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function loadBrowserState(empty: SearchState): BrowserState {
  return (
    (read(STATE_KEY, browserSchema) as BrowserState | null) ?? {
      search: empty,
      view: 'grid',
      selected: null,
      scrollTop: 0,
    }
  );
}

export function saveBrowserState(s: BrowserState): void {
  try {
    localStorage.setItem(STATE_KEY, JSON.stringify(s));
  } catch {
    // A full or disabled storage only loses the convenience, never work.
  }
}

/** The scroll position changes on every frame: remembered in memory, written with the rest. */
let scrollTop: number | null = null;
export function rememberScroll(top: number): void {
  scrollTop = top;
}
export function rememberedScroll(): number | null {
  return scrollTop;
}

/** Saved searches an older version left in this browser's storage (each one checked), or none. */
export function legacySavedSearches(): { name: string; search: SearchState }[] {
  const list = read(LEGACY_SAVED_KEY, z.array(z.unknown()).max(500)) ?? [];
  return list.flatMap((item) => {
    const r = savedSearchSchema.safeParse(item);
    return r.success ? [r.data] : [];
  });
}

export function forgetLegacySavedSearches(): void {
  try {
    localStorage.removeItem(LEGACY_SAVED_KEY);
  } catch {
    // Nothing to lose: the searches are in the office store by now.
  }
}
