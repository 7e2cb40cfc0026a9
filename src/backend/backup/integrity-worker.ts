// Worker-thread entry for checkIntegrityOffThread (integrity.ts): its own read connection, one check, one answer.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { checkIntegrity, type IntegrityReport } from './integrity.ts';

const { file, limit } = workerData as { file: string; limit: number };
let report: IntegrityReport;
try {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    report = checkIntegrity(db, limit);
  } finally {
    db.close();
  }
} catch (e) {
  report = { ok: false, problems: [`the database could not be read: ${(e as Error).message}`] };
}
parentPort?.postMessage(report);
