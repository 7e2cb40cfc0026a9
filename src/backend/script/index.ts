import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { type ScriptAnalysis, type ScriptProgress, scriptAnalysisSchema } from '../../shared/script.ts';
import { ScriptError } from './errors.ts';
import { legacyFontNames } from './legacy.ts';
import { DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES, looksLikePdf } from './limits.ts';
import { type WorkerMessage, type WorkerRequest, workerMessageSchema } from './protocol.ts';
import { hasTextLayer } from './quality.ts';
import { spawnScriptWorker, takeEarlyWorker } from './spawn.ts';
import type { PageText } from './types.ts';

export interface AnalyzeScriptOptions {
  signal?: AbortSignal;
  onProgress?: (p: ScriptProgress) => void;
  password?: string;
  /** Wall-clock limit for the whole analysis (default 60 s). */
  timeoutMs?: number;
  /** Heap limit of the worker (default 1024 MB). */
  maxMemoryMb?: number;
  /** Largest file accepted (default 200 MB). */
  maxBytes?: number;
  /** Most pages accepted (default 2000). */
  maxPages?: number;
  /** Most characters of text accepted (default 20 million). */
  maxChars?: number;
  /** Split extraction between two threads (default: on for PDFs of 100 kB and more on 2+ cores). */
  parallel?: boolean;
}

export interface AnalyzeScriptResult {
  analysis: ScriptAnalysis;
  /** SHA-256 of the file, hex: the key under which the analysis is stored. */
  sha256: string;
  fileName: string;
  bytes: number;
  ms: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_MEMORY_MB = 1024;
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads a PDF and analyses it in a worker thread with time and memory limits. */
export async function analyzeScriptFile(
  path: string,
  opts: AnalyzeScriptOptions = {},
): Promise<AnalyzeScriptResult> {
  if (opts.signal?.aborted) throw new ScriptError('CANCELLED');
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let data: Uint8Array;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new ScriptError('READ_FAILED', 'That is not a file.');
    if (st.size > maxBytes) {
      throw new ScriptError(
        'TOO_LARGE',
        `This file is ${Math.round(st.size / 1048576)} MB; the limit is ${Math.round(maxBytes / 1048576)} MB.`,
      );
    }
    data = await readFile(path, { signal: opts.signal });
  } catch (e) {
    if (e instanceof ScriptError) throw e;
    if (opts.signal?.aborted) throw new ScriptError('CANCELLED');
    throw new ScriptError(
      'READ_FAILED',
      `The file could not be read (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  return analyzeScriptBytes(data, basename(path), opts);
}

/** Analyses PDF bytes in a worker thread. The bytes are copied, never detached from the caller. */
export async function analyzeScriptBytes(
  data: Uint8Array,
  fileName: string,
  opts: AnalyzeScriptOptions = {},
): Promise<AnalyzeScriptResult> {
  const started = performance.now();
  if (opts.signal?.aborted) throw new ScriptError('CANCELLED');
  if (data.byteLength > (opts.maxBytes ?? DEFAULT_MAX_BYTES)) throw new ScriptError('TOO_LARGE');
  // Checked here too, so a renamed file is refused without starting a worker.
  if (!looksLikePdf(data)) throw new ScriptError('NOT_A_PDF');
  const sha256 = sha256Hex(data);
  opts.onProgress?.({ phase: 'reading', pagesDone: 0, pagesTotal: 0 });
  const analysis = await runWorker(data, fileName, opts);
  opts.onProgress?.({ phase: 'done', pagesDone: analysis.pages, pagesTotal: analysis.pages });
  return { analysis, sha256, fileName, bytes: data.byteLength, ms: performance.now() - started };
}

function spawnWorker(maxOld: number, warm = false): Worker {
  return spawnScriptWorker(maxOld, warm);
}

/** A worker thread; kept between analyses its pdf.js is loaded and its JIT warm. */
interface Slot {
  worker: Worker;
  maxOld: number;
  jobs: number;
  /** Removes the listeners attached while idle (never removeAllListeners: Node's own would go too). */
  detach?: () => void;
}
const idle: Slot[] = [];
/** Retire a worker after this many requests, or after a long document, so memory does not creep. */
const MAX_JOBS_PER_WORKER = 50;
const RETIRE_AFTER_PAGES = 400;
/** Below this size a PDF is short: one thread is quicker than starting a second. */
const PARALLEL_MIN_BYTES = 100_000;

function threads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

function park(slot: Slot): void {
  if (idle.length >= threads()) {
    void slot.worker.terminate();
    return;
  }
  slot.worker.unref(); // an idle worker never keeps the process alive
  const drop = () => {
    const k = idle.indexOf(slot);
    if (k >= 0) idle.splice(k, 1);
  };
  slot.worker.on('error', drop);
  slot.worker.on('exit', drop);
  slot.detach = () => {
    slot.worker.off('error', drop);
    slot.worker.off('exit', drop);
  };
  idle.push(slot);
}

/**
 * Starts worker threads ahead of time so that the next analysis skips thread start-up, loading pdf.js
 * and JIT warm-up (more than half of a 100-page analysis). Call it when the app starts or the script
 * screen opens. Idempotent; after an analysis its workers stay ready for the next one.
 */
export function prewarmScriptWorker(opts: { maxMemoryMb?: number } = {}): void {
  const maxOld = opts.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  while (idle.length < threads()) park({ worker: spawnWorker(maxOld, true), maxOld, jobs: 0 });
}

/** Ends the idle workers (on app quit, or in tests). */
export async function disposeScriptWorker(): Promise<void> {
  const all = idle.splice(0);
  await Promise.all(all.map((s) => s.worker.terminate()));
}

function takeWorker(maxOld: number): Slot {
  const k = idle.findIndex((s) => s.maxOld === maxOld);
  if (k >= 0) {
    const slot = idle.splice(k, 1)[0]!;
    slot.detach?.();
    slot.worker.ref();
    return slot;
  }
  return { worker: takeEarlyWorker(maxOld) ?? spawnWorker(maxOld), maxOld, jobs: 0 };
}

/** Failures after which a worker is in a clean state and may serve again. */
const REUSABLE_AFTER: ReadonlySet<string> = new Set([
  'PASSWORD_REQUIRED',
  'PASSWORD_INCORRECT',
  'NO_TEXT_LAYER',
  'GARBLED_TEXT',
  'CORRUPT_PDF',
  'NOT_A_PDF',
]);

type Reply = Extract<WorkerMessage, { type: 'result' | 'pages' }>;

interface Call {
  promise: Promise<Reply>;
  /** The worker finished this request in a clean state (it may be reused). */
  clean: () => boolean;
}

/** Sends one request to a worker and resolves with its reply; progress goes to onProgress. */
function call(
  slot: Slot,
  req: WorkerRequest,
  onProgress: (m: Extract<WorkerMessage, { type: 'progress' }>) => void,
  transfer: ArrayBuffer[],
): Call {
  const { worker } = slot;
  let clean = false;
  const promise = new Promise<Reply>((resolve, reject) => {
    const off = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (raw: unknown) => {
      const m = workerMessageSchema.safeParse(raw);
      if (!m.success) {
        off();
        reject(new ScriptError('INTERNAL', 'The script worker sent an unexpected message.'));
        return;
      }
      const msg = m.data;
      if (msg.type === 'ready') return;
      if (msg.type === 'progress') {
        onProgress(msg);
        return;
      }
      off();
      if (msg.type === 'error') {
        clean = REUSABLE_AFTER.has(msg.code);
        reject(new ScriptError(msg.code, msg.message));
      } else {
        clean = true;
        resolve(msg);
      }
    };
    const onError = (e: Error & { code?: string }) => {
      off();
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(
          new ScriptError('TOO_LARGE', 'This PDF needs more memory than allowed to analyse; it was stopped.'),
        );
      } else reject(new ScriptError('INTERNAL', `The script worker failed: ${e.message}`));
    };
    const onExit = (code: number) => {
      off();
      reject(new ScriptError('INTERNAL', `The script worker stopped unexpectedly (exit ${code}).`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(req, transfer);
  });
  promise.catch(() => undefined); // settled through Promise.race/all; never an unhandled rejection
  return { promise, clean: () => clean };
}

async function runWorker(
  data: Uint8Array,
  fileName: string,
  opts: AnalyzeScriptOptions,
): Promise<ScriptAnalysis> {
  const maxOld = opts.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  const limits = {
    password: opts.password,
    maxPages: opts.maxPages ?? DEFAULT_MAX_PAGES,
    maxChars: opts.maxChars ?? DEFAULT_MAX_CHARS,
  };
  const parallel = opts.parallel ?? (threads() >= 2 && data.byteLength >= PARALLEL_MIN_BYTES);
  const slots = parallel ? [takeWorker(maxOld), takeWorker(maxOld)] : [takeWorker(maxOld)];
  const calls = new Map<Slot, Call>();
  let pagesTotal = 0;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let arm: () => void = () => undefined;
  const stop = new Promise<never>((_, reject) => {
    // OCR re-arms the limit at each page it reads: then it bounds a scanned page, not the whole scan.
    arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => reject(new ScriptError('TIMEOUT')), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    };
    arm();
    onAbort = () => reject(new ScriptError('CANCELLED'));
    // An abort before this point (e.g. from a progress callback) fires no event: check it too.
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  stop.catch(() => undefined);
  const race = <T>(p: Promise<T>) => Promise.race([p, stop]);
  /** The whole analysis in one thread (and OCR there when the PDF is a scan). */
  const analyzeIn = async (slot: Slot): Promise<ScriptAnalysis> => {
    const c = call(
      slot,
      { type: 'analyze', data: new Uint8Array(data), fileName, ...limits },
      (m) => {
        if (m.phase === 'ocr') {
          arm();
          opts.onProgress?.({ phase: 'ocr', pagesDone: m.pagesDone, pagesTotal: m.pagesTotal });
          if (m.pagesDone === m.pagesTodo)
            opts.onProgress?.({ phase: 'analysing', pagesDone: pagesTotal, pagesTotal });
          return;
        }
        pagesTotal = m.pagesTotal;
        opts.onProgress?.({ phase: 'extracting', pagesDone: m.pagesDone, pagesTotal: m.pagesTotal });
        if (m.pagesDone === m.pagesTodo)
          opts.onProgress?.({ phase: 'analysing', pagesDone: m.pagesDone, pagesTotal: m.pagesTotal });
      },
      [],
    );
    calls.set(slot, c);
    const reply = await race(c.promise);
    if (reply.type !== 'result') throw new ScriptError('INTERNAL', 'The script worker answered out of turn.');
    return validate(reply.analysis);
  };
  try {
    if (slots.length === 1) return await analyzeIn(slots[0]!);
    // Two threads extract alternate pages; the first then analyses them all.
    const done = slots.map(() => 0);
    const parts = slots.map((slot, index) => {
      const copy = new Uint8Array(data); // a real copy (Buffer#slice shares memory) that can be transferred
      const c = call(
        slot,
        { type: 'extract', data: copy, shard: { index, count: slots.length }, ...limits },
        (m) => {
          pagesTotal = m.pagesTotal;
          done[index] = m.pagesDone;
          const sum = done.reduce((a, b) => a + b, 0);
          opts.onProgress?.({ phase: 'extracting', pagesDone: sum, pagesTotal: m.pagesTotal });
        },
        [copy.buffer as ArrayBuffer],
      );
      calls.set(slot, c);
      return c.promise;
    });
    const replies = await race(Promise.all(parts));
    const pages: PageText[] = [];
    let metadataTitle: string | null = null;
    const warnings = new Set<string>();
    for (const r of replies) {
      if (r.type !== 'pages') throw new ScriptError('INTERNAL', 'The script worker answered out of turn.');
      pages.push(...r.pages);
      metadataTitle ??= r.metadataTitle;
      for (const w of r.warnings) warnings.add(w);
    }
    const first = slots[0]!;
    // A scan has no text to split: its first thread reads it whole, with OCR.
    if (!hasTextLayer(pages)) return await analyzeIn(first);
    opts.onProgress?.({ phase: 'analysing', pagesDone: pagesTotal, pagesTotal });
    const c = call(
      first,
      {
        type: 'analyze-pages',
        pages,
        fileName,
        metadataTitle,
        warnings: [...warnings],
        legacyFonts: legacyFontNames(data),
      },
      () => undefined,
      [],
    );
    calls.set(first, c);
    const reply = await race(c.promise);
    if (reply.type !== 'result') throw new ScriptError('INTERNAL', 'The script worker answered out of turn.');
    return validate(reply.analysis);
  } finally {
    clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    for (const slot of slots) {
      slot.jobs++;
      const c = calls.get(slot);
      // Time-outs, cancels, memory or page limits end the thread: it may be stuck mid-document.
      if (c?.clean() && slot.jobs < MAX_JOBS_PER_WORKER && pagesTotal <= RETIRE_AFTER_PAGES) park(slot);
      else void slot.worker.terminate();
    }
  }
}

function validate(raw: unknown): ScriptAnalysis {
  const a = scriptAnalysisSchema.safeParse(raw);
  if (!a.success)
    throw new ScriptError(
      'INTERNAL',
      `The analysis did not match its schema: ${a.error.issues[0]?.message ?? ''}`,
    );
  return a.data;
}

export { isScriptError, ScriptError } from './errors.ts';
