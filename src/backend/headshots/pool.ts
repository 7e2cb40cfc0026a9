import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import type { ImportLimits } from './limits.ts';
import type { ProcessResult } from './process.ts';
import type { WorkerInit, WorkerReady, WorkerReply, WorkerRequest } from './workerProtocol.ts';
import { headshotWorkerUrl } from './workerUrl.ts';

/** sharp runs pipelines on libuv's thread pool, which is process-wide and 4 threads unless UV_THREADPOOL_SIZE says otherwise. */
function uvThreads(): number {
  const n = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 4;
}

/**
 * Worker count and libvips threads per pipeline so that the total is about the core count. sharp runs at
 * most uvThreads() pipelines at once however many workers there are, so more workers than that would
 * only add memory (each holds a file and its decode buffers); the cores are shared between pipelines.
 */
export function planConcurrency(
  files: number,
  cores = availableParallelism(),
): { workers: number; sharp: number } {
  const workers = Math.max(1, Math.min(cores, files, uvThreads()));
  return { workers, sharp: Math.max(1, Math.floor(cores / workers)) };
}

/**
 * Starts an import worker. Workers inherit the parent's Node flags, but a main-script-only flag
 * (`node --input-type=module -e …`) makes them fail, so that one is dropped; if the remaining flags are
 * still refused (some are per-process only), the worker starts with none.
 */
function startWorker(init: WorkerInit): Worker {
  const argv = process.execArgv;
  if (!argv.some((a) => a.startsWith('--input-type')))
    return new Worker(headshotWorkerUrl(), { workerData: init });
  const filtered: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--input-type') i++;
    else if (!a.startsWith('--input-type=')) filtered.push(a);
  }
  try {
    return new Worker(headshotWorkerUrl(), { workerData: init, execArgv: filtered });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    return new Worker(headshotWorkerUrl(), { workerData: init, execArgv: [] });
  }
}

export interface PoolOptions {
  dataDir: string;
  limits: ImportLimits;
  workers?: number;
  signal?: AbortSignal;
  onStart?: (index: number) => void;
  /** Called on the main thread, in completion order. */
  onResult: (index: number, result: ProcessResult) => void;
}

/**
 * Processes `paths` on a pool of worker threads. Cancelling stops handing out files; files in flight
 * finish (their writes are atomic anyway) and are reported. Resolves with how many were processed.
 */
export async function runImportPool(
  paths: readonly string[],
  opts: PoolOptions,
): Promise<{ processed: number }> {
  if (paths.length === 0) return { processed: 0 };
  const plan = planConcurrency(paths.length);
  const size = Math.max(1, Math.min(opts.workers ?? plan.workers, paths.length));
  const init: WorkerInit = { dataDir: opts.dataDir, limits: opts.limits, sharpConcurrency: plan.sharp };
  let next = 0;
  let processed = 0;
  /** Set when a worker cannot start: the others finish their current file and stop. */
  let stopped = false;

  const runOne = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const worker = startWorker(init);
      let online = false;
      let current: number | null = null;
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        opts.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        resolve();
      };
      const dispatch = () => {
        if (stopped || opts.signal?.aborted || next >= paths.length) {
          current = null;
          finish();
          return;
        }
        current = next++;
        opts.onStart?.(current);
        const req: WorkerRequest = { id: current, path: paths[current]! };
        worker.postMessage(req);
      };
      const onAbort = () => {
        if (current === null) finish();
      };
      opts.signal?.addEventListener('abort', onAbort);
      worker.on('message', (msg: WorkerReply | WorkerReady) => {
        if ('ready' in msg) {
          online = true;
          dispatch();
          return;
        }
        const reply = msg;
        processed++;
        opts.onResult(reply.id, reply.result);
        dispatch();
      });
      // A worker that dies (bug, out of memory) costs its current file, not the batch: report it and carry on in a new one.
      const onDeath = (why: string) => {
        if (settled) return;
        if (!online) {
          // Not a bad file: the worker cannot start at all (wrong URL in a bundle…). Respawning would loop.
          settled = true;
          stopped = true;
          opts.signal?.removeEventListener('abort', onAbort);
          reject(new AppError('WORKER_START_FAILED', `The image worker could not start: ${why}`));
          return;
        }
        if (current !== null) {
          processed++;
          opts.onResult(current, {
            ok: false,
            code: 'INTERNAL',
            message: `The image worker stopped (${why}).`,
          });
        }
        settled = true;
        opts.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        runOne().then(resolve, reject);
      };
      worker.on('error', (e) => onDeath(e.message));
      worker.on('exit', (code) => onDeath(`exit code ${code}`));
    });

  // allSettled: never return while a worker may still report results.
  const outcomes = await Promise.allSettled(Array.from({ length: size }, runOne));
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason;
  return { processed };
}
