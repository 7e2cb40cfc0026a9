// Reads and validates a large import file in a second thread, posting chunks of validated rows in file
// order while the import thread writes the earlier ones (see chunks.ts).
import { type MessagePort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../shared/errors.ts';
import type { ColumnMapping, ReadOptions } from '../../../shared/talent-import.ts';
import { CHUNK_ROWS, type ChunkMessage, sheetInfo, validateChunk } from './chunks.ts';
import { readSheet } from './read.ts';

const { path, mapping, withKeys, read, port } = workerData as {
  path: string;
  mapping: ColumnMapping;
  withKeys: boolean;
  read: ReadOptions;
  port: MessagePort;
};
const post = (m: ChunkMessage) => port.postMessage(m);
try {
  const sheet = await readSheet(path, read);
  const info = sheetInfo(sheet);
  post({ type: 'sheet', sheet: info });
  for (let at = 0; at < info.total; at += CHUNK_ROWS) {
    post({ type: 'chunk', json: JSON.stringify(validateChunk(sheet, at, mapping, withKeys)) });
  }
  post({ type: 'end' });
} catch (e) {
  post({
    type: 'error',
    error: isAppError(e) ? e.toJSON() : { code: 'IMPORT_FAILED', message: (e as Error).message },
  });
}
