// The sync protocol against a real Postgres: LWW, idempotency, tombstones, paging, drift, validation, gap-free cursors.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/server.ts';
import {
  call,
  createOffice,
  createTestDatabase,
  hlcAt,
  pull,
  pullAll,
  push,
  type Running,
  type SessionInfo,
  startServer,
  type TestDatabase,
  testConfig,
} from './helpers.ts';

let db: TestDatabase;
let srv: Running;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase('protocol');
  srv = await startServer(db.url);
  base = srv.base;
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

const cell = (rowId: string, column: string, value: unknown, hlc: string, table = 'talent') => ({
  table,
  rowId,
  column,
  value,
  hlc,
});

async function history(officeId: string, rowId: string) {
  const r = await db.admin.query(
    'SELECT col, value, hlc, reason FROM castmatch.cell_history WHERE office_id = $1 AND row_id = $2 ORDER BY hlc',
    [officeId, rowId],
  );
  return r.rows as { col: string; value: unknown; hlc: string; reason: string }[];
}

describe('push and pull', () => {
  let s: SessionInfo;
  beforeAll(async () => {
    s = await createOffice(base, 'Protocol office');
  });

  it('stores cells and answers with the new sequence; pull returns them in sequence order', async () => {
    const r = await push(base, s, [cell('r1', 'name', 'Asha', hlcAt(0)), cell('r1', 'age', 31, hlcAt(1))]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ seq: 2, applied: 2, ignored: 0 });
    const p = await pull(base, s, 0);
    expect(p.status).toBe(200);
    expect(p.body.cells.map((c) => [c.column, c.value, c.seq])).toEqual([
      ['name', 'Asha', 1],
      ['age', 31, 2],
    ]);
    expect(p.body.cells[0]?.deviceId).toBe(s.deviceId);
    expect(p.body).toMatchObject({ cursor: 2, hasMore: false, seq: 2 });
  });

  it('is idempotent: the same push twice changes nothing and records no history', async () => {
    const changes = [
      cell('idem', 'name', 'Bina', hlcAt(10)),
      cell('idem', 'city', { name: 'Pune' }, hlcAt(11)),
    ];
    const first = await push(base, s, changes);
    const second = await push(base, s, changes);
    expect(first.body.applied).toBe(2);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ seq: first.body.seq, applied: 0, ignored: 2 });
    expect(await history(s.user.officeId, 'idem')).toEqual([]);
  });

  it('last writer wins per field by HLC, whatever the arrival order; losers are kept as history', async () => {
    await push(base, s, [cell('lww', 'name', 'new', hlcAt(200)), cell('lww', 'notes', 'n1', hlcAt(100))]);
    const late = await push(base, s, [
      cell('lww', 'name', 'old', hlcAt(150)),
      cell('lww', 'notes', 'n2', hlcAt(300)),
    ]);
    expect(late.body).toMatchObject({ applied: 1, ignored: 1 });
    const { cells } = await pullAll(base, s);
    const lww = Object.fromEntries(cells.filter((c) => c.rowId === 'lww').map((c) => [c.column, c.value]));
    expect(lww).toEqual({ name: 'new', notes: 'n2' });
    const h = await history(s.user.officeId, 'lww');
    expect(h.map((x) => [x.col, x.value, x.reason])).toEqual([
      ['notes', 'n1', 'overwritten'],
      ['name', 'old', 'arrived_late'],
    ]);
  });

  it('within one push the highest HLC of a cell wins and the others go to history', async () => {
    const r = await push(base, s, [
      cell('dup', 'name', 'b', hlcAt(20)),
      cell('dup', 'name', 'c', hlcAt(30)),
      cell('dup', 'name', 'a', hlcAt(10)),
    ]);
    expect(r.body.applied).toBe(1);
    const { cells } = await pullAll(base, s);
    expect(cells.find((c) => c.rowId === 'dup')?.value).toBe('c');
    expect((await history(s.user.officeId, 'dup')).map((x) => x.value)).toEqual(['a', 'b']);
  });

  it('ties on the same HLC keep the stored value (a retried change cannot flip it)', async () => {
    await push(base, s, [cell('tie', 'name', 'first', hlcAt(40))]);
    const r = await push(base, s, [cell('tie', 'name', 'second', hlcAt(40))]);
    expect(r.body.applied).toBe(0);
    const { cells } = await pullAll(base, s);
    expect(cells.find((c) => c.rowId === 'tie')?.value).toBe('first');
  });

  it('deletes are tombstones that win or lose like any cell and are pulled', async () => {
    await push(base, s, [cell('del', 'name', 'Gone', hlcAt(50))]);
    await push(base, s, [cell('del', '_deleted', true, hlcAt(60))]);
    // An edit made before the delete (arriving later) does not resurrect the row.
    await push(base, s, [
      cell('del', '_deleted', false, hlcAt(55)),
      cell('del', 'name', 'Edited', hlcAt(58)),
    ]);
    const { cells } = await pullAll(base, s);
    const row = Object.fromEntries(cells.filter((c) => c.rowId === 'del').map((c) => [c.column, c.value]));
    expect(row).toEqual({ name: 'Edited', _deleted: true });
    const bad = await push(base, s, [cell('del', '_deleted', 'yes', hlcAt(70))]);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('keeps tables and columns it has never heard of', async () => {
    await push(base, s, [cell('f1', 'hologram_url', 'x', hlcAt(80), 'future_table_v9')]);
    const { cells } = await pullAll(base, s);
    expect(cells.find((c) => c.table === 'future_table_v9')).toMatchObject({
      column: 'hologram_url',
      value: 'x',
    });
  });
});

describe('paging', () => {
  it('returns every changed cell exactly once across pages, and an empty page at the end', async () => {
    const s = await createOffice(base, 'Paging');
    const changes = Array.from({ length: 25 }, (_, i) => cell(`p${i}`, 'name', `n${i}`, hlcAt(i)));
    expect((await push(base, s, changes)).body.seq).toBe(25);
    const pages = [];
    let cursor = 0;
    for (;;) {
      const r = await pull(base, s, cursor, 10);
      pages.push(r.body);
      cursor = r.body.cursor;
      if (!r.body.hasMore) break;
    }
    expect(pages.map((p) => p.cells.length)).toEqual([10, 10, 5]);
    expect(pages.flatMap((p) => p.cells.map((c) => c.seq))).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    const end = await pull(base, s, cursor, 10);
    expect(end.body).toMatchObject({ cells: [], cursor: 25, hasMore: false, seq: 25 });
    // An overwritten cell moves to the end of the sequence: a client at the old cursor sees only it.
    await push(base, s, [cell('p3', 'name', 'changed', hlcAt(1000))]);
    const next = await pull(base, s, 25, 10);
    expect(next.body.cells.map((c) => [c.rowId, c.value, c.seq])).toEqual([['p3', 'changed', 26]]);
  });

  it('converges when pushes land between pages (prefetched pages are never wrong, only early)', async () => {
    const s = await createOffice(base, 'Prefetch');
    await push(
      base,
      s,
      Array.from({ length: 30 }, (_, i) => cell(`q${i}`, 'name', `v0-${i}`, hlcAt(i))),
    );
    const local = new Map<string, { value: unknown; hlc: string }>();
    const apply = (cells: { rowId: string; column: string; value: unknown; hlc: string }[]) => {
      for (const c of cells) {
        const k = `${c.rowId}/${c.column}`;
        const cur = local.get(k);
        if (!cur || c.hlc > cur.hlc) local.set(k, { value: c.value, hlc: c.hlc });
      }
    };
    let r = await pull(base, s, 0, 10); // the server now reads the next page ahead
    apply(r.body.cells);
    // Overwrite a cell of the prefetched page and add new ones before the client asks for it.
    await push(base, s, [cell('q15', 'name', 'changed', hlcAt(500)), cell('q99', 'name', 'new', hlcAt(501))]);
    let cursor = r.body.cursor;
    while (r.body.hasMore) {
      r = await pull(base, s, cursor, 10);
      apply(r.body.cells);
      cursor = r.body.cursor;
    }
    expect(local.get('q15/name')?.value).toBe('changed');
    expect(local.get('q99/name')?.value).toBe('new');
    const server = (await pullAll(base, s)).cells;
    expect(local.size).toBe(server.length);
    for (const c of server) expect(local.get(`${c.rowId}/${c.column}`)?.value).toEqual(c.value);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/castmatch_pull_prefetch_total\{outcome="hit"\} [1-9]/);
  });

  it('refuses a cursor beyond the server head (a reset server is an alarm, not "delete everything")', async () => {
    const s = await createOffice(base, 'Reset');
    const r = await pull(base, s, 999);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'conflict', details: { serverSeq: 0 } });
  });

  it('rejects limits out of range', async () => {
    const s = await createOffice(base, 'Limits');
    expect((await pull(base, s, 0, 1_000_000)).status).toBe(400);
  });
});

describe('drift guard and validation', () => {
  let s: SessionInfo;
  beforeAll(async () => {
    s = await createOffice(base, 'Drift');
  });
  const future = (ms: number) => `${new Date(Date.now() + ms).toISOString()}-0000-0123456789abcdef`;

  it('refuses a clock far in the future, atomically, with a clear error', async () => {
    const r = await push(base, s, [
      cell('d1', 'name', 'ok', hlcAt(0)),
      cell('d2', 'name', 'x', future(10 * 60_000)),
    ]);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('clock_drift');
    expect(String(r.body.message)).toMatch(/ahead of the server/);
    expect(r.body.details).toMatchObject({ index: 1 });
    expect((await pullAll(base, s)).cells).toEqual([]);
  });

  it('accepts a clock slightly ahead', async () => {
    const r = await push(base, s, [cell('d3', 'name', 'ok', future(60_000))]);
    expect(r.status).toBe(200);
  });

  it.each([
    ['a table name with SQL in it', { table: 'talent; DROP TABLE castmatch.cells; --' }],
    ['an upper-case column', { column: 'Name' }],
    ['a malformed hlc', { hlc: '2026-01-01T00:00:00Z-0-abc' }],
    ['an impossible date in the hlc', { hlc: '2026-02-30T00:00:00.000Z-0000-0123456789abcdef' }],
    ['an extra field', { extra: 1 }],
    ['a missing value', { value: undefined }],
  ])('rejects %s and applies nothing', async (_label, patch) => {
    const good = cell('v-ok', 'name', 'fine', hlcAt(5));
    const bad = { ...cell('v-bad', 'name', 'x', hlcAt(6)), ...patch };
    const r = await push(base, s, [good, bad]);
    expect(r.status).toBe(400);
    expect(r.body.code).toMatch(/validation_failed|clock_drift/);
    const { cells } = await pullAll(base, s);
    expect(cells.some((c) => c.rowId === 'v-ok')).toBe(false);
    const tables = await db.admin.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'castmatch'",
    );
    expect(tables.rows[0].n).toBe(8);
  });

  it('limits the number of changes per push and the body size', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => cell(`m${i}`, 'name', 'x', hlcAt(i)));
    const r = await push(base, s, many);
    expect(r.status).toBe(400);
    const huge = await push(base, s, [cell('h', 'name', 'x'.repeat(70_000), hlcAt(1))]);
    expect(huge.status).toBe(400);
    const tooBig = await call(base, 'POST', '/v1/sync/push', {
      token: s.accessToken,
      body: { schemaVersion: 1, deviceId: s.deviceId, changes: [], pad: 'x'.repeat(9 * 1024 * 1024) },
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('payload_too_large');
  });

  it('refuses a push signed for another device', async () => {
    const r = await push(base, { ...s, deviceId: 'someone-elses-device' }, [
      cell('x', 'name', 'x', hlcAt(1)),
    ]);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
  });
});

describe('schema version', () => {
  it('requires the header and tells an old client to update', async () => {
    const s = await createOffice(base, 'Versions');
    const missing = await call(base, 'GET', '/v1/me', {
      token: s.accessToken,
      headers: { 'x-castmatch-schema-version': '' },
    });
    expect(missing.status).toBe(400);
    const strict = await createServer(testConfig(db.url, { minClientSchemaVersion: 3 }), {
      skipMigrations: true,
    });
    const strictBase = await strict.listen(0, '127.0.0.1');
    try {
      const old = await call(strictBase, 'GET', '/v1/me', {
        token: s.accessToken,
        headers: { 'x-castmatch-schema-version': '2' },
      });
      expect(old.status).toBe(426);
      expect(old.body).toMatchObject({ code: 'client_outdated', details: { minSchemaVersion: 3 } });
      const body = await call(strictBase, 'POST', '/v1/sync/pull', {
        token: s.accessToken,
        headers: { 'x-castmatch-schema-version': '3' },
        body: { schemaVersion: 2, cursor: 0 },
      });
      expect(body.status).toBe(426);
    } finally {
      await strict.close();
    }
  });
});

describe('concurrency', () => {
  it('never lets a pull cursor skip a commit while pushes run concurrently', async () => {
    const s = await createOffice(base, 'Concurrent');
    const pushers = 8;
    const perPush = 40;
    const rounds = 3;
    let pushing = true;
    const seen = new Map<string, number>();
    let cursor = 0;
    const puller = (async () => {
      while (pushing) {
        const r = await pull(base, s, cursor, 37);
        for (const c of r.body.cells) seen.set(c.rowId, c.seq);
        cursor = r.body.cursor;
      }
    })();
    await Promise.all(
      Array.from({ length: pushers }, async (_, p) => {
        for (let round = 0; round < rounds; round++) {
          const changes = Array.from({ length: perPush }, (_, i) =>
            cell(
              `c-${p}-${round}-${i}`,
              'name',
              i,
              hlcAt(round * 1000 + i, 0, `${p.toString(16).padStart(16, '0')}`),
            ),
          );
          const r = await push(base, s, changes);
          expect(r.status).toBe(200);
        }
      }),
    );
    pushing = false;
    await puller;
    const rest = await pullAll(base, s, cursor, 100);
    for (const c of rest.cells) seen.set(c.rowId, c.seq);
    expect(seen.size).toBe(pushers * perPush * rounds);
    const seqs = (await pullAll(base, s)).cells.map((c) => c.seq);
    expect(seqs).toEqual(Array.from({ length: pushers * perPush * rounds }, (_, i) => i + 1));
  });
});

describe('convergence (property)', () => {
  it('any split and order of the same changes gives the same state: the max HLC per cell', async () => {
    const offices = await Promise.all([createOffice(base, 'Conv A'), createOffice(base, 'Conv B')]);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            row: fc.constantFrom('a', 'b', 'c'),
            col: fc.constantFrom('name', 'age', '_deleted'),
            t: fc.integer({ min: 0, max: 50 }),
            node: fc.constantFrom('000000000000000a', '000000000000000b'),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.infiniteStream(fc.nat()),
        async (ops, rnd) => {
          run++;
          const changes = ops.map((o) => ({
            table: 'talent',
            rowId: `${o.row}-${run}`,
            column: o.col,
            value: o.col === '_deleted' ? o.t % 2 === 0 : `${o.node}:${o.t}`,
            hlc: hlcAt(o.t, 0, o.node),
          }));
          // Office A gets them in one push; office B in a shuffled order, in several pushes, some duplicated.
          const [a, b] = offices;
          await push(base, a!, changes);
          const shuffled = [...changes].sort(() => (rnd.next().value % 3) - 1);
          for (let i = 0; i < shuffled.length; i += 4) {
            const batch = shuffled.slice(i, i + 4);
            await push(base, b!, batch);
            if (rnd.next().value % 2 === 0) await push(base, b!, batch);
          }
          const state = async (sess: SessionInfo) =>
            Object.fromEntries(
              (await pullAll(base, sess)).cells
                .filter((c) => c.rowId.endsWith(`-${run}`))
                .map((c) => [`${c.rowId}/${c.column}`, [c.value, c.hlc]]),
            );
          const expected: Record<string, [unknown, string]> = {};
          for (const c of changes) {
            const k = `${c.rowId}/${c.column}`;
            const cur = expected[k];
            if (!cur || c.hlc > cur[1]) expected[k] = [c.value, c.hlc];
          }
          const [sa, sb] = [await state(a!), await state(b!)];
          // Equal HLCs with different values (same node, same time) keep whichever arrived first: compare HLCs only there.
          expect(Object.keys(sa).sort()).toEqual(Object.keys(expected).sort());
          expect(Object.keys(sb).sort()).toEqual(Object.keys(expected).sort());
          for (const k of Object.keys(expected)) {
            expect(sa[k]?.[1]).toBe(expected[k]?.[1]);
            expect(sb[k]?.[1]).toBe(expected[k]?.[1]);
          }
        },
      ),
      { numRuns: 12, seed: 20261207 }, // seeded: the same splits and orders on every run
    );
  });
});
