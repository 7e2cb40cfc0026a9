// Worker-thread entry for a talent import: parsing and a 100k-row transaction stay off the main thread, so
// the window and other calls stay responsive. It opens its own connection to the same WAL database.
import { type MessagePort, parentPort } from 'node:worker_threads';
import { isAppError } from '../../../shared/errors.ts';
import type { AppDatabase } from '../../store/db.ts';
import { workerJob } from '../../workers/start.ts';
import { setBundledWorkerDir } from '../../workers/url.ts';
import { openChunks, portChunks } from './chunks.ts';
import type { ImportOptions } from './run.ts';

export interface ImportWorkerJob {
  dbFile: string;
  path: string;
  opts: Omit<ImportOptions, 'onProgress' | 'isCancelled'>;
  cancel: SharedArrayBuffer;
  workerDir: string | null;
  /** Where the validation worker that ImportJobs started for a large file posts its chunks. */
  chunkPort: MessagePort | null;
}

// The database code loads at once: while a warm worker waits for its job, or a cold one's rows are read.
const modules = Promise.all([import('../../store/db.ts'), import('./run.ts')]);
modules.catch(() => {}); // awaited below
const { dbFile, path, opts, cancel, workerDir, chunkPort } = await workerJob<ImportWorkerJob>();
if (workerDir) setBundledWorkerDir(new URL(workerDir));
const flag = new Int32Array(cancel);
const chunks = chunkPort
  ? portChunks(chunkPort).ready
  : openChunks(path, opts.mapping, opts.duplicates, opts.read, opts.handOff);
chunks.catch(() => {}); // runImport reports it
let db: AppDatabase | null = null;
try {
  const [{ openDatabase }, { runImport }] = await modules;
  db = await openDatabase(dbFile, { skipMigrations: true });
  // A 100k-row commit leaves ~100 MB in the WAL. SQLite would copy it into the database file inside COMMIT
  // (autocheckpoint); here that copy runs after the report has gone back, and readers are served from the
  // WAL meanwhile. The import is committed, and as durable as any commit, before the report is sent.
  db.sqlite.pragma('wal_autocheckpoint = 0');
  const report = await runImport(db, path, {
    ...opts,
    chunks,
    ownConnection: true,
    isCancelled: () => Atomics.load(flag, 0) === 1,
    onProgress: (phase, done, total) => parentPort?.postMessage({ type: 'progress', phase, done, total }),
  });
  parentPort?.postMessage({ type: 'done', report });
  // TRUNCATE, not PASSIVE: the WAL file would otherwise stay ~100 MB on disk after a large import. It waits
  // (busy_timeout) for readers on an older snapshot, and holds off other writers for its few hundred ms.
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
} catch (e) {
  const error = isAppError(e) ? e.toJSON() : { code: 'IMPORT_FAILED', message: (e as Error).message };
  parentPort?.postMessage({ type: 'error', error });
} finally {
  db?.close();
  void chunks.then(
    (c) => c.close(),
    () => {},
  );
}
