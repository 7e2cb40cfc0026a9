// Worker-thread entry for a talent import: parsing and a 100k-row transaction stay off the main thread, so
// the window and other calls stay responsive. It opens its own connection to the same WAL database.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../shared/errors.ts';
import type { AppDatabase } from '../../store/db.ts';
import { setBundledWorkerDir } from '../../workers/url.ts';
import { openChunks, portChunks } from './chunks.ts';
import type { ImportOptions } from './run.ts';

interface Input {
  dbFile: string;
  path: string;
  opts: Omit<ImportOptions, 'onProgress' | 'isCancelled'>;
  cancel: SharedArrayBuffer;
  workerDir: string | null;
  /** Where the validation worker that ImportJobs started for a large file posts its chunks. */
  chunkPort: MessagePort | null;
}

const { dbFile, path, opts, cancel, workerDir, chunkPort } = workerData as Input;
if (workerDir) setBundledWorkerDir(new URL(workerDir));
const flag = new Int32Array(cancel);
// Rows first: reading and validating get going while this thread loads the database code.
const chunks = chunkPort
  ? portChunks(chunkPort).ready
  : openChunks(path, opts.mapping, opts.duplicates, opts.read);
chunks.catch(() => {}); // runImport reports it
let db: AppDatabase | null = null;
try {
  const [{ openDatabase }, { runImport }] = await Promise.all([
    import('../../store/db.ts'),
    import('./run.ts'),
  ]);
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
