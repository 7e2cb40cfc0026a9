// The sync client's retry rules, one loop for its JSON requests (json-request.ts) and its blob requests
// (blob-http.ts): network errors, timeouts, unreadable answers and 5xx are retried with backoff; a 429 waits
// Retry-After and does not count as an attempt; a 401 refreshes the token once; other errors come back.

/** One attempt's answer, as far as the retry loop looks at it. */
export type Attempt =
  | { kind: 'ok' }
  | { kind: 'error'; status: number; code: string; message: string; retryAfterMs: number }
  | { kind: 'network'; message: string };

export interface RetryRules {
  /** Attempts before the answer is 'network'. */
  attempts: number;
  /** Waits between retries and for Retry-After (tests pass one that records instead of sleeping). */
  wait: (ms: number) => Promise<void>;
  /** Gets a new access token after a 401; false when the user must sign in again. */
  refresh: () => Promise<boolean>;
}

export const defaultWait = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Exponential backoff with full jitter, capped at 30 s. */
export function backoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(30_000, 250 * 2 ** attempt));
}

/** A Retry-After header in milliseconds: at most an hour, 1 s when missing or unreadable. */
export function retryAfterMs(headers: Headers): number {
  const s = Number(headers.get('retry-after'));
  return Number.isFinite(s) && s > 0 ? Math.min(s, 3600) * 1000 : 1000;
}

/**
 * `once` until it answers 'ok' or the rules give up. A server error that outlasted the retries comes back as
 * 'network' with its status, so a caller can tell a failing server from no network.
 */
export async function withRetries<A extends Attempt>(
  once: () => Promise<A>,
  rules: RetryRules,
): Promise<A | { kind: 'network'; message: string; status?: number }> {
  let refreshed = false;
  let last: A | null = null;
  for (let attempt = 0; attempt < rules.attempts; ) {
    last = await once();
    const a: Attempt = last;
    if (a.kind === 'ok') return last;
    if (a.kind === 'error' && a.status === 429) {
      await rules.wait(a.retryAfterMs);
      continue; // waiting as told is not a failed attempt
    }
    if (a.kind === 'error' && a.status === 401 && !refreshed) {
      refreshed = true;
      if (await rules.refresh()) continue;
      return last;
    }
    if (a.kind === 'error' && a.status < 500) return last;
    attempt++;
    if (attempt < rules.attempts) await rules.wait(backoffMs(attempt));
  }
  if (last === null) return { kind: 'network', message: 'not sent' };
  const a: Attempt = last;
  if (a.kind === 'error')
    return { kind: 'network', message: `${a.status} ${a.code}: ${a.message}`, status: a.status };
  return last;
}
