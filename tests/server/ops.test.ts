// Health, metrics, error format, limits and graceful shutdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/server/config.ts';
import {
  call,
  createOffice,
  createTestDatabase,
  hlcAt,
  pull,
  push,
  type Running,
  startServer,
  type TestDatabase,
} from './helpers.ts';

let db: TestDatabase;
let srv: Running;
beforeAll(async () => {
  db = await createTestDatabase('ops');
  srv = await startServer(db.url);
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

describe('operations', () => {
  it('/health reports the database and the bus', async () => {
    const r = await fetch(`${srv.base}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      status: 'ok',
      database: 'ok',
      redis: 'not configured (in-process bus)',
    });
  });

  it('/metrics is Prometheus text with request, push and pull counters', async () => {
    const s = await createOffice(srv.base, 'Metrics');
    await push(srv.base, s, [{ table: 't', rowId: 'r', column: 'c', value: 1, hlc: hlcAt(1) }]);
    await pull(srv.base, s, 0);
    const text = await (await fetch(`${srv.base}/metrics`)).text();
    expect(text).toContain('# TYPE castmatch_http_requests_total counter');
    expect(text).toMatch(
      /castmatch_http_requests_total\{method="POST",route="\/v1\/sync\/push",status="200"\} 1/,
    );
    expect(text).toMatch(/castmatch_push_cells_total\{outcome="applied"\} 1/);
    expect(text).toMatch(/castmatch_pull_cells_total 1/);
    expect(text).toMatch(/castmatch_ws_clients 0/);
  });

  it('/metrics can require a token', async () => {
    const guarded = await startServer(db.url, { metricsToken: 'metrics-token-0123456789' });
    try {
      expect((await fetch(`${guarded.base}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${guarded.base}/metrics`, {
        headers: { authorization: 'Bearer metrics-token-0123456780' },
      });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${guarded.base}/metrics`, {
        headers: { authorization: 'Bearer metrics-token-0123456789' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.server.close();
    }
  });

  it('errors are JSON with a code: unknown route, bad JSON, wrong content type', async () => {
    const nf = await call(srv.base, 'GET', '/v1/nothing');
    expect(nf.status).toBe(404);
    expect(nf.body.code).toBe('not_found');
    const bad = await fetch(`${srv.base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-castmatch-schema-version': '1' },
      body: '{"email": ',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad_request' });
    const v = await call(srv.base, 'POST', '/v1/auth/login', {
      body: { email: 'not-an-email', password: 'x', deviceId: 'd' },
    });
    expect(v.status).toBe(400);
    expect(v.body.code).toBe('validation_failed');
    expect(Array.isArray((v.body.details as { issues: unknown[] }).issues)).toBe(true);
  });

  it('rate-limits requests per user', async () => {
    const limited = await startServer(db.url, { limits: { ...defaultLimits, requestsPerMinutePerUser: 5 } });
    try {
      const s = await createOffice(limited.base, 'Busy');
      const statuses = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await call(limited.base, 'GET', '/v1/me', { token: s.accessToken })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await limited.server.close();
    }
  });

  it('graceful shutdown finishes an in-flight push before closing', async () => {
    const own = await startServer(db.url);
    const s = await createOffice(own.base, 'Shutdown');
    const changes = Array.from({ length: 5000 }, (_, i) => ({
      table: 't',
      rowId: `g${i}`,
      column: 'c',
      value: i,
      hlc: hlcAt(i),
    }));
    // Close once the server has the request (not after a guessed delay: under load it may not have arrived).
    const arrived = new Promise((r) => own.server.app.server.once('request', r));
    const inflight = push(own.base, s, changes);
    await arrived;
    await own.server.close();
    const r = await inflight;
    expect(r.status).toBe(200);
    expect(r.body.applied).toBe(5000);
    const n = await db.admin.query('SELECT count(*)::int AS n FROM castmatch.cells WHERE office_id = $1', [
      s.user.officeId,
    ]);
    expect(n.rows[0].n).toBe(5000);
  });
});
