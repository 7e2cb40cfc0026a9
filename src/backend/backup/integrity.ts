// SQLite's own consistency check, run when the office opens and on every backup before it is trusted.
import type Database from 'better-sqlite3';

export interface IntegrityReport {
  ok: boolean;
  /** SQLite's messages ("row 12 missing from index …"), at most `limit` of them; empty when ok. */
  problems: string[];
}

/**
 * `PRAGMA integrity_check`: every page, index and constraint of the file, plus `foreign_key_check`. It
 * only reads, so it is safe on the live database while others read it.
 */
export function checkIntegrity(sqlite: Database.Database, limit = 20): IntegrityReport {
  const rows = sqlite.pragma(`integrity_check(${Math.max(1, Math.floor(limit))})`) as {
    integrity_check: string;
  }[];
  const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
  const fk = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const f of fk.slice(0, limit))
    problems.push(`foreign key: ${f.table} row ${f.rowid} points at a missing ${f.parent}`);
  return { ok: problems.length === 0, problems };
}

// From source (tests, CLI) the worker is the .ts file beside this one; the Electron shell points it at the
// bundle's out/main/backup-integrity-worker.js (an electron-vite entry) before the first check.
let integrityWorker = new URL('./integrity-worker.ts', import.meta.url);
export function setIntegrityWorkerUrl(url: URL): void {
  integrityWorker = url;
}

/**
 * The same check on its own connection in a worker thread: on 100k talent it reads ~120 MB for ~2–3 s, which
 * must not hold the thread that serves calls (in Electron, the main process). Never throws: a check that
 * cannot run (a missing worker file, an unreadable database) is reported as a problem.
 */
export async function checkIntegrityOffThread(file: string, limit = 20): Promise<IntegrityReport> {
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: IntegrityReport) => {
      if (settled) return;
      settled = true;
      resolve(r);
      void worker.terminate();
    };
    const worker = new Worker(integrityWorker, {
      workerData: { file, limit },
    });
    worker.once('message', (r: IntegrityReport) => done(r));
    worker.once('error', (e) =>
      done({ ok: false, problems: [`the integrity check could not run: ${e.message}`] }),
    );
    worker.once('exit', (code) =>
      done({ ok: false, problems: [`the integrity check stopped (exit ${code})`] }),
    );
  });
}
