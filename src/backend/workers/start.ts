// A worker started ahead of its job (ImportJobs.warm): its modules load while the user is still in the
// import dialog, and the job arrives later as its first message. A worker started for a job at once gets
// the job as workerData, as before.
import { parentPort, workerData } from 'node:worker_threads';

export const WARM = { warm: true } as const;

const isWarm = (d: unknown): boolean =>
  typeof d === 'object' && d !== null && (d as { warm?: unknown }).warm === true;

/** In a worker: its job, from workerData or, for a warm worker, from its first message. */
export function workerJob<T>(): Promise<T> {
  if (!isWarm(workerData)) return Promise.resolve(workerData as T);
  const port = parentPort;
  if (!port) throw new Error('A warm worker needs a parent to send its job');
  return new Promise((resolve) => port.once('message', (m: T) => resolve(m)));
}
