// Test double for the import worker: dies on any path containing "crash", succeeds with a fake result otherwise.
import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from '../../src/backend/headshots/workerProtocol.ts';

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.path.includes('crash')) process.exit(3);
  const reply: WorkerReply = {
    id: req.id,
    result: {
      ok: true,
      sha256: '0'.repeat(64),
      byteSize: 1,
      format: 'png',
      mime: 'image/png',
      width: 1,
      height: 1,
      wroteFiles: false,
    },
  };
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ ready: true });
