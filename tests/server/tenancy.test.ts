// Office A's tokens read and write nothing of office B's, on every route; row-level security as a second wall.
import { createHash } from 'node:crypto';
import { decodeJwt, SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createOffice,
  createTestDatabase,
  hlcAt,
  inviteUser,
  JWT_SECRET,
  pullAll,
  push,
  type Running,
  type SessionInfo,
  startServer,
  type TestDatabase,
} from './helpers.ts';

let db: TestDatabase;
let srv: Running;
let base: string;
let a: SessionInfo;
let b: SessionInfo;
const blobB = Buffer.from('office B headshot bytes');
const shaB = createHash('sha256').update(blobB).digest('hex');

beforeAll(async () => {
  db = await createTestDatabase('tenancy');
  srv = await startServer(db.url);
  base = srv.base;
  [a, b] = await Promise.all([createOffice(base, 'Office A'), createOffice(base, 'Office B')]);
  await push(base, b, [
    { table: 'talent', rowId: 'shared-id', column: 'name', value: 'B secret', hlc: hlcAt(10) },
  ]);
  expect(
    (
      await call(base, 'PUT', `/v1/blobs/${shaB}`, {
        token: b.accessToken,
        raw: blobB,
        contentType: 'image/jpeg',
      })
    ).status,
  ).toBe(201);
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

async function stateOf(s: SessionInfo) {
  return (await pullAll(base, s)).cells.map((c) => [c.rowId, c.column, c.value]);
}

describe('every route is office-scoped', () => {
  // Each authenticated route, exercised with office A's token against office B's data where that makes sense.
  const tested = new Set<string>();
  const mark = (route: string) => tested.add(route);

  it("push with A writes only into A, even with B's row ids", async () => {
    mark('POST /v1/sync/push');
    const r = await push(base, a, [
      { table: 'talent', rowId: 'shared-id', column: 'name', value: 'A value', hlc: hlcAt(99) },
    ]);
    expect(r.status).toBe(200);
    expect(await stateOf(b)).toEqual([['shared-id', 'name', 'B secret']]);
    expect(await stateOf(a)).toEqual([['shared-id', 'name', 'A value']]);
  });

  it("pull with A sees none of B's cells", async () => {
    mark('POST /v1/sync/pull');
    const cells = (await pullAll(base, a)).cells;
    expect(cells.every((c) => c.value !== 'B secret')).toBe(true);
  });

  it("history with A shows none of B's values for the same row id, and B sees only its own", async () => {
    mark('GET /v1/history');
    // B overwrites its secret: the old value goes to B's history. A has overwritten the same row id in A.
    await push(base, b, [
      { table: 'talent', rowId: 'shared-id', column: 'name', value: 'B newer', hlc: hlcAt(20) },
    ]);
    await push(base, b, [
      { table: 'talent', rowId: 'shared-id', column: 'name', value: 'B newest', hlc: hlcAt(30) },
    ]);
    type H = { current: { value: unknown }[]; history: { value: unknown }[] };
    const url = '/v1/history?table=talent&rowId=shared-id&column=name';
    const ofA = await call<H>(base, 'GET', url, { token: a.accessToken });
    expect(ofA.status).toBe(200);
    expect(ofA.body.current.map((c) => c.value)).toEqual(['A value']);
    expect(ofA.body.history).toEqual([]);
    expect(JSON.stringify(ofA.body)).not.toContain('B ');
    const ofB = await call<H>(base, 'GET', url, { token: b.accessToken });
    expect(ofB.body.current.map((c) => c.value)).toEqual(['B newest']);
    expect(ofB.body.history.map((h) => h.value)).toEqual(['B newer', 'B secret']);
  });

  it("blobs: B's hash is not found with A's token; A uploading the same bytes gets its own copy", async () => {
    mark('GET /v1/blobs/:sha256');
    mark('PUT /v1/blobs/:sha256');
    expect((await call(base, 'GET', `/v1/blobs/${shaB}`, { token: a.accessToken })).status).toBe(404);
    const up = await call(base, 'PUT', `/v1/blobs/${shaB}`, {
      token: a.accessToken,
      raw: blobB,
      contentType: 'image/jpeg',
    });
    expect(up.status).toBe(201); // created in A: dedup is per office, never across
    const rows = await db.admin.query('SELECT count(*)::int AS n FROM castmatch.blobs WHERE sha256 = $1', [
      shaB,
    ]);
    expect(rows.rows[0].n).toBe(2);
  });

  it('users, me and invites show and touch only A', async () => {
    mark('GET /v1/users');
    mark('GET /v1/me');
    mark('POST /v1/invites');
    mark('POST /v1/invites/accept');
    const users = await call<{ users: { email: string }[] }>(base, 'GET', '/v1/users', {
      token: a.accessToken,
    });
    expect(users.body.users.map((u) => u.email)).toEqual([a.user.email]);
    const meA = await call(base, 'GET', '/v1/me', { token: a.accessToken });
    expect(meA.body.officeId).toBe(a.user.officeId);
    const joined = await inviteUser(base, a, 'assistant');
    expect(joined.user.officeId).toBe(a.user.officeId);
    mark('PATCH /v1/users/:id');
    const patch = await call(base, 'PATCH', `/v1/users/${b.user.id}`, {
      token: a.accessToken,
      body: { disabled: true },
    });
    expect(patch.status).toBe(404);
    const usersB = await call<{ users: { email: string }[] }>(base, 'GET', '/v1/users', {
      token: b.accessToken,
    });
    expect(usersB.body.users.map((u) => u.email)).toEqual([b.user.email]);
  });

  it('the team list of A shows only A’s people and devices', async () => {
    mark('GET /v1/team');
    type Team = { users: { id: string }[]; devices: { deviceId: string; userId: string }[] };
    const teamA = await call<Team>(base, 'GET', '/v1/team', { token: a.accessToken });
    expect(teamA.status).toBe(200);
    expect(teamA.body.users.map((u) => u.id)).not.toContain(b.user.id);
    expect(teamA.body.devices.map((d) => d.deviceId)).not.toContain(b.deviceId);
    expect(teamA.body.devices.map((d) => d.deviceId)).toContain(a.deviceId);
    const teamB = await call<Team>(base, 'GET', '/v1/team', { token: b.accessToken });
    expect(teamB.body.users.map((u) => u.id)).toEqual([b.user.id]);
    expect(teamB.body.devices.map((d) => d.deviceId)).toEqual([b.deviceId]);
  });

  it('sign-out routes of A leave B signed in', async () => {
    mark('POST /v1/auth/logout-all');
    mark('POST /v1/auth/logout');
    mark('POST /v1/auth/refresh');
    mark('POST /v1/auth/login');
    mark('POST /v1/offices');
    const a2 = await inviteUser(base, a, 'assistant');
    // logout-all first: signing out (logout) refuses that sign-in's access token at once.
    expect((await call(base, 'POST', '/v1/auth/logout-all', { token: a2.accessToken })).status).toBe(204);
    expect(
      (await call(base, 'POST', '/v1/auth/logout', { body: { refreshToken: a2.refreshToken } })).status,
    ).toBe(204);
    expect((await call(base, 'GET', '/v1/me', { token: b.accessToken })).status).toBe(200);
    const r = await call(base, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: b.refreshToken, deviceId: b.deviceId },
    });
    expect(r.status).toBe(200);
    b = { ...b, accessToken: String(r.body.accessToken), refreshToken: String(r.body.refreshToken) };
  });

  it("a token naming B's office with A's user (a bug or a leaked secret) reads nothing", async () => {
    mark('GET /v1/ws');
    const { sid } = decodeJwt(a.accessToken); // A's real sign-in, so only the office is wrong
    const t = await new SignJWT({ oid: b.user.officeId, role: 'admin', dev: a.deviceId, tv: 0, sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(a.user.id)
      .setIssuer('castmatch-server')
      .setAudience('castmatch-desktop')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const mixed = { ...a, accessToken: t };
    expect(
      (await call(base, 'POST', '/v1/sync/pull', { token: t, body: { schemaVersion: 1, cursor: 0 } })).status,
    ).toBe(401);
    expect(
      (await push(base, mixed, [{ table: 't', rowId: 'x', column: 'c', value: 1, hlc: hlcAt(1) }])).status,
    ).toBe(401);
    expect((await call(base, 'GET', `/v1/blobs/${shaB}`, { token: t })).status).toBe(401);
    expect((await call(base, 'GET', '/v1/history?table=talent&rowId=shared-id', { token: t })).status).toBe(
      401,
    );
    const ws = new (await import('ws')).WebSocket(`${base.replace('http', 'ws')}/v1/ws`, {
      headers: { authorization: `Bearer ${t}`, 'x-castmatch-schema-version': '1' },
    });
    const first = await new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    expect(JSON.parse(first)).toMatchObject({ type: 'error', code: 'unauthorized' });
    ws.close();
  });

  it('covers every authenticated and account route the server has', () => {
    const all = srv.server.routes.filter((r) => r.includes('/v1/'));
    expect(all.filter((r) => !tested.has(r))).toEqual([]);
  });
});

describe('row-level security (second wall)', () => {
  async function asApp<T>(officeId: string | null, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: db.url, options: '-c role=castmatch_app' });
    await c.connect();
    try {
      await c.query('BEGIN');
      if (officeId) await c.query("SELECT set_config('app.office_id', $1, true)", [officeId]);
      return await fn(c);
    } finally {
      await c.query('ROLLBACK').catch(() => {});
      await c.end();
    }
  }

  it('the request role is neither superuser nor able to bypass RLS, and every table forces it', async () => {
    const r = await db.admin.query(
      "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'castmatch_app'",
    );
    expect(r.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const t = await db.admin.query(
      "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relnamespace = 'castmatch'::regnamespace AND relkind = 'r' ORDER BY relname",
    );
    expect(t.rows.length).toBe(8);
    for (const row of t.rows)
      expect([row.relname, row.relrowsecurity, row.relforcerowsecurity]).toEqual([row.relname, true, true]);
  });

  it('without an office set, the app role sees no rows at all', async () => {
    const n = await asApp(null, async (c) => {
      const counts: number[] = [];
      for (const t of ['cells', 'users', 'blobs', 'refresh_tokens', 'offices']) {
        counts.push(Number((await c.query(`SELECT count(*) FROM castmatch.${t}`)).rows[0].count));
      }
      return counts;
    });
    expect(n).toEqual([0, 0, 0, 0, 0]);
  });

  it('with office A set, a query that forgets its WHERE clause still sees only A, and cannot write into B', async () => {
    const rows = await asApp(
      a.user.officeId,
      async (c) => (await c.query('SELECT DISTINCT office_id FROM castmatch.cells')).rows,
    );
    expect(rows).toEqual([{ office_id: a.user.officeId }]);
    await expect(
      asApp(a.user.officeId, (c) =>
        c.query(
          "INSERT INTO castmatch.cells (office_id, tbl, row_id, col, value, hlc, device_id, seq) VALUES ($1, 't', 'r', 'c', '1', 'h', 'd', 1)",
          [b.user.officeId],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asApp(
      a.user.officeId,
      async (c) =>
        (
          await c.query('UPDATE castmatch.cells SET value = \'"pwned"\' WHERE office_id = $1', [
            b.user.officeId,
          ])
        ).rowCount,
    );
    expect(updated).toBe(0);
  });

  it('the app role cannot delete history or drop tables', async () => {
    await expect(
      asApp(a.user.officeId, (c) => c.query('DELETE FROM castmatch.cell_history')),
    ).rejects.toThrow(/permission denied/);
    await expect(asApp(a.user.officeId, (c) => c.query('DROP TABLE castmatch.cells'))).rejects.toThrow(
      /must be owner|permission denied/,
    );
  });
});
