import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { processHeadshotFile } from './process.ts';
import type { WorkerInit, WorkerReady, WorkerReply, WorkerRequest } from './workerProtocol.ts';

// Import worker: hashes, checks and stores one file at a time (see pool.ts).
const init = workerData as WorkerInit;
sharp.concurrency(init.sharpConcurrency);
sharp.cache(false); // each file is seen once: caching would only hold memory

parentPort?.on('message', (req: WorkerRequest) => {
  processHeadshotFile(req.path, init.dataDir, init.limits)
    .catch((e: unknown) => ({
      ok: false as const,
      code: 'INTERNAL' as const,
      message: `Unexpected error: ${String(e)}`,
    }))
    .then((result) => {
      const reply: WorkerReply = { id: req.id, result };
      parentPort?.postMessage(reply);
    });
});

// Tells the pool that this module and its imports loaded: only then is the worker usable.
const ready: WorkerReady = { ready: true };
parentPort?.postMessage(ready);
