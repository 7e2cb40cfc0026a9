// Writes a talent export in a worker thread with its own (reading) connection: a 100k-row XLSX takes
// several seconds, which would otherwise hold up every other call (in Electron, the main process).
import { workerData } from 'node:worker_threads';
import type { TalentQuery } from '../../shared/talent.ts';
import { openDatabase } from '../store/db.ts';
import { replyOnce } from '../workers/once.ts';
import { exportTalent } from './export.ts';

const { dbFile, query, format } = workerData as {
  dbFile: string;
  query: TalentQuery;
  format: 'csv' | 'xlsx';
};
await replyOnce(
  async () => {
    const db = await openDatabase(dbFile, { skipMigrations: true });
    try {
      const r = await exportTalent(db, query, format);
      // Copied into a buffer of its own so that it can be transferred, not cloned.
      return { ...r, data: new Uint8Array(r.data) };
    } finally {
      db.close();
    }
  },
  'EXPORT_FAILED',
  (r) => [r.data.buffer],
);
