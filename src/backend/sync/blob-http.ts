// Blob requests of the desktop sync client (HEAD/PUT/GET /v1/blobs/<sha256>, docs/SYNC.md "Blobs"): raw bytes,
// not JSON, so they do not go through json-request.ts. Same rules: a 401 refreshes the token once, a 429
// waits Retry-After, network errors and 5xx are retried a few times and then reported as 'network' (with the
// status when the server did answer, so an upload can tell a server error from no network: blobs.ts).
import { CURRENT_SCHEMA_VERSION, SCHEMA_VERSION_HEADER } from '../../shared/sync/protocol.ts';
import type { SyncAuth } from './json-request.ts';

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
  | { kind: 'error'; status: number; code: string; message: string; headers: Headers }
  /** No usable answer after the retries; `status` is set when the server answered (5xx) rather than no network. */
  | { kind: 'network'; message: string; status?: number };

const defaultWait = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

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

  async request(
    method: 'HEAD' | 'GET' | 'PUT',
    sha256: string,
    body?: { bytes: Uint8Array; contentType: string },
  ): Promise<BlobAnswer> {
    let refreshed = false;
    let last: BlobAnswer = { kind: 'network', message: 'not sent' };
    for (let attempt = 0; attempt < this.o.attempts; ) {
      last = await this.once(method, sha256, body);
      if (last.kind === 'ok') return last;
      if (last.kind === 'error' && last.status === 429) {
        const s = Number(last.headers.get('retry-after'));
        await this.o.wait(Number.isFinite(s) && s > 0 ? Math.min(s, 3600) * 1000 : 1000);
        continue;
      }
      if (last.kind === 'error' && last.status === 401 && !refreshed) {
        refreshed = true;
        if (await this.o.auth.refresh()) continue;
        return last;
      }
      if (last.kind === 'error' && last.status < 500) return last;
      attempt++;
      if (attempt < this.o.attempts) await this.o.wait(Math.round(Math.random() * 250 * 2 ** attempt));
    }
    return last.kind === 'error'
      ? { kind: 'network', message: `${last.status} ${last.code}: ${last.message}`, status: last.status }
      : last;
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
    return { kind: 'error', status: res.status, code, message, headers: res.headers };
  }
}
