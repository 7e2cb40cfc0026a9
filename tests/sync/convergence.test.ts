// Desktops against a real server on Postgres: concurrent edits converge to the last-writer-wins winner on every
// replica, edits of different fields both survive, offline periods and restarts lose nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToShortlist,
  createProject,
  createRole,
  moveShortlistEntry,
} from '../../src/backend/casting/repo.ts';
import {
  createTalent,
  deleteTalent,
  getTalent,
  restoreTalent,
  updateTalent,
} from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { createOffice, inviteUser, type SessionInfo, serverForFile } from '../server/helpers.ts';
import { FIELDS, valueFor } from './convergence-model.ts';
import {
  afterClockOf,
  type Desktop,
  disagreements,
  makeDesktop,
  oracle,
  snapshot,
  stripped,
} from './harness.ts';

const open: Desktop[] = [];

const syncServer = serverForFile('desksync', () => {
  for (const d of open) d.close();
});

async function office(n: number): Promise<Desktop[]> {
  const admin = await createOffice(syncServer.srv.base, 'Andheri Casting');
  const sessions: SessionInfo[] = [admin];
  for (let i = 1; i < n; i++) sessions.push(await inviteUser(syncServer.srv.base, admin, 'casting_director'));
  const ds = await Promise.all(sessions.map((s, i) => makeDesktop(`d${i}`, syncServer.srv.base, s)));
  open.push(...ds);
  return ds;
}

async function syncAll(ds: readonly Desktop[]): Promise<void> {
  // Two rounds: the first pushes everything, the second pulls what the others pushed after this one's pull.
  for (let round = 0; round < 2; round++) {
    for (const d of ds) expect((await d.sync()).state, d.name).toBe('idle');
  }
}

function expectConverged(ds: readonly Desktop[]): void {
  const win = oracle(ds);
  const first = snapshot(ds[0]!.db);
  for (const d of ds) {
    expect(disagreements(d.db, win), d.name).toEqual([]);
    expect(snapshot(d.db), d.name).toEqual(first);
    expect((d.db.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n).toBe(0);
  }
}

describe('two desktops', () => {
  it('share a new talent, with her search index built on the other desktop', async () => {
    const [a, b] = await office(2);
    const t = createTalent(a!.db, {
      fullName: 'Ananya Deshpande',
      nativeName: 'अनन्या देशपांडे',
      city: 'Mumbai',
      skills: ['Kathak', 'Horse riding'],
      languages: [{ language: 'Marathi', fluency: 5 }],
      playingAgeMin: 22,
      playingAgeMax: 28,
    });
    await syncAll([a!, b!]);
    const onB = getTalent(b!.db, t.id);
    expect(onB).toEqual(t);
    // Derived tables were rebuilt on B in the transaction that applied the row.
    expect(searchTalent(b!.db, { text: 'kathak' }).items.map((i) => i.id)).toEqual([t.id]);
    expect(searchTalent(b!.db, { text: 'अनन्या' }).items.map((i) => i.id)).toEqual([t.id]);
    expect(searchTalent(b!.db, { filters: { languages: [{ language: 'Marathi' }] } } as never).total).toBe(1);
    expectConverged([a!, b!]);
  });

  it('keep both edits of different fields, and the later one of the same field', async () => {
    const [a, b] = await office(2);
    const t = createTalent(a!.db, { fullName: 'Rohan Mehta', city: 'Pune', notes: 'Good in auditions' });
    await syncAll([a!, b!]);
    // Both offline: A edits city and notes, B edits notes (later) and agency.
    updateTalent(a!.db, t.id, {
      ...stripped(getTalent(a!.db, t.id)),
      city: 'Navi Mumbai',
      notes: 'A says: callback',
    });
    afterClockOf(a!); // B's edit is the later one by HLC, not only by the order of these lines
    updateTalent(b!.db, t.id, {
      ...stripped(getTalent(b!.db, t.id)),
      notes: 'B says: booked',
      agency: 'Mumbai Talent Co.',
    });
    await syncAll([a!, b!]);
    for (const d of [a!, b!]) {
      const now = getTalent(d.db, t.id);
      expect(now.city, d.name).toBe('Navi Mumbai');
      expect(now.agency, d.name).toBe('Mumbai Talent Co.');
      expect(now.notes, d.name).toBe('B says: booked'); // B's edit carries the greater HLC
    }
    expectConverged([a!, b!]);
  });

  it('a delete on one desktop and a later restore on the other: the restore wins everywhere', async () => {
    const [a, b] = await office(2);
    const t = createTalent(a!.db, { fullName: 'Farhan Qureshi' });
    await syncAll([a!, b!]);
    deleteTalent(a!.db, t.id);
    await a!.sync();
    await b!.sync();
    expect(searchTalent(b!.db, { text: 'farhan' }).total).toBe(0);
    restoreTalent(b!.db, t.id);
    await syncAll([a!, b!]);
    expect(searchTalent(a!.db, { text: 'farhan' }).items.map((i) => i.id)).toEqual([t.id]);
    expectConverged([a!, b!]);
  });

  it('a shortlist board built on one desktop moves on the other', async () => {
    const [a, b] = await office(2);
    const p = createProject(a!.db, { name: 'Chai Ad, Diwali' });
    const r = createRole(a!.db, { projectId: p.id, name: 'Young mother' });
    const t1 = createTalent(a!.db, { fullName: 'Priya Nair' });
    const t2 = createTalent(a!.db, { fullName: 'Meera Iyer' });
    const [e1] = addToShortlist(a!.db, r.id, t1.id);
    addToShortlist(a!.db, r.id, t2.id);
    await syncAll([a!, b!]);
    moveShortlistEntry(b!.db, e1!.id, 'callback', null);
    await syncAll([a!, b!]);
    const status = a!.db.sqlite.prepare('SELECT status FROM shortlist_entry WHERE id = ?').get(e1!.id) as {
      status: string;
    };
    expect(status.status).toBe('callback');
    expectConverged([a!, b!]);
  });

  it('the same talent shortlisted for the same role on both, offline: one entry survives, the same everywhere', async () => {
    const [a, b] = await office(2);
    const p = createProject(a!.db, { name: 'Bank ad' });
    const r = createRole(a!.db, { projectId: p.id, name: 'Cashier' });
    const t = createTalent(a!.db, { fullName: 'Deepika Rao' });
    await syncAll([a!, b!]);
    const [onA] = addToShortlist(a!.db, r.id, t.id, 'A: strong');
    const [onB] = addToShortlist(b!.db, r.id, t.id, 'B: maybe');
    await syncAll([a!, b!]);
    await syncAll([a!, b!]);
    const keep = [onA!.id, onB!.id].sort()[0];
    for (const d of [a!, b!]) {
      const live = d.db.sqlite
        .prepare('SELECT id FROM shortlist_entry WHERE role_id = ? AND deleted_at IS NULL')
        .all(r.id) as { id: string }[];
      expect(
        live.map((e) => e.id),
        d.name,
      ).toEqual([keep]);
      // The other entry (and its notes) is kept as a tombstone, not lost.
      expect(d.db.sqlite.prepare('SELECT count(*) AS n FROM shortlist_entry').get(), d.name).toEqual({
        n: 2,
      });
    }
    expectConverged([a!, b!]);
  });

  it('survive restarts from their files with unsent changes', async () => {
    const [a, b] = await office(2);
    const t = createTalent(a!.db, { fullName: 'Kabir Singh', city: 'Delhi' });
    await a!.restart(); // unsent: the outbox is in the file
    await syncAll([a!, b!]);
    expect(getTalent(b!.db, t.id).city).toBe('Delhi');
    updateTalent(b!.db, t.id, { ...stripped(getTalent(b!.db, t.id)), city: 'Lucknow' });
    await b!.restart();
    await a!.restart();
    await syncAll([a!, b!]);
    expect(getTalent(a!.db, t.id).city).toBe('Lucknow');
    expectConverged([a!, b!]);
  });
});

// Random edits on shared rows by four desktops, some of them offline for a while; at the end every replica
// equals every other and the last-writer-wins oracle. Bounded here; longer runs belong to test:convergence.

type Op =
  | { kind: 'create'; desk: number; name: string }
  | { kind: 'edit'; desk: number; row: number; field: (typeof FIELDS)[number]; pick: number }
  | { kind: 'delete'; desk: number; row: number }
  | { kind: 'restore'; desk: number; row: number }
  | { kind: 'sync'; desk: number }
  | { kind: 'offline'; desk: number; on: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    desk: fc.nat(3),
    name: fc.constantFrom('Aarav', 'Diya', 'Ishaan', 'Zoya', "D'Souza", 'Ñiño'),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    desk: fc.nat(3),
    row: fc.nat(20),
    field: fc.constantFrom(...FIELDS),
    pick: fc.nat(6),
  }),
  fc.record({ kind: fc.constant('delete' as const), desk: fc.nat(3), row: fc.nat(20) }),
  fc.record({ kind: fc.constant('restore' as const), desk: fc.nat(3), row: fc.nat(20) }),
  fc.record({ kind: fc.constant('sync' as const), desk: fc.nat(3) }),
  fc.record({ kind: fc.constant('offline' as const), desk: fc.nat(3), on: fc.boolean() }),
);

describe('four desktops', () => {
  it('converge to the last-writer-wins oracle after random edits, offline periods and syncs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), async (ops) => {
        const ds = await office(4);
        const offline = new Set<number>();
        for (const op of ops) {
          const d = ds[op.desk]!;
          const where = op.kind === 'restore' ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL';
          const ids = (
            d.db.sqlite.prepare(`SELECT id FROM talent WHERE ${where} ORDER BY id`).all() as { id: string }[]
          ).map((r) => r.id);
          const row = 'row' in op ? op.row : 0;
          const id = ids.length > 0 ? ids[row % ids.length] : undefined;
          if (op.kind === 'create') createTalent(d.db, { fullName: `${op.name} ${op.desk}` });
          else if (op.kind === 'edit' && id) {
            updateTalent(d.db, id, {
              ...stripped(getTalent(d.db, id)),
              [op.field]: valueFor(op.field, op.pick),
            });
          } else if (op.kind === 'delete' && id) deleteTalent(d.db, id);
          else if (op.kind === 'restore' && id) restoreTalent(d.db, id);
          else if (op.kind === 'sync' && !offline.has(op.desk)) expect((await d.sync()).state).toBe('idle');
          else if (op.kind === 'offline') {
            if (op.on) offline.add(op.desk);
            else offline.delete(op.desk);
          }
        }
        await syncAll(ds);
        expectConverged(ds);
        for (const d of ds) d.close();
        open.splice(open.length - 4, 4);
      }),
      { numRuns: 4 },
    );
  });
});
