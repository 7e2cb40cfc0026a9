// Change events mark cached lists stale for the whole page, also those of a screen that is not open.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { onEvent } from '../../src/renderer/src/api.ts';
import { followChangeEvents } from '../../src/renderer/src/live-queries.ts';

describe('followChangeEvents', () => {
  it('invalidates the lists an event makes out of date, and only those, until unsubscribed', () => {
    const qc = new QueryClient();
    const keys = [
      ['talent.search', { text: '' }],
      ['talent.facets', {}],
      ['shortlist.get', 'r1'],
      ['chat.list'],
    ];
    for (const k of keys) qc.setQueryData(k, { cached: true });
    let listener: Parameters<typeof onEvent>[0] | undefined;
    const subscribe: typeof onEvent = (l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    };
    const stop = followChangeEvents(qc, subscribe);
    const stale = () => keys.map((k) => qc.getQueryState(k)?.isInvalidated ?? false);
    expect(stale()).toEqual([false, false, false, false]);
    listener?.('talent.changed', {});
    expect(stale()).toEqual([true, true, false, false]);
    listener?.('casting.changed', { roleId: 'r1' });
    expect(stale()).toEqual([true, true, true, false]);
    stop();
    expect(listener).toBeUndefined();
  });
});
