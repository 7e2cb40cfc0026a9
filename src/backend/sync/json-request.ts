// The sync client's JSON requests (POST /v1/sync/push and /pull): one request with its retries (retry.ts, the
// same rules as blob requests: blob-http.ts).
import {
  CURRENT_SCHEMA_VERSION,
  errorResponseSchema,
  SCHEMA_VERSION_HEADER,
} from '../../shared/sync/protocol.ts';
import { retryAfterMs, withRetries } from './retry.ts';

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

export class JsonRequester {
  private readonly o: JsonRequestOptions;

  constructor(o: JsonRequestOptions) {
    this.o = o;
  }

  /** One POST with retries (retry.ts); errors the rules do not retry come back to the caller. */
  post(path: string, body: unknown): Promise<Outcome> {
    return withRetries(() => this.once(path, body), {
      attempts: this.o.attempts,
      wait: this.o.wait,
      refresh: () => this.o.auth.refresh(),
    });
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
    return {
      kind: 'error',
      status: res.status,
      code: err.success ? err.data.code : 'bad_response',
      message: err.success ? err.data.message : `HTTP ${res.status}`,
      details: err.success ? err.data.details : undefined,
      retryAfterMs: retryAfterMs(res.headers),
    };
  }
}
