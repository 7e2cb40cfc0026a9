import type { QueryClient } from '@tanstack/react-query';
import type { onEvent } from './api.ts';

/** The cached lists each change event makes out of date. */
const STALE_AFTER: Record<string, readonly string[]> = {
  'talent.changed': ['talent.search', 'talent.facets', 'app.info'],
  'casting.changed': ['projects.list', 'roles.list', 'shortlist.get', 'auditions.list', 'auditions.clashes'],
};

/**
 * Follows change events for the whole page, not only while a screen is open: a change that arrives while its
 * screen is closed (sync pulled a colleague's edit, another window imported) marks that screen's cached lists
 * stale, so returning to it refetches instead of showing the old list for up to the cache's 30 s. Open screens
 * refetch at once (TanStack refetches active queries on invalidation and only marks inactive ones).
 */
export function followChangeEvents(qc: QueryClient, subscribe: typeof onEvent): () => void {
  return subscribe((event) => {
    for (const key of STALE_AFTER[event] ?? []) void qc.invalidateQueries({ queryKey: [key] });
  });
}
