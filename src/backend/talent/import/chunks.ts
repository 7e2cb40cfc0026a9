// The rows of an import file, validated, in file order and in chunks. Small files are read and checked
// here, a chunk per event-loop turn (so progress and cancel get through); large ones in a worker thread
// that streams chunks back while the import thread writes the ones it already has.

import { stat } from 'node:fs/promises';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { ColumnMapping, DuplicatePolicy, ReadOptions } from '../../../shared/talent-import.ts';
import { workerUrl } from '../../workers/url.ts';
import { type DuplicateKeys, looksForDuplicates, valuesKeys } from './duplicates.ts';
import { type RowProblem, readSheet, type Sheet } from './read.ts';
import { type ChunkFieldProblem, rowContext, type ValidatedRow, validateRows } from './validate.ts';

export interface SheetInfo {
  /**
   * Data rows, the header excluded. From a validation worker, an estimate until the last chunk has arrived
   * (it parses the file as it goes), then exact.
   */
  total: number;
  headerWidth: number;
  /** Rows that could not be read at all (spreadsheet numbering). */
  problems: RowProblem[];
  /** The header's row number and the sheet read (XLSX). */
  headerRow: number;
  sheetName: string | null;
}

export interface ValidatedChunk {
  /** Index of the chunk's first row among the data rows (0 = the row after the header). */
  start: number;
  rows: ValidatedRow[];
  /** Each row's number as the spreadsheet shows it. */
  rowNumbers: number[];
  /** Fields left empty in the chunk's imported rows. */
  fieldProblems: ChunkFieldProblem[];
  /** Each valid row's duplicate keys, when the import looks for duplicates. */
  keys: (DuplicateKeys | null)[] | null;
}

/** What validating needs of a read sheet (it crosses to the validation worker as plain data). */
export type SheetRows = Pick<Sheet, 'rows' | 'rowNumbers' | 'rowNotes'>;

export function validateChunk(
  sheet: SheetRows,
  start: number,
  mapping: ColumnMapping,
  withKeys: boolean,
  today = new Date(),
): ValidatedChunk {
  // sheet.rows[0] is the header.
  const ctx = rowContext(mapping, sheet.rows[0]!, today);
  const notes = sheet.rowNotes.length ? new Map(sheet.rowNotes.map((n) => [n.row, n.message])) : null;
  const rowNumbers = sheet.rowNumbers.slice(1 + start, 1 + start + CHUNK_ROWS);
  const { rows, fieldProblems } = validateRows(
    sheet.rows.slice(1 + start, 1 + start + CHUNK_ROWS),
    ctx,
    notes ? (i) => notes.get(rowNumbers[i]!) : undefined,
  );
  const keys = withKeys ? rows.map((r) => (typeof r === 'string' ? null : valuesKeys(r))) : null;
  return { start, rows, rowNumbers, fieldProblems, keys };
}

export interface ChunkSource {
  readonly sheet: SheetInfo;
  /** The next chunk in file order, or null after the last one. */
  next(): Promise<ValidatedChunk | null>;
  /** Whether next() has a chunk (or the end) without waiting: when not, the writer has time for other work. */
  ready(): boolean;
  close(): void;
}

/**
 * A batch of read rows the validation worker hands over unchecked (see HandOff): the writing thread checks it
 * itself, with the worker's header, mapping and date.
 */
export interface RawChunk {
  start: number;
  rows: string[][];
  rowNumbers: number[];
  rowNotes: RowProblem[];
}

/** What checking a batch needs besides its rows: the same in the validation worker and the writing thread. */
export interface BatchChecks {
  header: string[];
  headerRow: number;
  mapping: ColumnMapping;
  withKeys: boolean;
  /** The worker's "today" (ms), so both threads read ages against the same date. */
  today: number;
}

/** A batch of read rows, checked: by the validation worker, or by the writing thread when it was handed over. */
export function checkBatch(checks: BatchChecks, raw: RawChunk): ValidatedChunk {
  // validateChunk reads row 0 as the header.
  const sheet = {
    rows: [checks.header, ...raw.rows],
    rowNumbers: [checks.headerRow, ...raw.rowNumbers],
    rowNotes: raw.rowNotes,
  };
  const chunk = validateChunk(sheet, 0, checks.mapping, checks.withKeys, new Date(checks.today));
  chunk.start = raw.start;
  return chunk;
}

/** The rows `from` to `to` of a batch of read rows, as a batch of their own. */
export const rawSlice = (raw: RawChunk, from: number, to: number): RawChunk => ({
  start: raw.start + from,
  rows: raw.rows.slice(from, to),
  rowNumbers: raw.rowNumbers.slice(from, to),
  rowNotes: raw.rowNotes,
});

/** Checked chunks of consecutive rows as one chunk (a field problem's index counts from the chunk's first row). */
export function joinChunks(parts: readonly ValidatedChunk[]): ValidatedChunk {
  if (parts.length === 1) return parts[0]!;
  const joined: ValidatedChunk = {
    start: parts[0]!.start,
    rows: [],
    rowNumbers: [],
    fieldProblems: [],
    keys: parts[0]!.keys ? [] : null,
  };
  for (const p of parts) {
    const offset = joined.rows.length;
    for (const f of p.fieldProblems) joined.fieldProblems.push({ ...f, index: f.index + offset });
    joined.rows.push(...p.rows);
    joined.rowNumbers.push(...p.rowNumbers);
    if (joined.keys && p.keys) joined.keys.push(...p.keys);
  }
  return joined;
}

/**
 * What the writing thread needs to check a handed-over batch exactly as the validation worker would, and the
 * counters by which the worker sees whether the writer has anything queued.
 */
export interface HandOff extends BatchChecks {
  /** Int32 [chunks posted, chunks taken by the writer]. */
  counters: SharedArrayBuffer;
}

export const POSTED = 0;
export const TAKEN = 1;

export type ChunkMessage =
  | { type: 'sheet'; sheet: SheetInfo; handOff?: HandOff }
  /**
   * A ValidatedChunk as JSON: the import thread parses one string faster than it deserialises the same chunk
   * structured-cloned (one small array a row), and JSON costs less in all (per 100k rows, measured: stringify
   * ~0.45 s + parse ~0.15 s, against v8 serialize ~0.6 s + deserialize ~0.5 s).
   */
  | { type: 'chunk'; json: string }
  /** A RawChunk as JSON. */
  | { type: 'rows'; json: string }
  /** After the last chunk: how many data rows there were. */
  | { type: 'end'; total: number }
  | { type: 'error'; error: { code: string; message: string } };

/**
 * Rows per chunk. Small, so that a chunk's rows die young in both threads: with 5,000 they outlived two
 * scavenges and were promoted, and the two import threads spent ~2.6 s of CPU in GC for 100k rows; with 1,000,
 * ~1.3 s (--trace-gc-nvp), and the import took ~8 % less time. The writer still derives every 5,000 rows
 * (BulkTalentInsert.added).
 */
export const CHUNK_ROWS = 1000;
/**
 * The validation worker checks a batch this many rows at a time: when the import thread has run dry in
 * between, it is sent the rows checked so far rather than wait for the rest of the batch (early on, while
 * the JIT warms up, it waited 0.1-0.3 s for each of the first few).
 */
export const CHECK_ROWS = 500;
/** Below this a worker costs more to start than it saves. */
const WORKER_FROM_BYTES = 1024 * 1024;

export const sheetInfo = (sheet: Sheet): SheetInfo => ({
  total: sheet.rows.length - 1,
  headerWidth: sheet.rows[0]!.length,
  problems: sheet.problems,
  headerRow: sheet.rowNumbers[0]!,
  sheetName: sheet.sheetName,
});

/** The rows of a file: validated here if it is small, else by a validation worker of our own. */
export async function openChunks(
  path: string,
  mapping: ColumnMapping,
  duplicates: DuplicatePolicy,
  read: ReadOptions = {},
  handOff: HandOffPolicy = 'auto',
): Promise<ChunkSource> {
  if (!(await wantsValidator(path))) return localChunks(path, mapping, looksForDuplicates(duplicates), read);
  const { worker, port } = startValidator(path, mapping, duplicates, read, undefined, handOff);
  const source = portChunks(port, () => void worker.terminate());
  watchValidator(worker, (e) => source.fail(e));
  return source.ready;
}

export async function wantsValidator(path: string): Promise<boolean> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0, // readSheet reports the missing or unreadable file
  );
  return size >= WORKER_FROM_BYTES;
}

async function localChunks(
  path: string,
  mapping: ColumnMapping,
  withKeys: boolean,
  read: ReadOptions,
): Promise<ChunkSource> {
  const sheet = await readSheet(path, read);
  const info = sheetInfo(sheet);
  let at = 0;
  return {
    sheet: info,
    async next() {
      if (at >= info.total) return null;
      await new Promise((r) => setImmediate(r));
      const chunk = validateChunk(sheet, at, mapping, withKeys);
      at += chunk.rows.length;
      return chunk;
    },
    ready: () => true,
    close() {},
  };
}

/** What a validation worker is given: the file, how to read it, and where to post its chunks. */
export interface ValidatorJob {
  path: string;
  mapping: ColumnMapping;
  withKeys: boolean;
  read: ReadOptions;
  port: MessagePort;
  handOff: HandOffPolicy;
}

/**
 * Which batches the validation worker hands to the writing thread unchecked: 'auto', a batch whenever the
 * writer has nothing queued (it would otherwise wait, its core idle); 'all' and 'none' pin it (tests).
 */
export type HandOffPolicy = 'auto' | 'all' | 'none';

export const validatorUrl = (): URL =>
  workerUrl(new URL('./validate-worker.ts', import.meta.url), 'talent-validate-worker');

/**
 * Starts a validation worker (validate-worker.ts) on a file, or gives the job to `warm`, one started ahead
 * (workers/start.ts); its chunks arrive on `port`.
 */
export function startValidator(
  path: string,
  mapping: ColumnMapping,
  duplicates: DuplicatePolicy,
  read: ReadOptions = {},
  warm?: Worker,
  handOff: HandOffPolicy = 'auto',
): { worker: Worker; port: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  const job: ValidatorJob = {
    path,
    mapping,
    withKeys: looksForDuplicates(duplicates),
    read,
    port: port1,
    handOff,
  };
  if (warm) warm.postMessage(job, [port1]);
  const worker = warm ?? new Worker(validatorUrl(), { workerData: job, transferList: [port1] });
  return { worker, port: port2 };
}

/** Calls `onFailure` if the validation worker crashes (its own errors arrive as messages). */
export function watchValidator(worker: Worker, onFailure: (e: AppError) => void): void {
  worker.on('error', (e) =>
    onFailure(new AppError('IMPORT_FAILED', `Checking the rows stopped unexpectedly: ${e.message}`)),
  );
  worker.on('exit', (code) => {
    if (code !== 0)
      onFailure(new AppError('IMPORT_FAILED', `Checking the rows stopped unexpectedly (exit ${code}).`));
  });
}

/** The chunks a validation worker posts on `port`, in order. `ready` resolves once the file has been read. */
export function portChunks(
  port: MessagePort,
  onClose: () => void = () => {},
): { ready: Promise<ChunkSource>; fail: (e: Error) => void } {
  // Chunks wait as the JSON they came in, parsed when taken: a writer that is behind then holds compact strings,
  // not rows that would outlive the young generation (CHUNK_ROWS).
  const queue: (Extract<ChunkMessage, { type: 'chunk' | 'rows' }> | null)[] = [];
  let handOff: HandOff | null = null;
  let counters: Int32Array | null = null;
  /** The chunk at the head of the queue, checked here if the worker handed it over unchecked. */
  const take = (): ValidatedChunk | null => {
    const c = queue.shift()!;
    if (counters && c) Atomics.add(counters, TAKEN, 1);
    if (!c) return null;
    if (c.type === 'chunk') return JSON.parse(c.json) as ValidatedChunk;
    if (!handOff) throw new Error('Unchecked rows came without what is needed to check them');
    return checkBatch(handOff, JSON.parse(c.json) as RawChunk);
  };
  let failure: Error | null = null;
  let closed = false;
  let wake = () => {};
  let resolveReady: (s: ChunkSource) => void = () => {};
  let rejectReady: (e: Error) => void = () => {};
  const ready = new Promise<ChunkSource>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const close = () => {
    if (closed) return;
    closed = true;
    port.close();
    onClose();
  };
  const fail = (e: Error) => {
    if (closed) return;
    failure ??= e;
    rejectReady(e); // no-op once the sheet has arrived
    wake();
    close();
  };
  let sheet: SheetInfo | null = null;
  const receive = (m: ChunkMessage) => {
    if (m.type === 'sheet') {
      sheet = m.sheet;
      handOff = m.handOff ?? null;
      counters = handOff ? new Int32Array(handOff.counters) : null;
      resolveReady({
        sheet,
        async next() {
          while (!queue.length && !failure) await new Promise<void>((r) => (wake = r));
          if (failure) throw failure;
          return take();
        },
        ready() {
          if (queue.length || failure || closed) return true;
          // A chunk may have arrived while this thread was busy: its message event has not run yet.
          const m = receiveMessageOnPort(port);
          if (m) receive(m.message as ChunkMessage);
          return queue.length > 0 || failure !== null;
        },
        close,
      });
    } else if (m.type === 'chunk' || m.type === 'rows') queue.push(m);
    else if (m.type === 'end') {
      if (sheet) sheet.total = m.total;
      queue.push(null);
    } else fail(new AppError(m.error.code, m.error.message));
    wake();
  };
  port.on('message', receive);
  return { ready, fail };
}
