import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { ImportPreview, ImportReport, ReadOptions } from '../../../shared/talent-import.ts';
import type { AppDatabase } from '../../store/db.ts';
import { runWorkerOnce } from '../../workers/once.ts';
import { WARM } from '../../workers/start.ts';
import { bundledWorkerDir, workerUrl } from '../../workers/url.ts';
import { startValidator, validatorUrl, wantsValidator, watchValidator } from './chunks.ts';
import { previewImport } from './preview.ts';
import { type ImportOptions, runImport } from './run.ts';
import type { ImportWorkerJob } from './worker.ts';

type Progress = NonNullable<ImportOptions['onProgress']>;
type JobMessage =
  | { type: 'progress'; phase: Parameters<Progress>[0]; done: number; total: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; error: { code: string; message: string } };

const importerUrl = () => workerUrl(new URL('./worker.ts', import.meta.url), 'talent-import-worker');

/** How long threads warmed by a preview wait for the import before they are stopped. */
const WARM_FOR_MS = 5 * 60_000;

interface WarmPair {
  validator: Worker;
  importer: Worker;
  timer: NodeJS.Timeout;
}

/** Running imports by job id, so that a cancel from the UI reaches the right one. */
export class ImportJobs {
  private readonly cancels = new Map<string, () => void>();
  private readonly exits = new Set<Promise<void>>();
  private readonly db: AppDatabase;
  private readonly warmForMs: number;
  private warmPair: WarmPair | null = null;

  constructor(db: AppDatabase, opts: { warmForMs?: number } = {}) {
    this.db = db;
    this.warmForMs = opts.warmForMs ?? WARM_FOR_MS;
  }

  /** Whether a large file's preview has the import's two threads waiting, their code loaded. */
  get warmed(): boolean {
    return this.warmPair !== null;
  }

  /**
   * Starts the two threads of a large import while the user reviews the preview: loading their code took
   * 0.3–0.5 s of the import, and delayed its first rows. Unref'd, so they never keep the process alive; stopped
   * if no import comes within `warmForMs`, or if either exits.
   */
  private warm(): void {
    if (this.warmPair || this.db.file === ':memory:') return;
    const validator = new Worker(validatorUrl(), { workerData: WARM });
    const importer = new Worker(importerUrl(), { workerData: WARM });
    const pair: WarmPair = {
      validator,
      importer,
      timer: setTimeout(() => this.close(), this.warmForMs).unref(),
    };
    for (const w of [validator, importer]) {
      w.unref();
      w.on('error', () => {}); // a warm thread that fails is not used (the import starts its own)
      w.once('exit', () => {
        if (this.warmPair === pair) this.close();
      });
    }
    this.warmPair = pair;
  }

  /** The warm threads, now this import's, or null. */
  private takeWarm(): WarmPair | null {
    const pair = this.warmPair;
    if (!pair) return null;
    this.warmPair = null;
    clearTimeout(pair.timer);
    pair.validator.ref();
    pair.importer.ref();
    return pair;
  }

  /** Stops threads waiting for an import (the backend closing, or no import came). */
  close(): void {
    const pair = this.warmPair;
    this.warmPair = null;
    if (!pair) return;
    clearTimeout(pair.timer);
    void pair.validator.terminate();
    void pair.importer.terminate();
  }

  async run(path: string, opts: Omit<ImportOptions, 'isCancelled'>): Promise<ImportReport> {
    if (this.cancels.has(opts.jobId)) throw new AppError('JOB_EXISTS', 'That import is already running.');
    try {
      // An in-memory database cannot be shared with a worker: import in-thread (tests).
      if (this.db.file === ':memory:') {
        let cancelled = false;
        this.cancels.set(opts.jobId, () => {
          cancelled = true;
        });
        return await runImport(this.db, path, { ...opts, isCancelled: () => cancelled });
      }
      return await this.runInWorker(path, opts);
    } finally {
      this.cancels.delete(opts.jobId);
    }
  }

  /** The import dialog's preview; a large file is read in a worker so that other calls are not held up. */
  async preview(path: string, read: ReadOptions = {}): Promise<ImportPreview> {
    if (!(await wantsValidator(path))) return previewImport(path, read);
    this.warm();
    return runWorkerOnce<ImportPreview>(
      workerUrl(new URL('./preview-worker.ts', import.meta.url), 'talent-preview-worker'),
      { path, read },
      'IMPORT_FAILED',
      'Reading the file',
    );
  }

  /** Resolves once every import worker has exited (each finishes its WAL checkpoint after its report). */
  async whenIdle(): Promise<void> {
    await Promise.all([...this.exits]);
  }

  cancel(jobId: string): void {
    this.cancels.get(jobId)?.();
  }

  private async runInWorker(path: string, opts: Omit<ImportOptions, 'isCancelled'>): Promise<ImportReport> {
    const cancel = new SharedArrayBuffer(4);
    this.cancels.set(opts.jobId, () => Atomics.store(new Int32Array(cancel), 0, 1));
    const { onProgress, ...plain } = opts;
    // A large file gets its validation worker from here, so that it starts reading while the import
    // worker is still loading; the two talk over a MessagePort. Threads a preview warmed take the job.
    const large = await wantsValidator(path);
    const warm = large ? this.takeWarm() : null;
    const validator = large
      ? startValidator(path, opts.mapping, opts.duplicates, opts.read, warm?.validator, opts.handOff)
      : null;
    const job: ImportWorkerJob = {
      dbFile: this.db.file,
      path,
      opts: plain,
      cancel,
      workerDir: bundledWorkerDir(),
      chunkPort: validator?.port ?? null,
    };
    const transferList = validator ? [validator.port] : [];
    if (warm) warm.importer.postMessage(job, transferList);
    const worker = warm?.importer ?? new Worker(importerUrl(), { workerData: job, transferList });
    const exited = new Promise<void>((r) => worker.once('exit', () => r()));
    this.exits.add(exited);
    void exited.then(() => this.exits.delete(exited));
    return new Promise<ImportReport>((resolve, reject) => {
      const stop = (e: AppError) => {
        reject(e);
        void worker.terminate(); // an uncommitted import transaction dies with its connection
      };
      if (validator) {
        watchValidator(validator.worker, stop);
        // Settled either way: the validator is no longer needed.
        const done = () => void validator.worker.terminate();
        worker.once('exit', done);
      }
      worker.on('message', (m: JobMessage) => {
        if (m.type === 'progress') onProgress?.(m.phase, m.done, m.total);
        else if (m.type === 'done') resolve(m.report);
        else reject(new AppError(m.error.code, m.error.message));
      });
      worker.on('error', (e) =>
        reject(new AppError('IMPORT_FAILED', `The import stopped unexpectedly: ${e.message}`)),
      );
      worker.on('exit', (code) => {
        if (code !== 0)
          reject(new AppError('IMPORT_FAILED', `The import stopped unexpectedly (exit ${code}).`));
      });
    });
  }
}
