// Blob requests of the desktop sync client (HEAD/PUT/GET /v1/blobs/<sha256>, docs/SYNC.md "Blobs"): raw bytes,
// not JSON, so they do not go through json-request.ts. Same rules (retry.ts): a 401 refreshes the token once,
// a 429 waits Retry-After, network errors and 5xx are retried a few times and then reported as 'network' (with
// the status when the server did answer, so an upload can tell a server error from no network: blobs.ts).
import { CURRENT_SCHEMA_VERSION, SCHEMA_VERSION_HEADER } from '../../shared/sync/protocol.ts';
import type { SyncAuth } from './json-request.ts';
import { defaultWait, retryAfterMs, withRetries } from './retry.ts';

/** The header every blob answer carries: the server's size limit in bytes. */
export const MAX_BLOB_HEADER = 'x-castmatch-max-blob-bytes';

export interface BlobHttpOptions {
  baseUrl: string;
  auth: SyncAuth;
  fetch?: typeof fetch;
  wait?: (ms: number) => Promise<void>;
  attempts?: number;
  requestTimeoutMs?: number;
}

export type BlobAnswer =
  | { kind: 'ok'; status: number; headers: Headers; body: Buffer }
  | { kind: 'error'; status: number; code: string; message: string; headers: Headers; retryAfterMs: number }
  /** No usable answer after the retries; `status` is set when the server answered (5xx) rather than no network. */
  | { kind: 'network'; message: string; status?: number };

export class BlobHttp {
  private readonly o: Required<BlobHttpOptions>;
  /** The server's limit, learnt from the last answer (null until one came). */
  maxBlobBytes: number | null = null;

  constructor(o: BlobHttpOptions) {
    this.o = {
      fetch: globalThis.fetch,
      wait: defaultWait,
      attempts: 3,
      requestTimeoutMs: 120_000,
      ...o,
      baseUrl: o.baseUrl.replace(/\/+$/, ''),
    };
  }

  request(
    method: 'HEAD' | 'GET' | 'PUT',
    sha256: string,
    body?: { bytes: Uint8Array; contentType: string },
  ): Promise<BlobAnswer> {
    return withRetries(() => this.once(method, sha256, body), {
      attempts: this.o.attempts,
      wait: this.o.wait,
      refresh: () => this.o.auth.refresh(),
    });
  }

  private async once(
    method: 'HEAD' | 'GET' | 'PUT',
    sha256: string,
    body?: { bytes: Uint8Array; contentType: string },
  ): Promise<BlobAnswer> {
    let res: Response;
    let bytes: Buffer;
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await this.o.auth.accessToken()}`,
        [SCHEMA_VERSION_HEADER]: String(CURRENT_SCHEMA_VERSION),
      };
      if (body) headers['content-type'] = body.contentType;
      res = await this.o.fetch(`${this.o.baseUrl}/v1/blobs/${sha256}`, {
        method,
        headers,
        body: body ? new Uint8Array(body.bytes) : undefined,
        signal: AbortSignal.timeout(this.o.requestTimeoutMs),
      });
      bytes = method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(await res.arrayBuffer());
    } catch (e) {
      return { kind: 'network', message: `The sync server could not be reached (${(e as Error).message})` };
    }
    const limit = Number(res.headers.get(MAX_BLOB_HEADER));
    if (Number.isInteger(limit) && limit > 0) this.maxBlobBytes = limit;
    if (res.ok) return { kind: 'ok', status: res.status, headers: res.headers, body: bytes };
    let code = 'http_error';
    let message = `HTTP ${res.status}`;
    try {
      const j = JSON.parse(bytes.toString('utf8')) as { code?: unknown; message?: unknown };
      if (typeof j.code === 'string') code = j.code;
      if (typeof j.message === 'string') message = j.message;
    } catch {
      // a HEAD answer, or not JSON: the status says enough
    }
    return {
      kind: 'error',
      status: res.status,
      code,
      message,
      headers: res.headers,
      retryAfterMs: retryAfterMs(res.headers),
    };
  }
}
