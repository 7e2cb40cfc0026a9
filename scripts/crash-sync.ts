// The sync-pull part of `npm run test:crash`: a local sync server (embedded Postgres + the real server, in the
// crash script's own process) holding an office's talent, and a desktop process that pulls it into a fresh
// local store, to be killed with SIGKILL mid-pull. Run as a script, this file is that desktop process:
//   node scripts/crash-sync.ts --pull-into DIR --base URL --token T --device ID
// The desktop's sync client is not wired into the backend process yet, so the killed process is this one,
// running the same client and apply code (src/backend/sync) the backend will.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { type AppDatabase, databaseFile, openDatabase } from '../src/backend/store/db.ts';
import { enableCapture, ensureCapture } from '../src/backend/sync/capture.ts';
import { SyncClient } from '../src/backend/sync/client.ts';
import { createTalent } from '../src/backend/talent/repo.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { createServer } from '../src/server/server.ts';
import { createOffice, inviteUser, type SessionInfo, testConfig } from '../tests/server/helpers.ts';
import { freePort } from '../tests/support/free-port.ts';
import { snapshot } from '../tests/sync/harness.ts';

function client(db: AppDatabase, base: string, s: { accessToken: string; deviceId: string }) {
  return new SyncClient(db, {
    baseUrl: base,
    deviceId: s.deviceId,
    auth: { accessToken: () => s.accessToken, refresh: async () => false },
    wait: async () => {},
  });
}

export interface SyncFixture {
  /** Rows the office holds on the server. */
  rows: number;
  /** A fresh desktop store, capture on, nothing pulled yet. */
  prepare(dir: string): Promise<void>;
  /** Starts the desktop process pulling into `dir`; its exit resolves `done` (non-zero when killed). */
  pull(dir: string): { child: ChildProcess; done: Promise<number | null> };
  /** After a kill: integrity, then resume the pull in this process and compare with the office's data. */
  check(dir: string): Promise<{ integrity: string; half: string[] }>;
  close(): Promise<void>;
}

/** Starts Postgres and the server and fills an office with `rows` talent (pushed from a desktop). */
export async function startSyncFixture(work: string, rows: number): Promise<SyncFixture> {
  // Beside, not inside, the (0700) work folder: as root, Postgres runs as user "postgres", who must reach it.
  const pgDir = mkdtempSync(join(tmpdir(), 'castmatch-crash-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir: pgDir, port: await freePort() });
  const server = await createServer(testConfig(pg.url, { accessTokenTtlSeconds: 24 * 3600 }));
  const base = await server.listen(0, '127.0.0.1');
  const admin = await createOffice(base, 'Crash Casting');
  const puller: SessionInfo = await inviteUser(base, admin, 'casting_director');
  // The source desktop: rows created locally, captured, pushed.
  const sourceDir = mkdtempSync(join(work, 'source-'));
  const source = await openDatabase(databaseFile(sourceDir));
  enableCapture(source, { node: randomBytes(8).toString('hex') });
  source.sqlite.transaction(() => {
    for (let i = 0; i < rows; i++)
      createTalent(source, {
        fullName: `Synced Person ${i}`,
        city: ['Mumbai', 'Pune', 'Thane'][i % 3]!,
        phone: `+9198${String(10_000_000 + i).padStart(8, '0')}`,
        skills: ['Kathak', 'Driving'].slice(0, (i % 2) + 1),
        languages: [{ language: 'Hindi', fluency: 4 }],
        notes: `Seen at audition ${i}`,
      });
  })();
  for (;;) {
    const r = await client(source, base, admin).sync();
    if (r.state !== 'idle') throw new Error(`seeding the sync server failed: ${r.state} ${r.message ?? ''}`);
    const left = (source.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
    if (left === 0) break;
  }
  const expected = JSON.stringify(snapshot(source));
  source.close();

  return {
    rows,
    async prepare(dir) {
      const db = await openDatabase(databaseFile(dir));
      enableCapture(db, { node: randomBytes(8).toString('hex') });
      db.close();
    },
    pull(dir) {
      const child = spawn(
        process.execPath,
        [
          import.meta.filename,
          '--pull-into',
          dir,
          '--base',
          base,
          '--token',
          puller.accessToken,
          '--device',
          puller.deviceId,
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      return { child, done: new Promise((ok) => child.once('exit', (code) => ok(code))) };
    },
    async check(dir) {
      // Opening read-write lets SQLite recover the WAL the killed process left, as the app would.
      const raw = new Database(databaseFile(dir));
      const integrity = String(raw.pragma('integrity_check', { simple: true }));
      raw.close();
      const db = await openDatabase(databaseFile(dir));
      const half: string[] = [];
      try {
        ensureCapture(db);
        // Resume from the stored cursor: a page whose cursor was stored must be in full (it is not pulled again).
        const r = await client(db, base, puller).sync();
        if (r.state !== 'idle') half.push(`resumed pull ended ${r.state}`);
        if (JSON.stringify(snapshot(db)) !== expected)
          half.push('after resuming, the data differs from the office’s');
        const captured = (db.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number })
          .n;
        if (captured) half.push(`${captured} pulled cells were captured as local edits`);
      } finally {
        db.close();
      }
      return { integrity, half };
    },
    async close() {
      await server.close();
      await pg.stop();
      rmSync(pgDir, { recursive: true, force: true });
    },
  };
}

// The desktop process: pull everything, then exit 0.
if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      'pull-into': { type: 'string' },
      base: { type: 'string' },
      token: { type: 'string' },
      device: { type: 'string' },
    },
  });
  const db = await openDatabase(databaseFile(values['pull-into']!));
  ensureCapture(db);
  const r = await client(db, values.base!, { accessToken: values.token!, deviceId: values.device! }).sync();
  db.close();
  process.exit(r.state === 'idle' ? 0 : 2);
}
