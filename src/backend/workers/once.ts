// A worker that does one job and replies once ({ok, value} or a typed error), and the call that starts it
// and awaits that reply. Used by the import preview and the talent export.
import { parentPort, type Transferable, Worker } from 'node:worker_threads';
import { AppError, isAppError } from '../../shared/errors.ts';

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Starts the worker at `url` with `workerData` and resolves with its one reply; crashes become `failureCode`. */
export function runWorkerOnce<T>(
  url: URL,
  workerData: unknown,
  failureCode: string,
  doing: string,
): Promise<T> {
  const worker = new Worker(url, { workerData });
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (m: Reply<T>) =>
      m.ok ? resolve(m.value) : reject(new AppError(m.error.code, m.error.message)),
    );
    worker.once('error', (e) =>
      reject(new AppError(failureCode, `${doing} stopped unexpectedly: ${e.message}`)),
    );
    worker.once('exit', (code) => {
      if (code !== 0) reject(new AppError(failureCode, `${doing} stopped unexpectedly (exit ${code}).`));
    });
  });
}

/** In the worker: runs `work` and sends its result (moving `transfer`) or its error as the one reply. */
export async function replyOnce<T>(
  work: () => Promise<T>,
  failureCode: string,
  transfer: (value: T) => Transferable[] = () => [],
): Promise<void> {
  try {
    const value = await work();
    parentPort?.postMessage({ ok: true, value } satisfies Reply<T>, transfer(value));
  } catch (e) {
    const error = isAppError(e) ? e.toJSON() : { code: failureCode, message: (e as Error).message };
    parentPort?.postMessage({ ok: false, error } satisfies Reply<T>);
  }
}
