// `npm run test:crash [-- --runs N] [--no-sync]`: kill -9 the backend process at random moments during a
// 100k-row talent import, a headshot import and a burst of single writes, and the desktop process during a
// sync pull from a local sync server (crash-sync.ts: embedded Postgres; left out, and said so, if it cannot
// start). After each kill, SQLite's integrity_check must pass and the work must be all there or all absent
// (a talent import's rows; each headshot's row and its stored files; each acknowledged write; each pulled
// page with its cursor, checked by resuming the pull and comparing with the office's data). Ends with exactly one line:
//   CRASH runs=<n> corrupt=<n> partial=<n>
// Not part of `npm test` (it takes minutes); the same kill paths are tested once each in tests/process/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import sharp from 'sharp';
import { memorySecretStore } from '../src/backend/claude/secret-store.ts';
import { isFullyStored } from '../src/backend/headshots/mediaStore.ts';
import { type BackendConnection, connectBackend } from '../src/backend/process/connection.ts';
import { forkBackend } from '../src/backend/process/fork.ts';
import { databaseFile } from '../src/backend/store/db.ts';
import { demoTalent } from '../src/backend/talent/demo.ts';
import type { Result } from '../src/shared/api.ts';
import { type SyncFixture, startSyncFixture } from './crash-sync.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '50' }, 'no-sync': { type: 'boolean', default: false } },
});
const RUNS = Number(values.runs);
const ROWS = 100_000;
const PHOTOS = 120;
const work = mkdtempSync(join(tmpdir(), 'castmatch-crash-'));
const say = (m: string) => process.stderr.write(`${m}\n`);

// Inputs, made once: a 100k-row agency CSV, and a folder of photos named after 120 people in a small CSV.
const people = demoTalent(ROWS, 7);
const toCsv = (rows: typeof people) =>
  Papa.unparse([['Name', 'City', 'Phone'], ...rows.map((t) => [t.fullName, t.city ?? '', t.phone ?? ''])]);
const bigCsv = join(work, 'agency-100k.csv');
writeFileSync(bigCsv, toCsv(people));
const smallCsv = join(work, 'cast.csv');
const cast = people.slice(0, PHOTOS);
writeFileSync(smallCsv, toCsv(cast));
const photos = join(work, 'photos');
mkdirSync(photos);
for (const [i, t] of cast.entries()) {
  const jpeg = await sharp({
    create: {
      width: 480,
      height: 600,
      channels: 3,
      background: { r: (i * 37) % 256, g: (i * 91) % 256, b: 120 },
    },
  })
    .jpeg()
    .toBuffer();
  writeFileSync(join(photos, `${t.fullName}.jpg`), jpeg);
}
const mapping = { '0': 'fullName', '1': 'city', '2': 'phone' } as const;

function value<T>(r: Result): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function start(dataDir: string): Promise<BackendConnection> {
  const secrets = memorySecretStore();
  return connectBackend({
    spawn: forkBackend,
    options: { dataDir, transport: 'browser', version: 'crash', secrets: { kind: secrets.kind } },
    secrets,
  });
}

interface Scenario {
  name: string;
  /** Before the clock starts: what the run builds on. */
  prepare(c: BackendConnection, run: number): Promise<void>;
  /** The work the process is killed in the middle of. */
  work(c: BackendConnection, run: number, acked: Set<string>): Promise<Result | undefined>;
  /** After the kill: the names of what is half there (empty when all there or all absent). */
  check(db: Database.Database, dataDir: string, acked: Set<string>): string[];
}

const scenarios: Scenario[] = [
  {
    name: 'talent import (100k rows)',
    prepare: async () => {},
    work: (c, run) =>
      c.dispatch('talentImport.run', {
        file: c.files.register(bigCsv, 'agency-100k.csv'),
        jobId: `crash-import-${run}`,
        mapping,
        duplicates: 'create',
      }),
    check: (db) => {
      const n = (db.prepare('SELECT count(*) AS n FROM talent').get() as { n: number }).n;
      return n === 0 || n === ROWS ? [] : [`${n} of ${ROWS} imported rows`];
    },
  },
  {
    name: 'headshot import',
    prepare: async (c, run) => {
      value(
        await c.dispatch('talentImport.run', {
          file: c.files.register(smallCsv, 'cast.csv'),
          jobId: `crash-cast-${run}`,
          mapping,
          duplicates: 'create',
        }),
      );
    },
    work: (c, run) =>
      c.dispatch('headshots.import', {
        files: [c.files.register(photos, 'photos')],
        target: { mode: 'match' },
        batchId: `crash-photos-${run}`,
      }),
    check: (db, dataDir) => {
      const rows = db.prepare('SELECT id, sha256 FROM headshot WHERE deleted_at IS NULL').all() as {
        id: string;
        sha256: string;
      }[];
      const half = rows.filter((h) => !isFullyStored(dataDir, h.sha256)).map((h) => `headshot ${h.id}`);
      const dangling = db
        .prepare(
          `SELECT t.id FROM talent t WHERE t.primary_headshot IS NOT NULL AND NOT EXISTS
             (SELECT 1 FROM headshot h WHERE h.talent_id = t.id AND h.sha256 = t.primary_headshot AND h.deleted_at IS NULL)`,
        )
        .all() as { id: string }[];
      return [...half, ...dangling.map((t) => `talent ${t.id}'s primary headshot`)];
    },
  },
  {
    name: 'single writes',
    prepare: async () => {},
    work: async (c, run, acked) => {
      for (let i = 0; i < 2000; i++) {
        const name = `Crash ${run} Person ${i}`;
        const r = await c.dispatch('talent.create', { fullName: name, city: 'Mumbai' });
        if (!r.ok) return r;
        acked.add(name);
      }
    },
    check: (db, _dir, acked) => {
      const stored = new Set(
        (db.prepare('SELECT full_name FROM talent').all() as { full_name: string }[]).map((r) => r.full_name),
      );
      return [...acked].filter((n) => !stored.has(n)).map((n) => `acknowledged write '${n}' lost`);
    },
  },
];

const restartOf = (c: BackendConnection) =>
  new Promise<void>((resolve) => {
    const off = c.onRestart(() => {
      off();
      resolve();
    });
  });

// The sync pull: a local server with an office of 3,000 talent (~45,000 cells, 9 pages).
const SYNC_ROWS = 3000;
let sync: SyncFixture | null = null;
if (!values['no-sync']) {
  try {
    sync = await startSyncFixture(work, SYNC_ROWS);
  } catch (e) {
    say(`sync pull left out: no local sync server could start (${(e as Error).message})`);
  }
}

// Calibration: one run of each scenario without a kill, to know how long the work takes here.
const durations: number[] = [];
for (const s of scenarios) {
  const dataDir = mkdtempSync(join(work, 'calibrate-'));
  const c = await start(dataDir);
  await s.prepare(c, 0);
  const t0 = performance.now();
  const r = await s.work(c, 0, new Set());
  if (r) value(r);
  durations.push(performance.now() - t0);
  await c.close();
  rmSync(dataDir, { recursive: true, force: true });
  say(`${s.name}: ${Math.round(durations.at(-1)!)} ms uninterrupted`);
}
let pullDuration = 0;
if (sync) {
  const dir = mkdtempSync(join(work, 'calibrate-pull-'));
  await sync.prepare(dir);
  const t0 = performance.now();
  const code = await sync.pull(dir).done;
  pullDuration = performance.now() - t0;
  if (code !== 0) throw new Error(`the uninterrupted sync pull failed (exit ${code})`);
  const { integrity, half } = await sync.check(dir);
  if (integrity !== 'ok' || half.length) throw new Error(`the uninterrupted sync pull: ${integrity} ${half}`);
  rmSync(dir, { recursive: true, force: true });
  say(`sync pull (${SYNC_ROWS} talent): ${Math.round(pullDuration)} ms uninterrupted`);
}
const kinds = scenarios.length + (sync ? 1 : 0);
if (sync) durations.push(pullDuration);

/** Sleeps a random moment inside the work (5–95% of its expected time); false if the work beat it. */
async function killMoment(k: number, started: number, finished: () => number | null): Promise<boolean> {
  await new Promise((r) => setTimeout(r, durations[k]! * (0.05 + Math.random() * 0.9)));
  const took = finished();
  if (took === null) return true;
  durations[k] = Math.min(durations[k]!, took - started); // the machine got faster: aim earlier next time
  return false;
}

// RUNS kills that land while the work runs. A kill that comes after the work finished is checked all the
// same but not counted (and the next kill of that kind is aimed earlier); at most 3 × RUNS attempts.
let corrupt = 0;
let partial = 0;
let landed = 0;
let attempt = 0;
const report = (run: number, name: string, integrity: string, half: string[]) => {
  if (integrity !== 'ok') {
    corrupt++;
    say(`run ${run} (${name}): integrity_check: ${integrity}`);
  }
  if (half.length) {
    partial++;
    say(`run ${run} (${name}): ${half.slice(0, 3).join('; ')}`);
  }
};
while (landed < RUNS && attempt < 3 * RUNS) {
  attempt++;
  const k = attempt % kinds;
  let finishedAt: number | null = null;
  if (sync && k === scenarios.length) {
    // The sync pull: the desktop process killed at a random moment inside it.
    const dir = mkdtempSync(join(work, 'pull-'));
    await sync.prepare(dir);
    const t0 = performance.now();
    const { child, done } = sync.pull(dir);
    void done.then(() => {
      finishedAt = performance.now();
    });
    if (await killMoment(k, t0, () => finishedAt)) landed++;
    child.kill('SIGKILL');
    await done;
    const { integrity, half } = await sync.check(dir);
    report(attempt, 'sync pull', integrity, half);
    rmSync(dir, { recursive: true, force: true });
    continue;
  }
  const s = scenarios[k]!;
  const dataDir = mkdtempSync(join(work, 'run-'));
  const c = await start(dataDir);
  await s.prepare(c, attempt);
  const acked = new Set<string>();
  const pid = c.pid!;
  const restarted = restartOf(c);
  const t0 = performance.now();
  const doing = s.work(c, attempt, acked).finally(() => {
    finishedAt = performance.now();
  });
  if (await killMoment(k, t0, () => finishedAt)) landed++;
  process.kill(pid, 'SIGKILL'); // as a crash would
  await doing;
  await restarted;
  await c.close();
  const db = new Database(databaseFile(dataDir), { readonly: true });
  const integrity = String(db.pragma('integrity_check', { simple: true }));
  const half = s.check(db, dataDir, acked);
  db.close();
  report(attempt, s.name, integrity, half);
  rmSync(dataDir, { recursive: true, force: true });
}
await sync?.close();
rmSync(work, { recursive: true, force: true });
say(`${landed} kills landed while the work ran, in ${attempt} attempts (the later ones were checked too)`);
console.log(`CRASH runs=${landed} corrupt=${corrupt} partial=${partial}`);
process.exit(corrupt || partial || landed < RUNS ? 1 : 0);
