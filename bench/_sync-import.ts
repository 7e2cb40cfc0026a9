// The import-overhead measurement shared by `bench -- sync-capture` and `bench -- sync`: the same 100k-row CSV
// import, through ImportJobs as the app runs it (its own worker connection), into a fresh office with sync off and
// with sync on (capture writing the outbox), alternating, best of `runs` each.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { databaseFile, openDatabase } from '../src/backend/store/db.ts';
import { enableCapture, outboxSize } from '../src/backend/sync/capture.ts';
import { demoTalent } from '../src/backend/talent/demo.ts';
import { ImportJobs } from '../src/backend/talent/import/jobs.ts';
import { previewImport } from '../src/backend/talent/import/preview.ts';

export const CAPTURE_NODE = '0123456789abcdef';
const fmt = (n: number) => n.toFixed(2);

export interface ImportOverhead {
  offS: number;
  onS: number;
  ratio: number;
  /** The data folder of the last sync-on import, kept when asked (its outbox holds the whole import). */
  keptDir: string | null;
}

function writeCsv(path: string, n: number): void {
  writeFileSync(
    path,
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
      ...demoTalent(n, 2026).map((t) => [
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
}

export async function measureImportOverhead(
  root: string,
  n: number,
  runs: number,
  keepLastOn: boolean,
  log: (s: string) => void,
): Promise<ImportOverhead> {
  mkdirSync(root, { recursive: true });
  const csvPath = join(root, 'agency.csv');
  writeCsv(csvPath, n);
  const preview = await previewImport(csvPath);
  let keptDir: string | null = null;

  async function importOnce(run: number, capture: boolean): Promise<number> {
    const dir = join(root, `${capture ? 'on' : 'off'}-${run}`);
    const db = await openDatabase(databaseFile(dir));
    if (capture) enableCapture(db, { node: CAPTURE_NODE });
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
    if (report.imported !== n) throw new Error(`expected ${n} rows imported, got ${report.imported}`);
    const queued = capture ? outboxSize(db) : 0;
    // With capture on, every imported row must be queued (the import worker's own connection captured it).
    if (capture && queued !== n) throw new Error(`expected ${n} outbox entries, got ${queued}`);
    const mb = statSync(databaseFile(dir)).size / 1048576;
    log(
      `run ${run}, sync ${capture ? 'on ' : 'off'}: import ${report.imported} rows ${fmt(s)} s, database ${fmt(mb)} MB, outbox ${queued}`,
    );
    db.close();
    if (capture && keepLastOn && run === runs - 1) keptDir = dir;
    else rmSync(dir, { recursive: true, force: true });
    return s;
  }

  const off: number[] = [];
  const on: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Alternating, so that a machine busy with something else for a while weighs on both sides.
    off.push(await importOnce(run, false));
    on.push(await importOnce(run, true));
  }
  const offS = Math.min(...off);
  const onS = Math.min(...on);
  log(
    `import of ${n} rows, best of ${runs}: sync off ${fmt(offS)} s, sync on ${fmt(onS)} s (target ratio ≤ 1.3)`,
  );
  return { offS, onS, ratio: onS / offS, keptDir };
}
