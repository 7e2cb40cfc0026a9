// GET /v1/history: a row's overwritten and late values, newest first, beside the current winners (tenant isolation
// of this route is in tenancy.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createOffice,
  createTestDatabase,
  hlcAt,
  inviteUser,
  push,
  type Running,
  type SessionInfo,
  startServer,
  type TestDatabase,
} from './helpers.ts';

let db: TestDatabase;
let srv: Running;
let base: string;
let desk1: SessionInfo;
let desk2: SessionInfo;

interface HistoryBody {
  current: { column: string; value: unknown; hlc: string; deviceId: string; seq: number }[];
  history: {
    column: string;
    value: unknown;
    hlc: string;
    deviceId: string;
    reason: string;
    recordedAt: string;
  }[];
  hasMore: boolean;
}
const history = (s: SessionInfo, query: string) =>
  call<HistoryBody>(base, 'GET', `/v1/history?${query}`, { token: s.accessToken });
const cell = (column: string, value: unknown, hlc: string) => ({
  table: 'talent',
  rowId: 't1',
  column,
  value,
  hlc,
});

beforeAll(async () => {
  db = await createTestDatabase('history');
  srv = await startServer(db.url);
  base = srv.base;
  desk1 = await createOffice(base, 'History office');
  desk2 = await inviteUser(base, desk1, 'casting_director');
  // Desk 1 writes the notes; desk 2 overwrites them; a late edit from desk 1 (older clock) arrives afterwards.
  await push(base, desk1, [cell('notes', 'Tall, Marathi', hlcAt(10)), cell('city', 'Pune', hlcAt(10))]);
  await push(base, desk2, [cell('notes', 'Tall, Marathi and Hindi', hlcAt(20))]);
  await push(base, desk1, [cell('notes', 'Late note', hlcAt(15))]);
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

describe('cell history', () => {
  it("shows who overwrote what: the value desk 1 wrote, now replaced by desk 2's", async () => {
    const r = await history(desk1, 'table=talent&rowId=t1&column=notes');
    expect(r.status).toBe(200);
    expect(r.body.current).toEqual([
      {
        column: 'notes',
        value: 'Tall, Marathi and Hindi',
        hlc: hlcAt(20),
        deviceId: desk2.deviceId,
        seq: expect.any(Number),
      },
    ]);
    expect(r.body.history.map((h) => [h.value, h.deviceId, h.reason])).toEqual([
      ['Late note', desk1.deviceId, 'arrived_late'],
      ['Tall, Marathi', desk1.deviceId, 'overwritten'],
    ]);
    expect(Date.parse(r.body.history[0]!.recordedAt)).not.toBeNaN();
    expect(r.body.hasMore).toBe(false);
  });

  it('without a column, covers the whole row; limit pages the history', async () => {
    const all = await history(desk2, 'table=talent&rowId=t1');
    expect(all.body.current.map((c) => c.column)).toEqual(['city', 'notes']);
    expect(all.body.history).toHaveLength(2);
    const one = await history(desk2, 'table=talent&rowId=t1&limit=1');
    expect(one.body.history).toHaveLength(1);
    expect(one.body.hasMore).toBe(true);
  });

  it('is readable by a viewer, and empty for a row nobody wrote', async () => {
    const viewer = await inviteUser(base, desk1, 'viewer');
    expect((await history(viewer, 'table=talent&rowId=t1')).body.history).toHaveLength(2);
    expect((await history(viewer, 'table=talent&rowId=nobody')).body).toEqual({
      current: [],
      history: [],
      hasMore: false,
    });
  });

  it.each([
    ['no row id', 'table=talent'],
    ['a table name that is not one', 'table=Talent;DROP&rowId=t1'],
    ['a limit out of range', 'table=talent&rowId=t1&limit=100000'],
    ['an unknown parameter', 'table=talent&rowId=t1&office=x'],
  ])('refuses %s with validation_failed', async (_label, query) => {
    const r = await history(desk1, query);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
  });

  it('needs a sign-in', async () => {
    expect((await call(base, 'GET', '/v1/history?table=talent&rowId=t1')).status).toBe(401);
  });
});
