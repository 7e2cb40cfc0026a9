// Reads a large sheet for the import preview in a worker thread: parsing 100k rows takes about half a
// second, which would otherwise stall every other call (in Electron, the main process).
import { workerData } from 'node:worker_threads';
import type { ReadOptions } from '../../../shared/talent-import.ts';
import { replyOnce } from '../../workers/once.ts';
import { previewImport } from './preview.ts';

const { path, read } = workerData as { path: string; read?: ReadOptions };
await replyOnce(() => previewImport(path, read), 'IMPORT_FAILED');
