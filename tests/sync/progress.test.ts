// A long pull's progress (src/backend/sync/progress.ts): counted in sequence numbers from the catch-up's start, kept
// in the database so that a restart goes on from where the bar stood, gone once the pull reaches the end.
import { describe, expect, it } from 'vitest';
import { SyncProgress } from '../../src/backend/sync/progress.ts';
import { memoryDb } from '../support/db.ts';

const page = (from: number, cursor: number, hasMore: boolean) => ({
  from,
  cursor,
  seq: 1000,
  cells: cursor - from,
  bytes: (cursor - from) * 100,
  hasMore,
});

describe('sync progress', () => {
  it('shows no bar for a pull that fits in one page', async () => {
    const db = await memoryDb();
    const p = new SyncProgress(db, () => 0);
    p.onPage(page(990, 1000, false));
    expect(p.view()).toBeNull();
    db.close();
  });

  it('goes on after a restart from the stored catch-up, with the time left from the new run’s pace', async () => {
    const db = await memoryDb();
    let now = 0;
    const first = new SyncProgress(db, () => now);
    first.onPage(page(100, 300, true));
    now = 1000;
    first.onPage(page(300, 500, true));
    // 200 sequence numbers in the 1 s after the first page: the 500 left take about 2.5 s.
    expect(first.view()).toEqual({ done: 400, total: 900, cells: 400, bytes: 40_000, secondsLeft: 3 });

    const again = new SyncProgress(db, () => now); // a restart: the same database, a new service
    expect(again.view()).toEqual({ done: 400, total: 900, cells: 400, bytes: 40_000, secondsLeft: null });
    now = 5000;
    again.onPage(page(500, 600, true));
    now = 6000;
    again.onPage(page(600, 700, true));
    // 100 sequence numbers in the 1 s after this run's first page (not the 4 s pause before it): 300 left, 3 s.
    expect(again.view()).toMatchObject({ done: 600, total: 900, cells: 600, secondsLeft: 3 });
    again.onPage(page(700, 1000, false));
    expect(again.view()).toBeNull();
    expect(new SyncProgress(db, () => now).view()).toBeNull();
    db.close();
  });
});
