// Pokes after commit: in-process for one instance; through Redis across two instances sharing one Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectWs,
  createOffice,
  createTestDatabase,
  hlcAt,
  pull,
  push,
  REDIS_URL,
  startServer,
  type TestDatabase,
} from './helpers.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('realtime');
});
afterAll(async () => {
  await db?.drop();
});

const change = (row: string, t: number) => ({
  table: 'talent',
  rowId: row,
  column: 'name',
  value: row,
  hlc: hlcAt(t),
});

describe('single instance, in-process bus', () => {
  it("pokes the office's sockets after a push, and not other offices' sockets", async () => {
    const srv = await startServer(db.url);
    try {
      const [a, b] = await Promise.all([createOffice(srv.base, 'RT A'), createOffice(srv.base, 'RT B')]);
      const wsA = await connectWs(srv.base, a.accessToken);
      const wsA2 = await connectWs(srv.base, a.accessToken, true);
      const wsB = await connectWs(srv.base, b.accessToken);
      const poked = wsA.nextPoke();
      const poked2 = wsA2.nextPoke();
      const r = await push(srv.base, a, [change('x', 1)]);
      expect(await poked).toBe(r.body.seq);
      expect(await poked2).toBe(r.body.seq);
      // Nothing won: no poke. Read after markers (pokes are delivered in order), not after a sleep.
      await push(srv.base, a, [change('x', 1)]);
      const markerA = wsA.nextPoke();
      const markerB = wsB.nextPoke();
      const rA = await push(srv.base, a, [change('marker', 2)]);
      const rB = await push(srv.base, b, [change('marker', 3)]);
      expect(await markerA).toBe(rA.body.seq);
      expect(await markerB).toBe(rB.body.seq);
      expect(wsA.pokes).toEqual([r.body.seq, rA.body.seq]);
      expect(wsB.pokes).toEqual([rB.body.seq]);
      for (const w of [wsA, wsA2, wsB]) w.close();
    } finally {
      await srv.server.close();
    }
  });

  it('closes a socket when the token that opened it expires', async () => {
    const srv = await startServer(db.url, { accessTokenTtlSeconds: 3 });
    try {
      const s = await createOffice(srv.base, 'Expiry');
      const client = await connectWs(srv.base, s.accessToken);
      const closed = await new Promise<{ code: number; message: string }>((resolve) => {
        let message = '';
        client.ws.on('message', (d) => {
          message = String(d);
        });
        client.ws.once('close', (code) => resolve({ code, message }));
      });
      expect(closed.code).toBe(4001);
      expect(JSON.parse(closed.message)).toMatchObject({ type: 'error', code: 'token_expired' });
    } finally {
      await srv.server.close();
    }
  });

  it('refuses a socket that does not authenticate', async () => {
    const srv = await startServer(db.url);
    try {
      await expect(connectWs(srv.base, 'garbage')).rejects.toThrow(/unauthorized/);
      await expect(connectWs(srv.base, 'garbage', true)).rejects.toThrow(/unauthorized/);
    } finally {
      await srv.server.close();
    }
  });
});

if (!REDIS_URL) {
  console.warn('[server tests] REDIS_URL is not set: the multi-instance fan-out test did NOT run.');
}

describe.runIf(REDIS_URL)('two instances, one Postgres, one Redis', () => {
  it('a push on instance 1 reaches a client of instance 2, which then pulls it', async () => {
    const prefix = `cmtest-fanout-${process.pid}-${Date.now()}:`;
    const one = await startServer(db.url, { redisUrl: REDIS_URL, redisPrefix: prefix });
    const two = await startServer(db.url, { redisUrl: REDIS_URL, redisPrefix: prefix });
    try {
      expect(one.server.ctx.bus.kind).toBe('redis');
      const office = await createOffice(one.base, 'Fan-out');
      const other = await createOffice(one.base, 'Fan-out other');
      const onTwo = await connectWs(two.base, office.accessToken);
      const onOne = await connectWs(one.base, office.accessToken);
      const otherOnTwo = await connectWs(two.base, other.accessToken);
      const poked = onTwo.nextPoke();
      const pokedLocally = onOne.nextPoke();
      const r = await push(one.base, office, [change('fan', 5), change('fan2', 6)]);
      expect(r.status).toBe(200);
      const seq = await poked;
      expect(seq).toBe(r.body.seq);
      const pulled = await pull(two.base, office, 0);
      expect(pulled.body.cells.map((c) => c.rowId)).toEqual(['fan', 'fan2']);
      expect(await pokedLocally).toBe(r.body.seq);
      // "Nothing else arrived" is read after a marker, not after a sleep: the bus delivers in order, so a
      // poke that should not exist would have come before the marker's. The other office's marker:
      const otherPoked = otherOnTwo.nextPoke();
      const rOther = await push(one.base, other, [change('other', 1)]);
      expect(await otherPoked).toBe(rOther.body.seq);
      expect(otherOnTwo.pokes).toEqual([rOther.body.seq]);
      // The pushing instance pokes its own sockets directly and skips its own message's echo: exactly once.
      // Marker: a push through instance 2 reaches instance 1 over Redis, after any echo of the first push.
      const markerOnOne = onOne.nextPoke();
      const markerOnTwo = onTwo.nextPoke();
      const r2 = await push(two.base, office, [change('fan3', 7)]);
      expect(await markerOnOne).toBe(r2.body.seq);
      expect(await markerOnTwo).toBe(r2.body.seq);
      expect(onOne.pokes).toEqual([r.body.seq, r2.body.seq]);
      expect(onTwo.pokes).toEqual([r.body.seq, r2.body.seq]);
      onOne.close();
      // Health reports Redis.
      const h = await fetch(`${two.base}/health`);
      expect(await h.json()).toMatchObject({ status: 'ok', database: 'ok', redis: 'ok' });
      onTwo.close();
      otherOnTwo.close();
    } finally {
      await one.server.close();
      await two.server.close();
    }
  });

  it('login rate limits are shared by instances through Redis', async () => {
    const prefix = `cmtest-rl-${process.pid}-${Date.now()}:`;
    const { defaultLimits } = await import('../../src/server/config.ts');
    const limits = { ...defaultLimits, loginPerAccount: 2, loginPerIp: 100 };
    const one = await startServer(db.url, { redisUrl: REDIS_URL, redisPrefix: prefix, limits });
    const two = await startServer(db.url, { redisUrl: REDIS_URL, redisPrefix: prefix, limits });
    try {
      const { call } = await import('./helpers.ts');
      const body = {
        email: 'shared-limit@example.test',
        password: 'wrong-password',
        deviceId: 'dev-rl-000001',
      };
      const s1 = (await call(one.base, 'POST', '/v1/auth/login', { body })).status;
      const s2 = (await call(two.base, 'POST', '/v1/auth/login', { body })).status;
      const third = await call(one.base, 'POST', '/v1/auth/login', { body });
      expect([s1, s2, third.status]).toEqual([401, 401, 429]);
      // The 15-minute window opened at the first attempt, so nearly all of it is left (not the rest of a
      // clock-aligned quarter hour).
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(450);
    } finally {
      await one.server.close();
      await two.server.close();
    }
  });
});
