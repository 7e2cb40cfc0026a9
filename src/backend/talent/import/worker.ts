// Worker-thread entry for a talent import: parsing and a 100k-row transaction stay off the main thread, so
// the window and other calls stay responsive. It opens its own connection to the same WAL database.
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../shared/errors.ts';
import { openDatabase } from '../../store/db.ts';
import { type ImportOptions, runImport } from './run.ts';

interface Input {
  dbFile: string;
  path: string;
  opts: Omit<ImportOptions, 'onProgress' | 'isCancelled'>;
  cancel: SharedArrayBuffer;
}

const { dbFile, path, opts, cancel } = workerData as Input;
const flag = new Int32Array(cancel);
const db = await openDatabase(dbFile, { skipMigrations: true });
try {
  const report = await runImport(db, path, {
    ...opts,
    isCancelled: () => Atomics.load(flag, 0) === 1,
    onProgress: (phase, done, total) => parentPort?.postMessage({ type: 'progress', phase, done, total }),
  });
  parentPort?.postMessage({ type: 'done', report });
} catch (e) {
  const error = isAppError(e) ? e.toJSON() : { code: 'IMPORT_FAILED', message: (e as Error).message };
  parentPort?.postMessage({ type: 'error', error });
} finally {
  db.close();
}
