// Reads a large sheet for the import preview in a worker thread: parsing 100k rows takes about half a
// second, which would otherwise stall every other call (in Electron, the main process).
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../shared/errors.ts';
import { previewImport } from './preview.ts';

try {
  parentPort?.postMessage({ ok: true, preview: await previewImport((workerData as { path: string }).path) });
} catch (e) {
  const error = isAppError(e) ? e.toJSON() : { code: 'IMPORT_FAILED', message: (e as Error).message };
  parentPort?.postMessage({ ok: false, error });
}
