// The sync client's JSON requests (POST /v1/sync/push and /pull): one request with its retries. Network errors,
// timeouts, unreadable answers and 5xx are retried with backoff; 429 waits Retry-After; 401 refreshes the token
// once. Blob requests (raw bytes) have their own, with the same rules: blob-http.ts.
import {
  CURRENT_SCHEMA_VERSION,
  errorResponseSchema,
  SCHEMA_VERSION_HEADER,
} from '../../shared/sync/protocol.ts';

export interface SyncAuth {
  /** The current access token. */
  accessToken(): string | Promise<string>;
  /** Gets a new access token after a 401; false when the user must sign in again. */
  refresh(): Promise<boolean>;
}

/** A request's outcome: a parsed 2xx body, a typed server error, or no usable answer. */
export type Outcome =
  | { kind: 'ok'; body: unknown; bytes: number }
  | { kind: 'error'; status: number; code: string; message: string; details: unknown; retryAfterMs: number }
  | { kind: 'network'; message: string };

export interface JsonRequestOptions {
  baseUrl: string;
  auth: SyncAuth;
  fetch: typeof fetch;
  /** Waits between retries and for Retry-After (tests pass one that records instead of sleeping). */
  wait: (ms: number) => Promise<void>;
  /** Attempts per request before the answer is 'network'. */
  attempts: number;
  requestTimeoutMs: number;
}

export const defaultWait = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Exponential backoff with full jitter, capped at 30 s. */
export function backoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(30_000, 250 * 2 ** attempt));
}

export class JsonRequester {
  private readonly o: JsonRequestOptions;

  constructor(o: JsonRequestOptions) {
    this.o = o;
  }

  /**
   * One POST with retries: network errors, timeouts, unreadable answers and 5xx are retried with backoff up to
   * `attempts` times; 429 waits Retry-After; 401 refreshes the token once. Other errors come back to the caller.
   */
  async post(path: string, body: unknown): Promise<Outcome> {
    let refreshed = false;
    let last: Outcome = { kind: 'network', message: 'not sent' };
    for (let attempt = 0; attempt < this.o.attempts; ) {
      last = await this.once(path, body);
      if (last.kind === 'ok') return last;
      if (last.kind === 'error' && last.status === 429) {
        await this.o.wait(last.retryAfterMs);
        continue; // waiting as told is not a failed attempt
      }
      if (last.kind === 'error' && last.status === 401 && !refreshed) {
        refreshed = true;
        if (await this.o.auth.refresh()) continue;
        return last;
      }
      if (last.kind === 'error' && last.status < 500) return last;
      attempt++;
      if (attempt < this.o.attempts) await this.o.wait(backoffMs(attempt));
    }
    return last.kind === 'error'
      ? { kind: 'network', message: `${last.status} ${last.code}: ${last.message}` }
      : last;
  }

  private async once(path: string, body: unknown): Promise<Outcome> {
    let res: Response;
    let text: string;
    try {
      res = await this.o.fetch(this.o.baseUrl + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await this.o.auth.accessToken()}`,
          [SCHEMA_VERSION_HEADER]: String(CURRENT_SCHEMA_VERSION),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.requestTimeoutMs),
      });
      text = await res.text();
    } catch (e) {
      return { kind: 'network', message: `The sync server could not be reached (${(e as Error).message})` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return res.ok || res.status >= 500
        ? {
            kind: 'network',
            message: `The sync server answered ${res.status} with something that is not JSON`,
          }
        : {
            kind: 'error',
            status: res.status,
            code: 'bad_response',
            message: `HTTP ${res.status}`,
            details: undefined,
            retryAfterMs: 0,
          };
    }
    if (res.ok) return { kind: 'ok', body: parsed, bytes: Buffer.byteLength(text) };
    const err = errorResponseSchema.safeParse(parsed);
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      kind: 'error',
      status: res.status,
      code: err.success ? err.data.code : 'bad_response',
      message: err.success ? err.data.message : `HTTP ${res.status}`,
      details: err.success ? err.data.details : undefined,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 3600) * 1000 : 1000,
    };
  }
}
