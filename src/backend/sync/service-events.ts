// Which of the app's existing change events a pulled page calls for, so open screens refresh on their own
// (the talent grid, a shortlist board another user changed, the Memory screen).
import type { EventName, EventPayload } from '../../shared/api.ts';
import type { SyncedTable } from './tables.ts';

type Emitted = { [E in EventName]: [E, EventPayload<E>] }[EventName];

/** The most ids a talent.changed event names; more, and every talent query refreshes. */
const MAX_IDS = 1000;

export function syncChangeEvents(touched: ReadonlyMap<SyncedTable, ReadonlySet<string>>): Emitted[] {
  const out: Emitted[] = [];
  const talent = touched.get('talent');
  if (touched.has('headshot')) out.push(['talent.changed', {}]);
  else if (talent && talent.size > 0)
    out.push(['talent.changed', talent.size <= MAX_IDS ? { ids: [...talent] } : {}]);
  if (['project', 'role', 'shortlist_entry', 'audition'].some((t) => touched.has(t as SyncedTable)))
    out.push(['casting.changed', {}]);
  if (touched.has('memory')) out.push(['memory.changed', {}]);
  return out;
}
