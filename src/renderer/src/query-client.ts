import {
  type InvalidateOptions,
  type InvalidateQueryFilters,
  QueryClient,
  type QueryKey,
} from '@tanstack/react-query';

/**
 * The app's query client. Invalidation follows a write, and what it must fetch is the state after that
 * write. TanStack Query, asked to invalidate a query whose first fetch is still in flight, joins that fetch
 * instead of starting a new one (it cancels only fetches of queries that already have data). That fetch
 * may have been answered before the write: the sidebar then kept an empty office's facet counts after
 * "Load demo data". Cancelling in-flight fetches first makes every invalidation fetch anew.
 */
export class AppQueryClient extends QueryClient {
  override async invalidateQueries<K extends QueryKey = QueryKey>(
    filters?: InvalidateQueryFilters<K>,
    options?: InvalidateOptions,
  ): Promise<void> {
    await this.cancelQueries(filters);
    return super.invalidateQueries(filters, options);
  }
}

export function createQueryClient(): QueryClient {
  return new AppQueryClient({
    defaultOptions: { queries: { staleTime: 30_000, retry: false, refetchOnWindowFocus: false } },
  });
}
