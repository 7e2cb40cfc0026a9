import type { ImportLimits } from './limits.ts';
import type { ProcessResult } from './process.ts';

/** Messages between the pool (main thread) and import workers. */
export interface WorkerInit {
  dataDir: string;
  limits: ImportLimits;
  /** libvips threads per pipeline; process-wide, so every worker sets the same value. */
  sharpConcurrency: number;
}
export interface WorkerRequest {
  id: number;
  path: string;
}
export interface WorkerReply {
  id: number;
  result: ProcessResult;
}
/** First message of a worker whose modules loaded. */
export interface WorkerReady {
  ready: true;
}
