// The talent bench's import part: the app's import of the 100k-row CSV and its same-run reference, each
// timed in wall and CPU time. bench/talent.ts runs them in alternating pairs and reports medians: this
// machine's speed was seen to swing 2× between runs seconds apart (the reference alone took 0.79–1.66 s
// of CPU for the same work), so a single pair's ratio said more about the moment than about the import.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { type AppDatabase, databaseFile, openDatabase } from '../src/backend/store/db.ts';
import { ImportJobs } from '../src/backend/talent/import/jobs.ts';
import type { ImportReport } from '../src/shared/talent-import.ts';

export interface Timed {
  s: number;
  /** CPU time of every thread of this process over the same span. */
  cpuS: number;
}

async function timed<T>(run: () => Promise<T>): Promise<Timed & { value: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const u = process.cpuUsage(cpu);
  return { value, s: (performance.now() - start) / 1000, cpuS: (u.user + u.system) / 1e6 };
}

/**
 * The import as the app runs it, into a fresh database in `dir`: the dialog's preview (which also starts the
 * import's two threads, so their code loads while the user reviews the mapping), then the import: an import
 * worker with its own connection writing while a validation worker reads and checks the file; duplicates
 * skipped, the dialog's default. Timed until the report is back, when the rows are committed; the WAL
 * checkpoint that follows is timed apart.
 */
export async function timedImport(
  csvPath: string,
  dir: string,
): Promise<Timed & { report: ImportReport; previewS: number; checkpointS: number; db: AppDatabase }> {
  mkdirSync(dir, { recursive: true });
  const db = await openDatabase(databaseFile(dir));
  const jobs = new ImportJobs(db);
  const preview = await timed(() => jobs.preview(csvPath));
  const run = await timed(() =>
    jobs.run(csvPath, { jobId: 'bench-import', mapping: preview.value.suggestedMapping, duplicates: 'skip' }),
  );
  const checkpoint = await timed(() => jobs.whenIdle());
  jobs.close();
  return { ...run, report: run.value, previewS: preview.s, checkpointS: checkpoint.s, db };
}

/**
 * A reference for this machine's speed: the least any importer must do, in one thread: read and parse the
 * same CSV, and insert its cells into a plain table (no validation, duplicates, search index or second
 * thread). Not a target; it tells a slow machine from a slow import.
 */
export async function timedReference(csvPath: string, file: string): Promise<Timed> {
  rmSync(file, { force: true });
  return timed(async () => {
    const ref = new Database(file);
    ref.pragma('journal_mode = WAL');
    ref.pragma('synchronous = NORMAL');
    const [header, ...cells] = Papa.parse<string[]>(readFileSync(csvPath, 'utf8'), {
      skipEmptyLines: 'greedy',
    }).data;
    const columns = header!.map((_, i) => `c${i}`);
    ref.exec(`CREATE TABLE ref (${columns.map((c) => `${c} TEXT`).join(', ')})`);
    const insert = ref.prepare(`INSERT INTO ref VALUES (${columns.map(() => '?').join(', ')})`);
    ref.transaction(() => {
      for (const row of cells) insert.run(row);
    })();
    ref.close();
  });
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * `runs` pairs of an import and its reference, alternating; the first import's database stays open in `dir`
 * for the search part. The ratio is the median of each pair's import / reference.
 */
export async function importPairs(csvPath: string, dir: string, runs: number, fmt: (n: number) => string) {
  const imports: Awaited<ReturnType<typeof timedImport>>[] = [];
  const refs: Timed[] = [];
  for (let r = 0; r < runs; r++) {
    const imp = await timedImport(csvPath, r === 0 ? dir : join(dir, `import-${r}`));
    if (r > 0) {
      imp.db.close();
      rmSync(join(dir, `import-${r}`), { recursive: true, force: true });
    }
    const ref = await timedReference(csvPath, join(dir, 'reference.sqlite'));
    imports.push(imp);
    refs.push(ref);
    console.log(
      `run ${r + 1}/${runs}: import ${fmt(imp.s)} s (CPU ${fmt(imp.cpuS)} s; preview before it ${fmt(imp.previewS)} s, WAL checkpoint after it ${fmt(imp.checkpointS)} s); reference ${fmt(ref.s)} s (CPU ${fmt(ref.cpuS)} s); import / reference = ${fmt(imp.s / ref.s)}`,
    );
  }
  const first = imports[0]!;
  return {
    db: first.db,
    report: first.report,
    importS: median(imports.map((i) => i.s)),
    refS: median(refs.map((r) => r.s)),
    ratio: median(imports.map((imp, i) => imp.s / refs[i]!.s)),
    cpuRatio: median(imports.map((imp, i) => imp.cpuS / refs[i]!.cpuS)),
  };
}
