// `npm run bench -- sync [rows]`: the desktop sync figures of issue 15, one line each, then one BENCH line.
//   import_overhead_ratio  100k-row CSV import, sync on over sync off, same run (bench/_sync-import.ts; ≤ 1.3)
//   push_100k_s            that import's outbox pushed to the server (beside it: raw INSERT of the same cells)
//   initial_100k_s         an empty desktop pulls and applies the office, search ready (≤ 20 s)
//   edit_to_peer_p95_ms    edit committed on desktop A → readable on desktop B, B pulling on each WebSocket poke
//                          (≤ 250 ms over 200 edits)
// and, no target yet, many connected desktops of one office with 100 pushing (bench/_sync-fleet.ts).
// The server runs as its own process (`node src/server/main.ts`), on DATABASE_URL (a fresh database, dropped at
// the end; else an embedded Postgres) and REDIS_URL when set; the desktops run in this process.
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { WebSocket } from 'ws';
import { type AppDatabase, databaseFile, openDatabase } from '../src/backend/store/db.ts';
import { enableCapture, ensureCapture, outboxSize } from '../src/backend/sync/capture.ts';
import { SyncClient } from '../src/backend/sync/client.ts';
import { getTalent, updateTalent } from '../src/backend/talent/repo.ts';
import { searchTalent } from '../src/backend/talent/search.ts';
import { CURRENT_SCHEMA_VERSION, SCHEMA_VERSION_HEADER } from '../src/shared/sync/protocol.ts';
import {
  createOffice,
  createTestDatabase,
  inviteUser,
  JWT_SECRET,
  REDIS_URL,
  type SessionInfo,
} from '../tests/server/helpers.ts';
import { freePort } from '../tests/support/free-port.ts';
import { stripped } from '../tests/sync/harness.ts';
import { cpuSeconds, runFleet } from './_sync-fleet.ts';
import { measureImportOverhead } from './_sync-import.ts';

const N = Number(process.argv[2] ?? 100_000);
const EDITS = 200;
const FLEET = { sockets: 1000, observers: 20, pushers: 100, editsPerPusher: 5 };
const root = resolve('bench/.tmp/sync');
rmSync(root, { recursive: true, force: true });
const log = (s: string) => process.stdout.write(`${s}\n`);
const load = () =>
  execSync('uptime')
    .toString()
    .trim()
    .replace(/^.*load/, 'load');
const secs = (from: number) => (performance.now() - from) / 1000;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function startServerProcess(databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['src/server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ...(REDIS_URL ? { REDIS_URL } : {}),
      JWT_SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      SIGNUP_SECRET: '',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_IP_PER_MIN: '1000000',
      RATE_LIMIT_PER_USER_PER_MIN: '1000000',
      LOGIN_LIMIT_PER_IP: '100000',
      LOGIN_LIMIT_PER_ACCOUNT: '100000',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/v1/none`).then(
      () => true,
      () => false,
    );
    if (up) return { child, base };
    if (i > 600 || child.exitCode !== null) throw new Error('the sync server did not start');
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

interface Desk {
  db: AppDatabase;
  client: SyncClient;
  session: SessionInfo;
}

/**
 * sync() called while one runs shares that run's result, so a change made during it would wait for the next
 * trigger: run again once it ends, as the app's sync service must (src/backend/sync/service.ts).
 */
function rerunning(client: SyncClient, after: () => void): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await client.sync();
        after();
      } while (again);
      running = null;
    })();
    return running;
  };
}

function desk(db: AppDatabase, base: string, session: SessionInfo, f: typeof fetch = fetch): Desk {
  const client = new SyncClient(db, {
    baseUrl: base,
    deviceId: session.deviceId,
    auth: { accessToken: () => session.accessToken, refresh: async () => false },
    fetch: f,
    wait: async () => {}, // a refused or failed request is not retried after a pause here
    pullLimit: 20_000,
  });
  return { db, client, session };
}

log(`machine: 2 cores shared with other work; ${load()}`);
// 1. Import overhead --------------------------------------------------------------------------------------------
const imp = await measureImportOverhead(root, N, 3, true, log);
log(
  `import_overhead_ratio=${imp.ratio.toFixed(2)} (sync off ${imp.offS.toFixed(2)} s, on ${imp.onS.toFixed(2)} s; ${load()})`,
);

const tdb = await createTestDatabase('benchsync');
const server = await startServerProcess(tdb.url);
try {
  const admin = await createOffice(server.base, 'Bench Casting');
  const peer = await inviteUser(server.base, admin, 'casting_director');

  // 2. Push of the import's outbox ------------------------------------------------------------------------------
  const aDb = await openDatabase(databaseFile(imp.keptDir!));
  ensureCapture(aDb);
  const queued = outboxSize(aDb);
  let pushedAt = 0;
  let head = 0;
  let cells = 0;
  // Push only: the pull that follows would bring this desktop its own cells back; it is refused here, and the
  // cursor set to the server's head after the push (what the pull would have ended at).
  const pushOnly: typeof fetch = async (input, init) => {
    if (String(input).endsWith('/v1/sync/pull')) {
      pushedAt ||= performance.now();
      throw new TypeError('fetch failed (bench: push only)');
    }
    const r = await fetch(input, init);
    const body = (await r.clone().json()) as { seq?: number; applied?: number; ignored?: number };
    head = Math.max(head, body.seq ?? 0);
    cells += (body.applied ?? 0) + (body.ignored ?? 0);
    return r;
  };
  const pushStart = performance.now();
  const pushReport = await desk(aDb, server.base, admin, pushOnly).client.sync();
  const pushS = (pushedAt - pushStart) / 1000;
  if (outboxSize(aDb) !== 0) throw new Error(`push left ${outboxSize(aDb)} entries (${pushReport.state})`);
  aDb.sqlite.prepare('UPDATE sync_state SET cursor = ? WHERE id = 1').run(head);
  // The raw reference: the same cells INSERTed straight into the cells table through pg, one statement, into a
  // scratch office (dropped after): the floor under any push protocol.
  const scratch = await createOffice(server.base, 'Raw reference');
  const rawStart = performance.now();
  await tdb.admin.query(
    `INSERT INTO castmatch.cells (office_id, tbl, row_id, col, value, hlc, device_id, seq)
     SELECT $2, tbl, row_id, col, value, hlc, device_id, seq FROM castmatch.cells WHERE office_id = $1`,
    [admin.user.officeId, scratch.user.officeId],
  );
  const rawS = secs(rawStart);
  await tdb.admin.query('DELETE FROM castmatch.cells WHERE office_id = $1', [scratch.user.officeId]);
  log(
    `push_100k_s=${pushS.toFixed(2)}: ${queued} outbox entries = ${cells} cells in batches of ≤ 5,000 ` +
      `(${Math.round(cells / pushS)} cells/s); raw INSERT … SELECT of the same cells in one statement ${rawS.toFixed(2)} s ` +
      `(bench -- server measures its raw-insert reference with 50 pushers); ${load()}`,
  );

  // 3. Initial sync of an empty desktop --------------------------------------------------------------------------
  const bDb = await openDatabase(databaseFile(resolve(root, 'peer')));
  enableCapture(bDb, { node: 'fedcba9876543210' });
  const b = desk(bDb, server.base, peer);
  const initStart = performance.now();
  const initReport = await b.client.sync();
  const probe = searchTalent(bDb, {
    text: getTalent(aDb, (aDb.sqlite.prepare('SELECT id FROM talent LIMIT 1').get() as { id: string }).id)
      .fullName,
  });
  const initS = secs(initStart);
  const talents = (bDb.sqlite.prepare('SELECT count(*) AS n FROM talent').get() as { n: number }).n;
  if (initReport.state !== 'idle' || talents !== N || probe.total === 0)
    throw new Error(`initial sync: ${initReport.state}, ${talents} talents, search found ${probe.total}`);
  log(
    `initial_100k_s=${initS.toFixed(2)}: ${initReport.pulledCells} cells, ${talents} talents applied, search ready (target ≤ 20 s); ${load()}`,
  );

  // 4. Edit to peer -----------------------------------------------------------------------------------------------
  const a = desk(aDb, server.base, admin);
  await a.client.sync(); // A's cursor past B's (empty) pushes
  const waiters: (() => void)[] = [];
  const syncA = rerunning(a.client, () => {});
  const syncB = rerunning(b.client, () => {
    for (const w of waiters.splice(0)) w();
  });
  const ws = new WebSocket(`${server.base.replace(/^http/, 'ws')}/v1/ws`, {
    headers: {
      authorization: `Bearer ${peer.accessToken}`,
      [SCHEMA_VERSION_HEADER]: String(CURRENT_SCHEMA_VERSION),
    },
  });
  await new Promise<void>((ok, fail) => {
    ws.once('error', fail);
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string };
      if (m.type === 'ready') ok();
      else if (m.type === 'poke') void syncB();
    });
  });
  const ids = (
    aDb.sqlite.prepare('SELECT id FROM talent ORDER BY random() LIMIT ?').all(EDITS) as { id: string }[]
  ).map((r) => r.id);
  // The periodic pull every desktop also runs (a poke is best-effort).
  const periodic = setInterval(() => void syncB(), 1000);
  const latencies: number[] = [];
  const readOnB = bDb.sqlite.prepare('SELECT city FROM talent WHERE id = ?');
  for (let i = 0; i < EDITS; i++) {
    const id = ids[i % ids.length]!;
    const city = `Edit ${i} Versova`;
    updateTalent(aDb, id, { ...stripped(getTalent(aDb, id)), city });
    const t0 = performance.now();
    void syncA(); // what the app does on a local change: push at once
    while ((readOnB.get(id) as { city: string }).city !== city) {
      await new Promise<void>((ok) => waiters.push(ok));
    }
    latencies.push(performance.now() - t0);
  }
  clearInterval(periodic);
  ws.terminate();
  await syncB();
  const p95 = percentile(latencies, 95);
  log(
    `edit_to_peer_p95_ms=${p95.toFixed(0)}: over ${EDITS} edits (p50 ${percentile(latencies, 50).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms), ` +
      `B pulling on each poke; target ≤ 250 ms; ${load()}`,
  );
  aDb.close();
  bDb.close();

  // 5. Many desktops (no target) -----------------------------------------------------------------------------------
  const cpuBefore = cpuSeconds(server.child.pid!);
  const fleet = await runFleet(server.base, admin, server.child.pid!, FLEET, log);
  log(
    `fleet: ${fleet.connected} connected desktops of one office, ${FLEET.pushers} pushing: edit-to-peer p95 ${fleet.p95Ms} ms ` +
      `over ${fleet.deliveries} deliveries, server CPU ${fleet.serverCpuPercent.toFixed(0)}% of one core ` +
      `(${(cpuSeconds(server.child.pid!) - cpuBefore).toFixed(1)} s in all; server, clients and Postgres share 2 cores); ${load()}`,
  );
  log(
    `BENCH sync initial_100k_s=${initS.toFixed(2)} edit_to_peer_p95_ms=${p95.toFixed(0)} import_overhead_ratio=${imp.ratio.toFixed(2)} push_100k_s=${pushS.toFixed(2)}`,
  );
} finally {
  server.child.kill('SIGTERM');
  await new Promise((ok) => server.child.once('exit', ok));
  await tdb.drop();
  rmSync(root, { recursive: true, force: true });
}
