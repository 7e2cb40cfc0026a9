import { z } from 'zod';
import { TALENT_SORTS, talentFiltersSchema } from '../../../shared/talent.ts';
import type { SearchState } from './useTalentSearch.ts';

// What the talent browser was showing (search, filters, sort, scroll, open profile) and the office's named
// searches, kept in localStorage like the card size, so a section switch or a restart returns to the same
// place. Read through zod: a value from an older version or edited by hand falls back to the defaults.

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

const savedSchema = z.array(z.object({ name: z.string().min(1).max(80), search: searchSchema })).max(100);
export interface SavedSearch {
  name: string;
  search: SearchState;
}

const STATE_KEY = 'castmatch.talentBrowser';
const SAVED_KEY = 'castmatch.savedSearches';

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

export function loadSavedSearches(): SavedSearch[] {
  return (read(SAVED_KEY, savedSchema) as SavedSearch[] | null) ?? [];
}

/** Saves under `name`, replacing a search of the same name (ignoring case); returns the new list. */
export function saveSearch(name: string, search: SearchState): SavedSearch[] {
  const trimmed = name.trim().slice(0, 80);
  const list = loadSavedSearches().filter((s) => s.name.toLowerCase() !== trimmed.toLowerCase());
  const next = [...list, { name: trimmed, search }].sort((a, b) => a.name.localeCompare(b.name));
  localStorage.setItem(SAVED_KEY, JSON.stringify(next));
  return next;
}

export function deleteSavedSearch(name: string): SavedSearch[] {
  const next = loadSavedSearches().filter((s) => s.name !== name);
  localStorage.setItem(SAVED_KEY, JSON.stringify(next));
  return next;
}
