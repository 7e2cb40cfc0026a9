import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createQueryClient } from '../../src/renderer/src/query-client.ts';

// A query whose first fetch is answered before a write but arrives after the write's invalidation: the
// invalidation must bring the state after the write (see query-client.ts).
async function afterWrite(qc: QueryClient): Promise<string | undefined> {
  let version = 'before';
  let release: () => void = () => {};
  const slowFirst = new Promise<void>((r) => {
    release = r;
  });
  let calls = 0;
  const observer = new QueryObserver(qc, {
    queryKey: ['facets'],
    queryFn: async () => {
      const seen = version; // answered now ...
      if (calls++ === 0) await slowFirst; // ... delivered later
      return seen;
    },
  });
  // Settled: the observer holds data and nothing is fetching. Checked after the invalidation, then on each
  // update of the observer (an event, not a sleep).
  let onUpdate: () => void = () => {};
  const unsubscribe = observer.subscribe(() => onUpdate());
  const settled = () => {
    const r = observer.getCurrentResult();
    return r.isSuccess && r.fetchStatus === 'idle';
  };
  version = 'after'; // the write commits while the first fetch is in flight
  const invalidated = qc.invalidateQueries({ queryKey: ['facets'] });
  release();
  await invalidated;
  if (!settled()) {
    await new Promise<void>((r) => {
      onUpdate = () => {
        if (settled()) r();
      };
    });
  }
  const data = observer.getCurrentResult().data;
  unsubscribe();
  return data;
}

describe('the app query client', () => {
  it('fetches anew when invalidated during a query’s first fetch', async () => {
    expect(await afterWrite(createQueryClient())).toBe('after');
  });

  it('is needed: a plain client keeps the answer from before the write', async () => {
    expect(await afterWrite(new QueryClient())).toBe('before');
  });
});
