/**
 * Starting the analysis worker thread. Kept free of zod and the analyser, so that the CLI can start the
 * worker first and let it load pdf.js while its own thread is still loading the rest (two cores at work).
 */
import { Worker } from 'node:worker_threads';
import { scriptWorkerUrl } from './worker-url.ts';

/** The worker's default V8 heap limit in MB (index.ts's DEFAULT_MAX_MEMORY_MB). */
export const DEFAULT_WORKER_MEMORY_MB = 1024;

export function spawnScriptWorker(maxOld: number, warm = false): Worker {
  return new Worker(scriptWorkerUrl(), {
    workerData: { warm },
    resourceLimits: {
      maxOldGenerationSizeMb: maxOld,
      maxYoungGenerationSizeMb: Math.min(64, Math.max(8, maxOld / 8)),
      stackSizeMb: 8,
    },
    stdout: false,
    stderr: false,
  });
}

let early: { worker: Worker; maxOld: number; dead: boolean; detach: () => void } | null = null;

/** Starts one worker now, for the next analysis to take (the CLI calls this before loading anything). */
export function startScriptWorkerEarly(maxOld = DEFAULT_WORKER_MEMORY_MB): void {
  if (early) return;
  const worker = spawnScriptWorker(maxOld);
  const e = { worker, maxOld, dead: false, detach: () => undefined };
  // Until it is taken, a failing worker is only marked: an 'error' event without a listener would throw.
  const end = () => {
    e.dead = true;
  };
  worker.on('error', end);
  worker.on('exit', end);
  e.detach = () => {
    worker.off('error', end);
    worker.off('exit', end);
  };
  early = e;
}

/** The worker started early, if it is alive and has the wanted heap limit; taken once. */
export function takeEarlyWorker(maxOld: number): Worker | null {
  const e = early;
  if (!e || e.dead || e.maxOld !== maxOld) return null;
  early = null;
  e.detach();
  return e.worker;
}
