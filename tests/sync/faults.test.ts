// The sync client against a real server behind a proxy that misbehaves on demand: a push whose response is
// lost, a server that is away, answers garbage, rate-limits, refuses the clock or the sign-in.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxSize } from '../../src/backend/sync/capture.ts';
import { createTalent, getTalent } from '../../src/backend/talent/repo.ts';
import {
  createOffice,
  createTestDatabase,
  inviteUser,
  push,
  type Running,
  startServer,
  type TestDatabase,
} from '../server/helpers.ts';
import { makeDesktop } from './harness.ts';

type Mode = 'pass' | 'drop-response' | 'refuse' | 'garbage' | 'rate-limit' | 'expired';

let tdb: TestDatabase;
let srv: Running;
let proxy: Server;
let proxyBase: string;
/** What the proxy does with the next requests, one entry each (then 'pass'). */
const plan: Mode[] = [];
/** Upstream answers to pushes, in order (what the server said, whether or not the client heard it). */
const pushAnswers: { status: number; body: { applied?: number; ignored?: number } }[] = [];
const waits: number[] = [];

async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const mode = plan.shift() ?? 'pass';
  if (mode === 'refuse') return void req.socket.destroy();
  if (mode === 'garbage')
    return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>');
  if (mode === 'rate-limit') {
    return void res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end(
      JSON.stringify({
        code: 'rate_limited',
        message: 'Too many requests: retry in 7 s.',
        details: { retryAfterSeconds: 7 },
      }),
    );
  }
  if (mode === 'expired') {
    return void res
      .writeHead(401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ code: 'token_expired', message: 'expired' }));
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
  const up = await fetch(srv.base + (req.url ?? '/'), {
    method: req.method,
    headers,
    body: Buffer.concat(chunks),
  });
  const text = await up.text();
  if (req.url === '/v1/sync/push') pushAnswers.push({ status: up.status, body: JSON.parse(text) });
  // The server committed and answered; the client never hears it.
  if (mode === 'drop-response') return void req.socket.destroy();
  const out: Record<string, string> = {
    'content-type': up.headers.get('content-type') ?? 'application/json',
  };
  const ra = up.headers.get('retry-after');
  if (ra) out['retry-after'] = ra;
  res.writeHead(up.status, out).end(text);
}

beforeAll(async () => {
  tdb = await createTestDatabase('syncfaults');
  srv = await startServer(tdb.url);
  proxy = createServer((req, res) => {
    forward(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  proxyBase = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => proxy.close(ok));
  await srv?.server.close();
  await tdb?.drop();
});

async function pair() {
  const admin = await createOffice(srv.base, 'Bandra Casting');
  const other = await inviteUser(srv.base, admin, 'assistant');
  const a = await makeDesktop('a', proxyBase, admin, { wait: async (ms) => void waits.push(ms) });
  const b = await makeDesktop('b', srv.base, other);
  return { a, b, admin };
}

const cellsOnServer = async (officeId: string) =>
  Number(
    (
      await tdb.admin.query<{ n: string }>('SELECT count(*) AS n FROM castmatch.cells WHERE office_id = $1', [
        officeId,
      ])
    ).rows[0]!.n,
  );
const historyOnServer = async (officeId: string) =>
  Number(
    (
      await tdb.admin.query<{ n: string }>(
        'SELECT count(*) AS n FROM castmatch.cell_history WHERE office_id = $1',
        [officeId],
      )
    ).rows[0]!.n,
  );

describe('sync client faults', () => {
  it('retries a push whose response was lost; the retry changes nothing on the server, and the outbox empties', async () => {
    const { a, b, admin } = await pair();
    const t = createTalent(a.db, { fullName: 'Tanvi Joshi', city: 'Dadar' });
    pushAnswers.length = 0;
    plan.push('drop-response');
    const r = await a.sync();
    expect(r.state).toBe('idle');
    expect(pushAnswers.map((p) => p.status)).toEqual([200, 200]);
    expect(pushAnswers[0]!.body.applied).toBeGreaterThan(0);
    expect(pushAnswers[1]!.body).toMatchObject({ applied: 0, ignored: pushAnswers[0]!.body.applied });
    expect(outboxSize(a.db)).toBe(0);
    expect(await historyOnServer(admin.user.officeId)).toBe(0);
    const cells = await cellsOnServer(admin.user.officeId);
    expect(await b.sync()).toMatchObject({ state: 'idle', pulledCells: cells });
    expect(getTalent(b.db, t.id).city).toBe('Dadar');
    a.close();
    b.close();
  });

  it('a desktop stopped after the server committed its push but before the answer resends it from its files, once', async () => {
    const { a, b, admin } = await pair();
    const t = createTalent(a.db, { fullName: 'Rekha Bhardwaj', city: 'Malad' });
    pushAnswers.length = 0;
    plan.push('drop-response', 'refuse', 'refuse', 'refuse');
    expect((await a.sync()).state).toBe('offline');
    expect(outboxSize(a.db)).toBe(1); // not acknowledged: still queued, in the file
    await a.restart();
    expect((await a.sync()).state).toBe('idle');
    const applied = pushAnswers.map((p) => p.body.applied);
    expect(applied).toHaveLength(2);
    expect(applied[0]).toBeGreaterThan(0);
    expect(applied[1]).toBe(0);
    expect(outboxSize(a.db)).toBe(0);
    expect(await historyOnServer(admin.user.officeId)).toBe(0);
    await b.sync();
    expect(getTalent(b.db, t.id).city).toBe('Malad');
    a.close();
    b.close();
  });

  it('is offline, not failing, while the server cannot be reached, and keeps the outbox for later', async () => {
    const { a, b } = await pair();
    const t = createTalent(a.db, { fullName: 'Yusuf Pathan' });
    plan.push('refuse', 'refuse', 'refuse', 'refuse');
    const r = await a.sync();
    expect(r.state).toBe('offline');
    expect(outboxSize(a.db)).toBe(1);
    plan.push('garbage', 'garbage', 'garbage', 'garbage');
    expect((await a.sync()).state).toBe('offline');
    expect(outboxSize(a.db)).toBe(1);
    expect((await a.sync()).state).toBe('idle');
    await b.sync();
    expect(getTalent(b.db, t.id).fullName).toBe('Yusuf Pathan');
    a.close();
    b.close();
  });

  it('waits Retry-After on 429 and then sends the same batch', async () => {
    const { a } = await pair();
    createTalent(a.db, { fullName: 'Gauri Sawant' });
    waits.length = 0;
    plan.push('rate-limit');
    expect((await a.sync()).state).toBe('idle');
    expect(waits).toContain(7000);
    expect(outboxSize(a.db)).toBe(0);
    a.close();
  });

  it('keeps the outbox when the sign-in cannot be refreshed (401)', async () => {
    const { a } = await pair();
    createTalent(a.db, { fullName: 'Irfan Ali' });
    plan.push('expired');
    const r = await a.sync();
    expect(r.state).toBe('signed_out');
    expect(outboxSize(a.db)).toBe(1);
    a.close();
  });

  it('stops pushing on clock_drift, keeps the changes, and still pulls', async () => {
    const { a, b } = await pair();
    const fromB = createTalent(b.db, { fullName: 'Lata Menon' });
    expect((await b.sync()).state).toBe('idle');
    // This computer's clock ran an hour ahead at some point: its timestamps are now in the future.
    const ahead = `${new Date(Date.now() + 3_600_000).toISOString()}-0000-${'f'.repeat(16)}`;
    a.db.sqlite.prepare('UPDATE sync_state SET hlc = ?').run(ahead);
    createTalent(a.db, { fullName: 'Ahead Of Time' });
    const r = await a.sync();
    expect(r.state).toBe('clock_drift');
    expect(r.message).toMatch(/clock/i);
    expect(outboxSize(a.db)).toBe(1);
    expect(getTalent(a.db, fromB.id).fullName).toBe('Lata Menon');
    // Still stopped on the next round, until the user has fixed the clock.
    expect((await a.sync()).state).toBe('clock_drift');
    expect(outboxSize(a.db)).toBe(1);
    a.close();
    b.close();
  });

  it('sets aside a cell the server refuses, with the reason, and sends the rest', async () => {
    const { a, b, admin } = await pair();
    // Over the server's 64 KiB cell limit (written directly: the profile form caps notes much lower).
    const t = createTalent(a.db, { fullName: 'Huge Notes' });
    a.db.sqlite.prepare('UPDATE talent SET notes = ? WHERE id = ?').run('x'.repeat(70 * 1024), t.id);
    const ok = createTalent(a.db, { fullName: 'Fine Row' });
    const r = await a.sync();
    expect(r).toMatchObject({ state: 'idle', rejectedCells: 1 });
    expect(outboxSize(a.db)).toBe(0);
    const parked = a.db.sqlite.prepare('SELECT tbl, row_id, col, reason FROM sync_parked').all() as {
      reason: string;
    }[];
    expect(parked).toEqual([
      { tbl: 'talent', row_id: t.id, col: 'notes', reason: expect.stringMatching(/^rejected: .*larger/) },
    ]);
    await b.sync();
    expect(getTalent(b.db, ok.id).fullName).toBe('Fine Row');
    expect(getTalent(b.db, t.id).notes).toBeNull();
    expect(getTalent(b.db, t.id).fullName).toBe('Huge Notes');
    expect(await cellsOnServer(admin.user.officeId)).toBeGreaterThan(0);
    a.close();
    b.close();
  });

  it('pulls cells of a table this version does not know into the side table, and keeps them', async () => {
    const { b, admin } = await pair();
    const h = `${new Date(Date.now() - 1000).toISOString()}-0000-0123456789abcdef`;
    const res = await push(srv.base, admin, [
      { table: 'audition_slot', rowId: 'slot-1', column: 'starts_at', value: '2026-12-24T10:00', hlc: h },
    ]);
    expect(res.status).toBe(200);
    await b.sync();
    await b.restart();
    expect(b.db.sqlite.prepare('SELECT tbl, row_id, col, value, reason FROM sync_parked').all()).toEqual([
      {
        tbl: 'audition_slot',
        row_id: 'slot-1',
        col: 'starts_at',
        value: '"2026-12-24T10:00"',
        reason: 'unknown table',
      },
    ]);
    b.close();
  });
});
