// Reads and validates a large import file in a second thread, posting chunks of validated rows in file
// order while the import thread writes the earlier ones (see chunks.ts). A CSV is parsed a chunk at a time
// (read.ts streamSheet), so the first people reach the import thread before the whole file is parsed.
import { isAppError } from '../../../shared/errors.ts';
import { workerJob } from '../../workers/start.ts';
import {
  type BatchChecks,
  CHECK_ROWS,
  CHUNK_ROWS,
  type ChunkMessage,
  checkBatch,
  joinChunks,
  POSTED,
  rawSlice,
  TAKEN,
  type ValidatedChunk,
  type ValidatorJob,
} from './chunks.ts';
import { streamSheet } from './read.ts';

const { path, mapping, withKeys, read, port, handOff } = await workerJob<ValidatorJob>();
const post = (m: ChunkMessage) => port.postMessage(m);
try {
  const sheet = await streamSheet(path, read, CHUNK_ROWS);
  const checks: BatchChecks = {
    header: sheet.header,
    headerRow: sheet.headerRow,
    mapping,
    withKeys,
    today: Date.now(),
  };
  const counters = new Int32Array(new SharedArrayBuffer(8));
  post({
    type: 'sheet',
    sheet: {
      total: sheet.total(),
      headerWidth: sheet.header.length,
      problems: [],
      headerRow: sheet.headerRow,
      sheetName: sheet.sheetName,
    },
    handOff: { ...checks, counters: counters.buffer as SharedArrayBuffer },
  });
  // Whether the writing thread has no chunk queued: it would wait for this one, so it checks it itself while
  // this thread goes on to the next (both cores busy instead of one waiting). Self-balancing: while it is
  // behind, its queue is not empty and this thread checks every batch.
  const writerIdle = () =>
    handOff === 'all' ||
    (handOff === 'auto' && Atomics.load(counters, POSTED) - Atomics.load(counters, TAKEN) <= 0);
  let start = 0;
  for (let b = sheet.next(); b; b = sheet.next()) {
    // A batch holds at most CHUNK_ROWS rows, but a chosen header far down can make the first one longer.
    for (let at = 0; at < b.rows.length; at += CHUNK_ROWS) {
      const raw = rawSlice({ start, ...b }, at, at + CHUNK_ROWS);
      if (writerIdle()) {
        post({ type: 'rows', json: JSON.stringify(raw) });
        Atomics.add(counters, POSTED, 1);
        continue;
      }
      let parts: ValidatedChunk[] = [];
      for (let from = 0; from < raw.rows.length; from += CHECK_ROWS) {
        parts.push(checkBatch(checks, rawSlice(raw, from, from + CHECK_ROWS)));
        if (from + CHECK_ROWS < raw.rows.length && !writerIdle()) continue;
        post({ type: 'chunk', json: JSON.stringify(joinChunks(parts)) });
        Atomics.add(counters, POSTED, 1);
        parts = [];
      }
    }
    start += b.rows.length;
  }
  post({ type: 'end', total: start });
} catch (e) {
  post({
    type: 'error',
    error: isAppError(e) ? e.toJSON() : { code: 'IMPORT_FAILED', message: (e as Error).message },
  });
}
