// `npm run bench -- server`: (a) push throughput with 50 concurrent pushers vs raw INSERT … ON CONFLICT of the
// same rows through pg; (b) poke latency, commit → WebSocket client, p95 with 500 idle clients; (c) initial pull
// of 1.5 million cells (100k talent × 15 columns). Uses DATABASE_URL / REDIS_URL when set, else embedded Postgres
// and the in-process bus. Works in a fresh database that it drops at the end. The server runs on the main
// thread; all clients (pushers, raw pg reference, sockets, puller) run in a worker thread, as they would on other
// machines, so client-side JSON work is not billed to the server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import { WebSocket } from 'ws';
import { defaultLimits, type ServerConfig } from '../src/server/config.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { createServer } from '../src/server/server.ts';

const PUSHERS = 50;
const BATCHES_PER_PUSHER = 8;
const CELLS_PER_PUSH = 500;
const OFFICES = 50;
const ROUNDS = 4;
// Both the server's pool and the raw reference get this many connections (two pools of 50 would exceed a
// default max_connections of 100).
const DB_CONNECTIONS = 40;
const WS_CLIENTS = 500;
const POKES = 100;
const TALENT = 100_000;
const COLUMNS = 15;
const PULL_PAGE = 20_000;

const log = (s: string) => process.stdout.write(`${s}\n`);
const headers = (token: string) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
  'x-castmatch-schema-version': '1',
});

async function database(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cm_bench_${randomBytes(4).toString('hex')}`;
  const base = process.env.DATABASE_URL;
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      drop: async () => {
        const d = new pg.Client({ connectionString: base });
        await d.connect();
        await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await d.end();
      },
    };
  }
  log('DATABASE_URL not set: using an embedded Postgres');
  const dir = mkdtempSync(join(tmpdir(), 'cm-bench-'));
  const emb = await startEmbeddedPostgres({ dataDir: dir, port: 30000 + Math.floor(Math.random() * 20000) });
  return {
    url: emb.url,
    drop: async () => {
      await emb.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The push phase uses node:http with keep-alive rather than fetch: a lighter client leaves more of the two CPU
// cores to the server and Postgres, as clients on other machines would.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function postRaw(url: string, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: headers(token) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function hlc(ms: number, counter: number, node: string): string {
  return `${new Date(ms).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

interface Session {
  accessToken: string;
  deviceId: string;
  user: { officeId: string };
}

async function signup(base: string, i: number): Promise<Session> {
  const deviceId = `bench-dev-${i.toString().padStart(4, '0')}`;
  const r = await fetch(`${base}/v1/offices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-castmatch-schema-version': '1' },
    body: JSON.stringify({
      officeName: `Bench ${i}`,
      email: `bench-${i}-${randomBytes(3).toString('hex')}@example.test`,
      password: 'benchmark password',
      displayName: 'Bench',
      deviceId,
    }),
  });
  if (r.status !== 201) throw new Error(`signup ${r.status} ${await r.text()}`);
  return { ...((await r.json()) as Session), deviceId };
}

async function login(base: string, email: string, deviceId: string): Promise<Session> {
  const r = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-castmatch-schema-version': '1' },
    body: JSON.stringify({ email, password: 'benchmark password', deviceId }),
  });
  if (r.status !== 200) throw new Error(`login ${r.status} ${await r.text()}`);
  return { ...((await r.json()) as Session), deviceId };
}

interface ClientParams {
  base: string;
  dbUrl: string;
}

type ToWorker = { type: 'commit'; officeId: string; seq: number; at: number };
type FromWorker = { type: 'log'; line: string } | { type: 'done' } | { type: 'error'; message: string };

async function serverMain(): Promise<void> {
  const db = await database();
  const config: ServerConfig = {
    databaseUrl: db.url,
    redisUrl: process.env.REDIS_URL || undefined,
    redisPrefix: `cmbench-${randomBytes(3).toString('hex')}:`,
    host: '127.0.0.1',
    port: 0,
    jwtSecret: randomBytes(32).toString('hex'),
    jwtIssuer: 'castmatch-server',
    jwtAudience: 'castmatch-desktop',
    accessTokenTtlSeconds: 3600,
    refreshTokenTtlDays: 1,
    inviteTtlHours: 1,
    minClientSchemaVersion: 1,
    maxDriftMs: 5 * 60_000,
    signupSecret: undefined,
    // Every benchmark client comes from 127.0.0.1: per-IP limits would measure the limiter, not the server.
    limits: {
      ...defaultLimits,
      requestsPerMinutePerIp: 1e9,
      requestsPerMinutePerUser: 1e9,
      loginPerIp: 1e6,
      loginPerAccount: 1e6,
    },
    poolSize: DB_CONNECTIONS, // as many as the raw reference gets
    logLevel: 'warn',
    trustProxy: false,
  };
  const server = await createServer(config);
  const base = await server.listen(0, '127.0.0.1');
  log(`server ${base} bus=${server.ctx.bus.kind}`);
  try {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { base, dbUrl: db.url } satisfies ClientParams,
    });
    // The commit time of each poke, stamped by the server right after commit, for the latency figure.
    server.ctx.bus.onPoke((p) =>
      worker.postMessage({ type: 'commit', officeId: p.officeId, seq: p.seq, at: p.at } satisfies ToWorker),
    );
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'log') log(m.line);
        else if (m.type === 'done') resolve();
        else reject(new Error(m.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`client worker exited ${code}`)),
      );
    });
    await worker.terminate();
  } finally {
    await server.close();
    await db.drop();
  }
}

async function clientsMain(params: ClientParams): Promise<void> {
  const { base } = params;
  const say = (line: string) => parentPort?.postMessage({ type: 'log', line } satisfies FromWorker);
  const commits = new Map<string, number>();
  parentPort?.on('message', (m: ToWorker) => {
    if (m.type === 'commit') commits.set(`${m.officeId}/${m.seq}`, m.at);
  });
  const admin = new pg.Pool({ connectionString: params.dbUrl, max: DB_CONNECTIONS });
  admin.on('error', () => {}); // connections cut when the database is dropped at the end
  try {
    // (a) push throughput ------------------------------------------------------------------------------------
    const offices = await Promise.all(Array.from({ length: OFFICES }, (_, i) => signup(base, i)));
    const emails = await Promise.all(
      offices.map(async (o) => {
        const r = await admin.query('SELECT email FROM castmatch.users WHERE office_id = $1', [
          o.user.officeId,
        ]);
        return String(r.rows[0].email);
      }),
    );
    // 50 pushers = 2 devices in each of 25 offices, each with its own session bound to its device.
    const pushers = await Promise.all(
      Array.from({ length: PUSHERS }, (_, p) =>
        login(base, emails[p % OFFICES]!, `bench-pusher-${p.toString().padStart(3, '0')}`),
      ),
    );
    const t0 = Date.UTC(2026, 0, 1);
    const batchFor = (p: number, b: number) =>
      Array.from({ length: CELLS_PER_PUSH }, (_, i) => ({
        table: 'talent',
        rowId: `t-${p}-${b}-${Math.floor(i / COLUMNS)}`,
        column: `c${i % COLUMNS}`,
        value: `value ${p} ${b} ${i} — Mumbai casting`,
        hlc: hlc(t0 + b * 1000 + i, 0, p.toString(16).padStart(16, '0')),
      }));
    // Warm-up so both sides are measured hot: every pool connection of the server runs the push function a few
    // times (Postgres caches a plpgsql statement's plan per connection after its first executions), on rows
    // that the measured rounds do not touch.
    for (let w = 0; w < 6; w++) {
      await Promise.all(
        pushers.map(async (s, p) => {
          const r = await postRaw(
            `${base}/v1/sync/push`,
            s.accessToken,
            JSON.stringify({
              schemaVersion: 1,
              deviceId: s.deviceId,
              changes: batchFor(1000 + p, w).slice(0, 50),
            }),
          );
          if (r.status !== 200) throw new Error(`warm-up push ${r.status} ${r.text}`);
        }),
      );
    }
    // Reference table and statement: the same rows, raw INSERT … ON CONFLICT through pg, same concurrency and
    // batch size.
    await admin.query('CREATE TABLE public.bench_raw (LIKE castmatch.cells INCLUDING ALL)');
    await admin.query('CREATE SEQUENCE public.bench_raw_seq');
    const RAW_SQL = `INSERT INTO public.bench_raw (office_id, tbl, row_id, col, value, hlc, device_id, seq)
      SELECT $1, t.tbl, t.row_id, t.col, t.value::jsonb, t.hlc, $7, nextval('public.bench_raw_seq')
      FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(tbl, row_id, col, value, hlc)
      ON CONFLICT (office_id, tbl, row_id, col) DO UPDATE
        SET value = EXCLUDED.value, hlc = EXCLUDED.hlc, device_id = EXCLUDED.device_id, seq = EXCLUDED.seq`;
    const rawParams = (p: number, b: number) => {
      const cells = batchFor(p, b);
      return [
        offices[p % OFFICES]!.user.officeId,
        cells.map((c) => c.table),
        cells.map((c) => c.rowId),
        cells.map((c) => c.column),
        cells.map((c) => JSON.stringify(c.value)),
        cells.map((c) => c.hlc),
        pushers[p % PUSHERS]!.deviceId,
      ];
    };
    for (let w = 0; w < 6; w++) {
      await Promise.all(
        Array.from({ length: PUSHERS }, (_, p) => admin.query(RAW_SQL, rawParams(1000 + p, w))),
      );
    }
    // Payloads are built before the clock starts, on both sides: the figure is the server's ingest rate, not the
    // benchmark client's JSON encoding. Server and raw rounds alternate, so a change in machine load during the
    // run affects both alike.
    const bodies = pushers.map((s, p) =>
      Array.from({ length: BATCHES_PER_PUSHER }, (_, b) =>
        JSON.stringify({ schemaVersion: 1, deviceId: s.deviceId, changes: batchFor(p, b) }),
      ),
    );
    const rawInputs = Array.from({ length: PUSHERS }, (_, p) =>
      Array.from({ length: BATCHES_PER_PUSHER }, (_, b) => rawParams(p, b)),
    );
    const perRound = BATCHES_PER_PUSHER / ROUNDS;
    let pushSecs = 0;
    let rawSecs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const first = round * perRound;
      const pushStart = performance.now();
      await Promise.all(
        pushers.map(async (s, p) => {
          for (let b = first; b < first + perRound; b++) {
            const r = await postRaw(`${base}/v1/sync/push`, s.accessToken, bodies[p]![b]!);
            if (r.status !== 200) throw new Error(`push ${r.status} ${r.text}`);
          }
        }),
      );
      pushSecs += (performance.now() - pushStart) / 1000;
      const rawStart = performance.now();
      await Promise.all(
        Array.from({ length: PUSHERS }, async (_, p) => {
          for (let b = first; b < first + perRound; b++) await admin.query(RAW_SQL, rawInputs[p]![b]!);
        }),
      );
      rawSecs += (performance.now() - rawStart) / 1000;
    }
    const totalCells = PUSHERS * BATCHES_PER_PUSHER * CELLS_PER_PUSH;
    const pushRate = totalCells / pushSecs;
    const rawRate = totalCells / rawSecs;
    const ratio = pushRate / rawRate;
    say(
      `push: ${totalCells} cells by ${PUSHERS} pushers (${PUSHERS / OFFICES} devices in each of ${OFFICES} offices, ` +
        `${CELLS_PER_PUSH} cells per push) in ${pushSecs.toFixed(2)} s = ${Math.round(pushRate)} cells/s`,
    );
    say(
      `raw pg INSERT … ON CONFLICT: ${totalCells} cells in ${rawSecs.toFixed(2)} s = ${Math.round(rawRate)} cells/s`,
    );
    say(`push ratio vs raw pg: ${ratio.toFixed(2)} (${ROUNDS} alternating rounds)`);

    // BENCH_PUSH_ONLY=1 stops here, for profiling the push path alone.
    if (process.env.BENCH_PUSH_ONLY === '1') {
      parentPort?.postMessage({ type: 'done' } satisfies FromWorker);
      return;
    }
    // (b) poke latency with 500 idle clients ---------------------------------------------------------------
    const office = offices[0]!;
    const receipts: [number, number][] = [];
    const sockets: WebSocket[] = [];
    const wsUrl = `${base.replace('http', 'ws')}/v1/ws`;
    for (let i = 0; i < WS_CLIENTS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, WS_CLIENTS - i) }, async () => {
          const ws = new WebSocket(wsUrl, { headers: headers(office.accessToken) });
          await new Promise<void>((resolve, reject) => {
            ws.once('error', reject);
            ws.on('message', (d) => {
              const m = JSON.parse(String(d)) as { type: string; seq: number };
              if (m.type === 'ready') resolve();
              else if (m.type === 'poke') receipts.push([m.seq, Date.now()]);
            });
          });
          sockets.push(ws);
        }),
      );
    }
    say(`ws: ${sockets.length} clients connected`);
    const poker = pushers[0]!;
    for (let i = 0; i < POKES; i++) {
      const r = await fetch(`${base}/v1/sync/push`, {
        method: 'POST',
        headers: headers(poker.accessToken),
        body: JSON.stringify({
          schemaVersion: 1,
          deviceId: poker.deviceId,
          changes: [
            {
              table: 'talent',
              rowId: 'poke',
              column: 'name',
              value: i,
              hlc: hlc(Date.now(), 0, 'ffffffffffffffff'),
            },
          ],
        }),
      });
      await r.arrayBuffer();
      await new Promise((res) => setTimeout(res, 15));
    }
    await new Promise((res) => setTimeout(res, 300));
    const latencies: number[] = [];
    for (const [seq, at] of receipts) {
      const committed = commits.get(`${office.user.officeId}/${seq}`);
      if (committed !== undefined) latencies.push(at - committed);
    }
    const pokeP95 = percentile(latencies, 95);
    say(
      `poke latency over ${latencies.length} deliveries (${POKES} commits × ${WS_CLIENTS} clients): ` +
        `p50=${percentile(latencies, 50)} ms p95=${pokeP95} ms max=${Math.max(...latencies)} ms`,
    );
    for (const ws of sockets) ws.terminate();

    // (c) initial pull of 1.5M cells -------------------------------------------------------------------------
    const big = await signup(base, 999);
    const genStart = performance.now();
    await admin.query(
      `INSERT INTO castmatch.cells (office_id, tbl, row_id, col, value, hlc, device_id, seq)
       SELECT $1, 'talent', 'tal-' || lpad(t::text, 6, '0'), 'c' || c,
              CASE WHEN c = 0 THEN to_jsonb('Talent name ' || t) WHEN c % 3 = 0 THEN to_jsonb(t * c)
                   ELSE to_jsonb('attribute ' || c || ' of talent ' || t) END,
              to_char(timestamptz '2026-01-01' + (t || ' ms')::interval, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '-' ||
                lpad(to_hex(c), 4, '0') || '-00000000000000b1',
              'bench-import', (t - 1) * ${COLUMNS} + c + 1
       FROM generate_series(1, ${TALENT}) t CROSS JOIN generate_series(0, ${COLUMNS - 1}) c`,
      [big.user.officeId],
    );
    await admin.query('UPDATE castmatch.office_state SET seq = $2 WHERE office_id = $1', [
      big.user.officeId,
      TALENT * COLUMNS,
    ]);
    await admin.query('ANALYZE castmatch.cells');
    say(`generated ${TALENT * COLUMNS} cells in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
    const pullStart = performance.now();
    let cursor = 0;
    let pulled = 0;
    for (;;) {
      const r = await fetch(`${base}/v1/sync/pull`, {
        method: 'POST',
        headers: headers(big.accessToken),
        body: JSON.stringify({ schemaVersion: 1, cursor, limit: PULL_PAGE }),
      });
      if (r.status !== 200) throw new Error(`pull ${r.status} ${await r.text()}`);
      const page = (await r.json()) as { cells: unknown[]; cursor: number; hasMore: boolean };
      pulled += page.cells.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const pullSecs = (performance.now() - pullStart) / 1000;
    if (pulled !== TALENT * COLUMNS) throw new Error(`pulled ${pulled} cells, expected ${TALENT * COLUMNS}`);
    say(
      `pull: ${pulled} cells in pages of ${PULL_PAGE} in ${pullSecs.toFixed(2)} s = ${Math.round(pulled / pullSecs)} cells/s`,
    );

    say(
      `BENCH server push_cells_per_s=${Math.round(pushRate)} ratio_vs_raw_pg=${ratio.toFixed(2)} ` +
        `poke_p95_ms=${pokeP95} clients=${sockets.length} pull_1_5m_s=${pullSecs.toFixed(2)}`,
    );
  } finally {
    await admin.end();
  }
  parentPort?.postMessage({ type: 'done' } satisfies FromWorker);
}

if (isMainThread) {
  serverMain().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  clientsMain(workerData as ClientParams).catch((e: unknown) => {
    parentPort?.postMessage({
      type: 'error',
      message: e instanceof Error ? (e.stack ?? e.message) : String(e),
    } satisfies FromWorker);
  });
}
