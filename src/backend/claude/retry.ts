// Our own retry loop (the SDK's retries are off so the UI can show a countdown): retry-after when the server
// gave one, else exponential backoff with jitter; a stop during a wait ends it at once.
import type { ChatErrorCode } from '../../shared/chat.ts';
import { ChatError, classifyError } from './errors.ts';

export type RetryPolicy = {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest retry-after we wait for before giving up (the user can resend). */
  maxRetryAfterSeconds: number;
};
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 120,
};

export type RetryNotice = { attempt: number; maxAttempts: number; inSeconds: number; code: ChatErrorCode };

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ChatError('STOPPED', 'Stopped.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new ChatError('STOPPED', 'Stopped.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs fn; on a retryable error waits (retry-after when the server gave one, else exponential backoff with
 * jitter) and tries again, announcing each wait through onRetry. Throws the classified last error.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  opts: { signal?: AbortSignal; policy?: Partial<RetryPolicy>; onRetry?: (n: RetryNotice) => void },
): Promise<T> {
  const p = { ...DEFAULT_RETRY, ...opts.policy };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (raw) {
      const err = classifyError(raw);
      if (opts.signal?.aborted) throw new ChatError('STOPPED', 'Stopped.');
      if (!err.retryable || attempt >= p.maxAttempts) throw finalError(err, attempt);
      if (err.retryAfterSeconds !== null && err.retryAfterSeconds > p.maxRetryAfterSeconds)
        throw finalError(err, attempt);
      const backoff =
        Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      const waitMs = err.retryAfterSeconds !== null ? err.retryAfterSeconds * 1000 : backoff;
      opts.onRetry?.({
        attempt: attempt + 1,
        maxAttempts: p.maxAttempts,
        inSeconds: Math.round(waitMs / 100) / 10,
        code: err.chatCode,
      });
      await abortableSleep(waitMs, opts.signal);
    }
  }
}

function finalError(err: ChatError, attempts: number): ChatError {
  if (!err.retryable || attempts <= 1) return err;
  const what =
    err.chatCode === 'RATE_LIMITED'
      ? 'rate-limited'
      : err.chatCode === 'OVERLOADED'
        ? 'overloaded'
        : 'failing';
  return new ChatError(
    err.chatCode,
    `Claude is still ${what} after ${attempts} attempts. Your message is kept; try again in a minute.`,
    { retryAfterSeconds: err.retryAfterSeconds },
  );
}
