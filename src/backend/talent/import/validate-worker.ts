// Reads and validates a large import file in a second thread, posting chunks of validated rows in file
// order while the import thread writes the earlier ones (see chunks.ts). A CSV is parsed a chunk at a time
// (read.ts streamSheet), so the first people reach the import thread before the whole file is parsed.
import { isAppError } from '../../../shared/errors.ts';
import { workerJob } from '../../workers/start.ts';
import {
  CHUNK_ROWS,
  type ChunkMessage,
  FIRST_CHUNK_ROWS,
  type ValidatorJob,
  validateChunk,
} from './chunks.ts';
import { streamSheet } from './read.ts';

const { path, mapping, withKeys, read, port } = await workerJob<ValidatorJob>();
const post = (m: ChunkMessage) => port.postMessage(m);
try {
  const sheet = await streamSheet(path, read, FIRST_CHUNK_ROWS);
  post({
    type: 'sheet',
    sheet: {
      total: sheet.total(),
      headerWidth: sheet.header.length,
      problems: [],
      headerRow: sheet.headerRow,
      sheetName: sheet.sheetName,
    },
  });
  let start = 0;
  // Batches grow from FIRST_CHUNK_ROWS to CHUNK_ROWS, so the import thread never waits long early on.
  let size = FIRST_CHUNK_ROWS;
  const nextSize = () => {
    size = Math.min(CHUNK_ROWS, size * 2);
    return size;
  };
  for (let b = sheet.next(); b; b = sheet.next(nextSize())) {
    // validateChunk reads row 0 as the header; a batch holds at most CHUNK_ROWS rows, but a chosen header
    // far down can make the first one longer.
    const rows = {
      rows: [sheet.header, ...b.rows],
      rowNumbers: [sheet.headerRow, ...b.rowNumbers],
      rowNotes: b.rowNotes,
    };
    for (let at = 0; at < b.rows.length; at += CHUNK_ROWS) {
      const chunk = validateChunk(rows, at, mapping, withKeys);
      chunk.start = start + at;
      post({ type: 'chunk', json: JSON.stringify(chunk) });
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
