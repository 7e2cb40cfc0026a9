// Applying pulled pages, without a server: last-writer-wins against local cells (pending or not), no
// re-capture, derived tables rebuilt, and cells this version cannot use kept rather than lost.
import { afterEach, describe, expect, it } from 'vitest';
import { addToShortlist, createProject, createRole } from '../../src/backend/casting/repo.ts';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { applyPage, type RemoteCell } from '../../src/backend/sync/apply.ts';
import { enableCapture, outboxSize } from '../../src/backend/sync/capture.ts';
import { readBatch } from '../../src/backend/sync/outbox.ts';
import { createTalent, getTalent, updateTalent } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { memoryDb } from '../support/db.ts';

const NODE_B = 'bbbbbbbbbbbbbbbb';
let db: AppDatabase;
afterEach(() => db?.close());

async function desk(): Promise<AppDatabase> {
  db = await memoryDb();
  enableCapture(db, { node: 'aaaaaaaaaaaaaaaa' });
  return db;
}

/** An HLC `ms` from now, from desktop B. */
const hlc = (ms: number, counter = 0) =>
  `${new Date(Date.now() + ms).toISOString()}-${counter.toString(16).padStart(4, '0')}-${NODE_B}`;

const cell = (
  table: string,
  rowId: string,
  column: string,
  value: RemoteCell['value'],
  h: string,
): RemoteCell => ({
  table,
  rowId,
  column,
  value,
  hlc: h,
  deviceId: 'dev-bbbbbbbb',
});

describe('applying a pulled page', () => {
  it('creates a row from its cells, rebuilds its search entries and derived columns, and captures nothing', async () => {
    await desk();
    const id = '0193a000-0000-7000-8000-000000000001';
    const h = hlc(-60_000);
    const r = applyPage(
      db,
      [
        cell('talent', id, 'full_name', 'Sana Shaikh', h),
        cell('talent', id, 'stage_name', 'Sana S.', h),
        cell('talent', id, 'city', 'Bhiwandi', h),
        cell('talent', id, 'skills', '["Urdu poetry"]', h),
        cell('talent', id, 'playing_age_min', 25, h),
        cell('talent', id, 'created_at', 1, h),
        cell('talent', id, 'updated_at', 2, h),
      ],
      7,
    );
    expect(r).toMatchObject({ applied: 7, stale: 0, parked: 0 });
    expect(getTalent(db, id)).toMatchObject({
      fullName: 'Sana Shaikh',
      stageName: 'Sana S.',
      city: 'Bhiwandi',
      skills: ['Urdu poetry'],
    });
    const derived = db.sqlite.prepare('SELECT sort_name, age_from, age_to FROM talent WHERE id = ?').get(id);
    expect(derived).toEqual({ sort_name: 'sana s.', age_from: 25, age_to: 25 });
    expect(searchTalent(db, { text: 'urdu' }).items.map((i) => i.id)).toEqual([id]);
    expect(outboxSize(db)).toBe(0);
    expect(db.sqlite.prepare('SELECT cursor, applying FROM sync_state').get()).toEqual({
      cursor: 7,
      applying: 0,
    });
  });

  it('keeps a newer local edit (pending in the outbox) over an older remote cell, and takes a newer one', async () => {
    await desk();
    const t = createTalent(db, { fullName: 'Vikram Rathore', city: 'Jaipur' });
    const older = hlc(-60_000);
    const r1 = applyPage(db, [cell('talent', t.id, 'city', 'Udaipur', older)], 1);
    expect(r1).toMatchObject({ applied: 0, stale: 1 });
    expect(getTalent(db, t.id).city).toBe('Jaipur');
    const newer = hlc(60_000);
    applyPage(db, [cell('talent', t.id, 'city', 'Ajmer', newer)], 2);
    expect(getTalent(db, t.id).city).toBe('Ajmer');
    // The local insert stays queued (it is still this desktop's write of the other columns).
    expect(outboxSize(db)).toBe(1);
    // Local edits after the remote one sort after it (hlcReceive): the next local write wins again.
    updateTalent(db, t.id, { fullName: 'Vikram Rathore', city: 'Kota' });
    const last = readBatch(db)!
      .changes.filter((c) => c.column === 'city')
      .at(-1)!;
    expect(last.value).toBe('Kota');
    expect(last.hlc > newer).toBe(true);
  });

  it('parks cells of unknown tables and columns, newer versions replacing older ones', async () => {
    await desk();
    const t = createTalent(db, { fullName: 'Nisha Kulkarni' });
    const r = applyPage(
      db,
      [
        cell('voice_sample', 'v1', 'url', 'https://example.test/v1.mp3', hlc(-3000)),
        cell('talent', t.id, 'instagram_handle', '@nisha.k', hlc(-2000)),
      ],
      3,
    );
    expect(r.parked).toBe(2);
    applyPage(db, [cell('voice_sample', 'v1', 'url', 'https://example.test/v2.mp3', hlc(-1000))], 4);
    applyPage(db, [cell('voice_sample', 'v1', 'url', 'stale', hlc(-9000))], 5);
    expect(db.sqlite.prepare('SELECT tbl, col, value, reason FROM sync_parked ORDER BY tbl').all()).toEqual([
      { tbl: 'talent', col: 'instagram_handle', value: '"@nisha.k"', reason: 'unknown column' },
      { tbl: 'voice_sample', col: 'url', value: '"https://example.test/v2.mp3"', reason: 'unknown table' },
    ]);
  });

  it('keeps the cells of a row the local schema refuses, and applies the rest of the page', async () => {
    await desk();
    const h = hlc(-1000);
    const r = applyPage(
      db,
      [
        cell('script', 's1', 'sha256', 'abc', h),
        cell('script', 's1', 'file_name', 'ep1.pdf', h),
        cell('script', 's1', 'title', 'Ep 1', h),
        cell('script', 's1', 'pages', 3, h),
        cell('script', 's1', 'analysis', '{}', h),
        cell('script', 's1', 'created_at', 1, h),
        cell('script', 's1', 'updated_at', 1, h),
        // Another script with the same file hash: the unique index refuses it.
        cell('script', 's2', 'sha256', 'abc', h),
        cell('script', 's2', 'title', 'Duplicate', h),
        cell('project', 'p1', 'name', 'Web series', h),
      ],
      9,
    );
    expect(r).toMatchObject({ parked: 2 });
    expect(db.sqlite.prepare('SELECT id FROM script').all()).toEqual([{ id: 's1' }]);
    expect(db.sqlite.prepare('SELECT name FROM project').all()).toEqual([{ name: 'Web series' }]);
    const parked = db.sqlite
      .prepare("SELECT col, reason FROM sync_parked WHERE row_id = 's2' ORDER BY col")
      .all() as {
      col: string;
      reason: string;
    }[];
    expect(parked.map((p) => p.col)).toEqual(['sha256', 'title']);
    expect(parked[0]!.reason).toMatch(/refused locally: UNIQUE/);
  });

  it('settles a pulled shortlist entry that duplicates a live local one: the smaller id stays, the other is a pushed tombstone', async () => {
    await desk();
    const p = createProject(db, { name: 'Tea ad' });
    const role = createRole(db, { projectId: p.id, name: 'Grandfather' });
    const t = createTalent(db, { fullName: 'Anupam Vora' });
    const [local] = addToShortlist(db, role.id, t.id, 'local note');
    db.sqlite.prepare('DELETE FROM sync_outbox').run();
    const entry = (id: string, notes: string, h: string) => [
      cell('shortlist_entry', id, 'role_id', role.id, h),
      cell('shortlist_entry', id, 'talent_id', t.id, h),
      cell('shortlist_entry', id, 'notes', notes, h),
      cell('shortlist_entry', id, 'created_at', 1, h),
      cell('shortlist_entry', id, 'updated_at', 1, h),
    ];
    // The queued cells, and whether each sorts after the pulled ones (so that every desktop takes it).
    const queued = (pulled: string) =>
      (readBatch(db)?.changes ?? []).map((c) => ({
        rowId: c.rowId,
        column: c.column,
        value: c.value,
        later: c.hlc > pulled,
      }));
    const live = () =>
      db.sqlite.prepare('SELECT id, notes FROM shortlist_entry WHERE deleted_at IS NULL').all() as {
        id: string;
        notes: string;
      }[];

    // A remote entry with a larger id than the local one: it is stored, as a tombstone that this desktop pushes.
    const larger = 'ffffffff-0000-7000-8000-000000000001';
    const first = hlc(-2000);
    expect(applyPage(db, entry(larger, 'remote, later id', first), 1)).toMatchObject({
      applied: 5,
      parked: 0,
    });
    expect(live()).toEqual([{ id: local!.id, notes: 'local note' }]);
    const kept = db.sqlite
      .prepare('SELECT notes, deleted_at FROM shortlist_entry WHERE id = ?')
      .get(larger) as {
      notes: string;
      deleted_at: number | null;
    };
    expect(kept.notes).toBe('remote, later id');
    expect(kept.deleted_at).not.toBeNull();
    expect(queued(first)).toEqual([
      { rowId: larger, column: 'deleted_at', value: kept.deleted_at, later: true },
      { rowId: larger, column: '_deleted', value: true, later: true },
    ]);
    db.sqlite.prepare('DELETE FROM sync_outbox').run();

    // A remote entry with a smaller id: the local one becomes the tombstone, and the remote one is live.
    const smaller = '00000000-0000-7000-8000-000000000001';
    const second = hlc(-1000);
    applyPage(db, entry(smaller, 'remote, earlier id', second), 2);
    expect(live()).toEqual([{ id: smaller, notes: 'remote, earlier id' }]);
    const gone = db.sqlite
      .prepare('SELECT notes, deleted_at FROM shortlist_entry WHERE id = ?')
      .get(local!.id) as {
      notes: string;
      deleted_at: number | null;
    };
    expect(gone.notes).toBe('local note');
    expect(queued(second)).toEqual([
      { rowId: local!.id, column: 'deleted_at', value: gone.deleted_at, later: true },
      { rowId: local!.id, column: '_deleted', value: true, later: true },
    ]);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM sync_parked').get()).toEqual({ n: 0 });
  });

  it('refuses a page stamped too far in the future, writing nothing', async () => {
    await desk();
    expect(() =>
      applyPage(db, [cell('project', 'p9', 'name', 'From the future', hlc(3_600_000))], 5),
    ).toThrow(expect.objectContaining({ code: 'clock_drift' }));
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM project').get()).toEqual({ n: 0 });
    expect(db.sqlite.prepare('SELECT cursor FROM sync_state').get()).toEqual({ cursor: 0 });
  });
});
