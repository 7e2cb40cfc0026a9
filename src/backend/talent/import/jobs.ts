import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { ImportPreview, ImportReport, ReadOptions } from '../../../shared/talent-import.ts';
import type { AppDatabase } from '../../store/db.ts';
import { runWorkerOnce } from '../../workers/once.ts';
import { bundledWorkerDir, workerUrl } from '../../workers/url.ts';
import { startValidator, wantsValidator, watchValidator } from './chunks.ts';
import { previewImport } from './preview.ts';
import { type ImportOptions, runImport } from './run.ts';

type Progress = NonNullable<ImportOptions['onProgress']>;
type JobMessage =
  | { type: 'progress'; phase: Parameters<Progress>[0]; done: number; total: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; error: { code: string; message: string } };

/** Running imports by job id, so that a cancel from the UI reaches the right one. */
export class ImportJobs {
  private readonly cancels = new Map<string, () => void>();
  private readonly exits = new Set<Promise<void>>();
  private readonly db: AppDatabase;

  constructor(db: AppDatabase) {
    this.db = db;
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
    // worker is still loading; the two talk over a MessagePort.
    const validator = (await wantsValidator(path))
      ? startValidator(path, opts.mapping, opts.duplicates, opts.read)
      : null;
    const worker = new Worker(workerUrl(new URL('./worker.ts', import.meta.url), 'talent-import-worker'), {
      workerData: {
        dbFile: this.db.file,
        path,
        opts: plain,
        cancel,
        workerDir: bundledWorkerDir(),
        chunkPort: validator?.port ?? null,
      },
      transferList: validator ? [validator.port] : [],
    });
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
