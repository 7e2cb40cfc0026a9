// `npm run bench -- sync-capture`: what capturing local writes for sync costs a 100k-row CSV import. The same
// import, through ImportJobs as the app runs it (its own worker connection), into a fresh office with sync off
// and with sync on (capture triggers writing the outbox), alternating, best of RUNS each. Target ≤ 1.3×.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { databaseFile, openDatabase } from '../src/backend/store/db.ts';
import { enableCapture, outboxSize } from '../src/backend/sync/capture.ts';
import { demoTalent } from '../src/backend/talent/demo.ts';
import { ImportJobs } from '../src/backend/talent/import/jobs.ts';
import { previewImport } from '../src/backend/talent/import/preview.ts';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = 3;
const root = resolve('bench/.tmp/sync-capture');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const fmt = (n: number) => n.toFixed(2);

const csvPath = join(root, 'agency.csv');
writeFileSync(
  csvPath,
  Papa.unparse([
    [
      'Name',
      'Native Name',
      'Gender',
      'DOB',
      'Height',
      'Languages',
      'Skills',
      'City',
      'Phone',
      'Email',
      'Tags',
      'Notes',
    ],
    ...demoTalent(N, 2026).map((t) => [
      t.fullName,
      t.nativeName ?? '',
      t.gender ?? '',
      t.dateOfBirth ? t.dateOfBirth.split('-').reverse().join('/') : '',
      `${t.heightCm} cm`,
      t.languages.map((l) => `${l.language} (${l.fluency})`).join(', '),
      t.skills.join('; '),
      t.city ?? '',
      t.phone ?? '',
      t.email ?? '',
      t.tags.join('; '),
      t.notes ?? '',
    ]),
  ]),
);
const preview = await previewImport(csvPath);

async function importOnce(run: number, capture: boolean): Promise<number> {
  const dir = join(root, `${capture ? 'on' : 'off'}-${run}`);
  const db = await openDatabase(databaseFile(dir));
  if (capture) enableCapture(db, { node: '0123456789abcdef' });
  const jobs = new ImportJobs(db);
  const start = performance.now();
  // 'create': every row is written, so both runs write exactly the same rows.
  const report = await jobs.run(csvPath, {
    jobId: `bench-${run}-${capture}`,
    mapping: preview.suggestedMapping,
    duplicates: 'create',
  });
  const s = (performance.now() - start) / 1000;
  await jobs.whenIdle();
  if (report.imported !== N) throw new Error(`expected ${N} rows imported, got ${report.imported}`);
  const queued = capture ? outboxSize(db) : 0;
  // With capture on, every imported row must be queued (the import worker's own connection captured it).
  if (capture && queued !== N) throw new Error(`expected ${N} outbox entries, got ${queued}`);
  const mb = statSync(databaseFile(dir)).size / 1048576;
  console.log(
    `run ${run}, sync ${capture ? 'on ' : 'off'}: import ${report.imported} rows ${fmt(s)} s, database ${fmt(mb)} MB, outbox ${queued}`,
  );
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return s;
}

const off: number[] = [];
const on: number[] = [];
for (let run = 0; run < RUNS; run++) {
  // Alternating, so that a machine busy with something else for a while weighs on both sides.
  off.push(await importOnce(run, false));
  on.push(await importOnce(run, true));
}
const best = (xs: number[]) => Math.min(...xs);
const ratio = best(on) / best(off);
console.log(
  `import of ${N} rows, best of ${RUNS}: sync off ${fmt(best(off))} s, sync on ${fmt(best(on))} s (target ratio ≤ 1.3)`,
);
rmSync(root, { recursive: true, force: true });
console.log(
  `BENCH sync-capture import_overhead_ratio=${fmt(ratio)} import_off_s=${fmt(best(off))} import_on_s=${fmt(best(on))}`,
);
