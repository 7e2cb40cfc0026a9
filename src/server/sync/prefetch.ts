// Initial sync pulls page after page. While the client downloads and applies page N, the server already reads
// page N+1 (same user, device, cursor and limit), so database and network work overlap. A prefetched page is
// a valid answer a moment later too: anything changed since has a higher sequence and comes in a later page.
import type { PullPage } from './store.ts';

interface Entry {
  at: number;
  page: Promise<PullPage | undefined>;
}

export class PagePrefetcher {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;

  constructor(maxEntries = 16, ttlMs = 5000) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
  }

  /** The prefetched page for this key, if fresh; each page is handed out once. */
  take(key: string): Promise<PullPage | undefined> | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    return Date.now() - e.at <= this.ttlMs ? e.page : undefined;
  }

  start(key: string, load: () => Promise<PullPage | { cursorAhead: number }>): void {
    const now = Date.now();
    for (const [k, e] of this.entries) if (now - e.at > this.ttlMs) this.entries.delete(k);
    // Bounded memory: the oldest entry goes first (Map keeps insertion order).
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const page = load().then(
      (p) => ('cursorAhead' in p ? undefined : p),
      () => undefined, // a failed prefetch is simply a miss
    );
    this.entries.set(key, { at: now, page });
  }

  /** Resolves once every prefetch started so far has finished loading (or failed). */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.page));
  }

  get size(): number {
    return this.entries.size;
  }
}
