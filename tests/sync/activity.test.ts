// The activity feed, without a server: what the apply path records, the overwrites of this desktop's values it
// keeps (and only those), the filters, restoring a value as a new captured local edit, and the size cap.
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, createRole } from '../../src/backend/casting/repo.ts';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { ACTIVITY_CAP, listActivity, resolveOverwrite } from '../../src/backend/sync/activity.ts';
import { applyPage, type RemoteCell } from '../../src/backend/sync/apply.ts';
import { enableCapture } from '../../src/backend/sync/capture.ts';
import { readBatch } from '../../src/backend/sync/outbox.ts';
import { createTalent, getTalent, updateTalent } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { memoryDb } from '../support/db.ts';

const NODE_A = 'aaaaaaaaaaaaaaaa';
const NODE_B = 'bbbbbbbbbbbbbbbb';
let db: AppDatabase;
afterEach(() => db?.close());

/** A desktop past its first pull (the first one, the office's whole history, is not news). */
async function desk(): Promise<AppDatabase> {
  db = await memoryDb();
  enableCapture(db, { node: NODE_A });
  db.sqlite.prepare('UPDATE sync_state SET cursor = 1 WHERE id = 1').run();
  return db;
}

const hlc = (ms: number, node = NODE_B) => `${new Date(Date.now() + ms).toISOString()}-0000-${node}`;
const cell = (
  table: string,
  rowId: string,
  column: string,
  value: RemoteCell['value'],
  h: string,
  deviceId = 'dev-bbbbbbbb',
): RemoteCell => ({ table, rowId, column, value, hlc: h, deviceId });

describe('the activity feed', () => {
  it('records remote changes that win, and keeps the value of ours a remote edit overwrote', async () => {
    await desk();
    const t = createTalent(db, { fullName: 'Meher Khan', phone: '+91 98200 11111' });
    const h = hlc(1000);
    applyPage(
      db,
      [
        cell('talent', t.id, 'phone', '+919820022222', h),
        cell('talent', t.id, 'city', 'Pune', h), // we never wrote a city: news, not an overwrite
        cell('talent', t.id, 'updated_at', 5, h),
        cell('talent', t.id, 'notes', 'old', hlc(-3_600_000)), // older than our insert: stale, not recorded
      ],
      2,
    );
    const [e, ...rest] = listActivity(db);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      table: 'talent',
      rowId: t.id,
      label: 'Meher Khan',
      deviceId: 'dev-bbbbbbbb',
      kind: 'changed',
      at: Date.parse(h.slice(0, 24)),
    });
    expect(e!.changes.map((c) => [c.column, c.value, c.overwritten?.value ?? null])).toEqual([
      ['city', '"Pune"', null],
      ['phone', '"+919820022222"', JSON.stringify(t.phone)],
    ]);
    expect(listActivity(db, { openOverwritesOnly: true, table: 'talent', rowId: t.id })).toHaveLength(1);
  });

  it('does not call a remote edit of a value another desktop wrote an overwrite of ours', async () => {
    await desk();
    const t = createTalent(db, { fullName: 'Kabir Sethi', city: 'Delhi' });
    applyPage(db, [cell('talent', t.id, 'city', 'Agra', hlc(1000))], 2);
    applyPage(db, [cell('talent', t.id, 'city', 'Noida', hlc(2000, 'cccccccccccccccc'), 'dev-cccccccc')], 3);
    const feed = listActivity(db);
    expect(
      feed.map((e) => [e.deviceId, e.changes[0]!.value, e.changes[0]!.overwritten?.value ?? null]),
    ).toEqual([
      ['dev-cccccccc', '"Noida"', null],
      ['dev-bbbbbbbb', '"Agra"', '"Delhi"'],
    ]);
  });

  it('records nothing on the first pull, nor for a page of cells it does not apply', async () => {
    db = await memoryDb();
    enableCapture(db, { node: NODE_A });
    applyPage(db, [cell('project', 'p1', 'name', 'Web series', hlc(-1000))], 3);
    expect(listActivity(db)).toEqual([]);
    applyPage(
      db,
      [cell('voice_sample', 'v1', 'url', 'x', hlc(-500)), cell('project', 'p1', 'name', 'Film', hlc(-400))],
      4,
    );
    expect(listActivity(db).map((e) => [e.table, e.changes.map((c) => c.value)])).toEqual([
      ['project', ['"Film"']],
    ]);
  });

  it('filters by project (its roles too) and by device, and names created and deleted records', async () => {
    await desk();
    const p = createProject(db, { name: 'Mirzapur S4' });
    const other = createProject(db, { name: 'Ad film' });
    const role = createRole(db, { projectId: p.id, name: 'Guddu' });
    const h = hlc(1000);
    applyPage(
      db,
      [
        cell('role', role.id, 'description', 'Lead', h, 'dev-phone001'),
        cell('project', other.id, 'name', 'Ad film 2', h),
        cell('project', 'p-new', 'name', 'New show', h),
        cell('project', 'p-new', 'created_at', 1, h),
        cell('project', 'p-new', 'updated_at', 1, h),
        cell('project', other.id, '_deleted', true, hlc(2000)),
      ],
      2,
    );
    const all = listActivity(db);
    expect(all.map((e) => [e.label, e.kind])).toEqual([
      ['Ad film 2', 'deleted'],
      ['New show', 'created'],
      ['Ad film 2', 'changed'],
      ['Guddu', 'changed'],
    ]);
    // A record created elsewhere is one cell of the feed (its created_at), not one per column.
    expect(db.sqlite.prepare("SELECT col FROM sync_activity WHERE row_id = 'p-new'").all()).toEqual([
      { col: 'created_at' },
    ]);
    expect(listActivity(db, { projectId: p.id }).map((e) => e.label)).toEqual(['Guddu']);
    expect(listActivity(db, { deviceIds: ['dev-phone001'] }).map((e) => e.table)).toEqual(['role']);
    expect(listActivity(db, { deviceIds: [] })).toEqual([]);
  });

  it('restores an overwritten value as a new local edit that is queued, found by search, and clears the notice', async () => {
    await desk();
    const t = createTalent(db, { fullName: 'Meher Khan', city: 'Lucknow' });
    const remote = hlc(1000);
    applyPage(db, [cell('talent', t.id, 'full_name', 'Meher Kapoor', remote)], 2);
    expect(getTalent(db, t.id).fullName).toBe('Meher Kapoor');
    const open = listActivity(db, { openOverwritesOnly: true })[0]!.changes[0]!;
    const before = readBatch(db)!.changes.length;
    resolveOverwrite(db, open.id, true);
    expect(getTalent(db, t.id).fullName).toBe('Meher Khan');
    expect(db.sqlite.prepare('SELECT sort_name FROM talent WHERE id = ?').get(t.id)).toEqual({
      sort_name: 'meher khan',
    });
    expect(searchTalent(db, { text: 'khan' }).items.map((i) => i.id)).toEqual([t.id]);
    const queued = readBatch(db)!.changes.slice(before);
    const name = queued.find((c) => c.column === 'full_name')!;
    expect(name.value).toBe('Meher Khan');
    expect(name.hlc.endsWith(NODE_A)).toBe(true);
    expect(name.hlc > remote).toBe(true);
    expect(listActivity(db, { openOverwritesOnly: true })).toEqual([]);
    expect(() => resolveOverwrite(db, open.id, true)).toThrow(/already answered/);
  });

  it('keeps the remote value when told to, and the notice goes', async () => {
    await desk();
    const t = createTalent(db, { fullName: 'Ira Das', city: 'Kolkata' });
    applyPage(db, [cell('talent', t.id, 'city', 'Howrah', hlc(1000))], 2);
    const open = listActivity(db, { openOverwritesOnly: true })[0]!.changes[0]!;
    resolveOverwrite(db, open.id, false);
    expect(getTalent(db, t.id).city).toBe('Howrah');
    expect(listActivity(db, { openOverwritesOnly: true })).toEqual([]);
    updateTalent(db, t.id, { fullName: 'Ira Das', city: 'Kolkata' }); // our value again: a later overwrite shows
    applyPage(db, [cell('talent', t.id, 'city', 'Salt Lake', hlc(5000))], 3);
    expect(listActivity(db, { openOverwritesOnly: true })[0]!.changes[0]!.overwritten).toEqual({
      value: '"Kolkata"',
    });
  });

  it('is capped: the oldest entries go, an unanswered overwrite of ours stays', async () => {
    await desk();
    const t = createTalent(db, { fullName: 'Zoya Mirza', city: 'Bhopal' });
    applyPage(db, [cell('talent', t.id, 'city', 'Indore', hlc(1000))], 2);
    db.sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ACTIVITY_CAP})
      INSERT INTO sync_activity (tbl, row_id, col, value, hlc, device_id, applied_at)
      SELECT 'project', 'px' || i, 'name', '"x"', '2026-01-01T00:00:00.000Z-0000-${NODE_B}', 'dev-old', 0 FROM n`);
    applyPage(db, [cell('project', 'p-last', 'name', 'Last', hlc(2000))], 3);
    const n = (db.sqlite.prepare('SELECT count(*) AS n FROM sync_activity').get() as { n: number }).n;
    expect(n).toBe(ACTIVITY_CAP + 1);
    expect(listActivity(db, { openOverwritesOnly: true })).toHaveLength(1);
    expect(listActivity(db, { limit: 1 })[0]!.rowId).toBe('p-last');
  });
});
