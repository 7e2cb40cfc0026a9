import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { TalentFilters, TalentQuery } from '../../../shared/talent.ts';
import { call } from '../api.ts';

export type SearchState = { text: string; filters: TalentFilters; sort: 'relevance' | 'name' | 'updated' };

export const EMPTY_FILTERS: TalentFilters = {
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

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Results as you type (keyset pages, fetched as the list scrolls) and facet counts a beat later. */
export function useTalentSearch(state: SearchState) {
  const query: TalentQuery = useMemo(
    () => ({ text: state.text, filters: state.filters, sort: state.sort }),
    [state],
  );
  const results = useInfiniteQuery({
    queryKey: ['talent.search', query],
    queryFn: ({ pageParam }) =>
      call('talent.search', {
        ...query,
        cursor: pageParam,
        limit: pageParam ? 200 : 120,
        withTotal: !pageParam,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const facetQuery = useDebounced(query, 200);
  const facets = useQuery({
    queryKey: ['talent.facets', facetQuery],
    queryFn: () => call('talent.facets', facetQuery),
    placeholderData: keepPreviousData,
  });
  // Change events refetch these through live-queries.ts, for the whole page.
  const items = useMemo(() => results.data?.pages.flatMap((p) => p.items) ?? [], [results.data]);
  const total = results.data?.pages[0]?.total ?? null;
  const totalCapped = results.data?.pages[0]?.totalCapped ?? false;
  // Kept stable across renders, so the memoised sidebar skips a re-render when only the results change.
  const { error: facetsErr, refetch: refetchFacets } = facets;
  const facetsError = useMemo(
    () => (facetsErr ? { message: facetsErr.message, retry: () => void refetchFacets() } : null),
    [facetsErr, refetchFacets],
  );
  return { results, items, total, totalCapped, facets: facets.data, facetsError, query };
}
