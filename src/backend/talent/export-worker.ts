// Writes a talent export in a worker thread with its own (reading) connection: a 100k-row XLSX takes
// several seconds, which would otherwise hold up every other call (in Electron, the main process).
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../shared/errors.ts';
import type { TalentQuery } from '../../shared/talent.ts';
import { openDatabase } from '../store/db.ts';
import { exportTalent } from './export.ts';

const { dbFile, query, format } = workerData as {
  dbFile: string;
  query: TalentQuery;
  format: 'csv' | 'xlsx';
};
try {
  const db = await openDatabase(dbFile, { skipMigrations: true });
  try {
    const r = await exportTalent(db, query, format);
    // Copied into a buffer of its own so that it can be transferred, not cloned.
    const data = new Uint8Array(r.data);
    parentPort?.postMessage({ ok: true, result: { ...r, data } }, [data.buffer]);
  } finally {
    db.close();
  }
} catch (e) {
  const error = isAppError(e) ? e.toJSON() : { code: 'EXPORT_FAILED', message: (e as Error).message };
  parentPort?.postMessage({ ok: false, error });
}
