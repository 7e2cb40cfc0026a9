// The WebSocket for pokes (`/v1/ws`, docs/SYNC.md "Realtime: pokes"). A poke carries no data: it only tells the
// service to pull. The socket reconnects by itself with exponential backoff and full jitter; when the server
// closes it because the access token expired, the next connect asks for a fresh token (Session refreshes it).
import WebSocket from 'ws';
import {
  CURRENT_SCHEMA_VERSION,
  SCHEMA_VERSION_HEADER,
  wsServerMessageSchema,
} from '../../shared/sync/protocol.ts';

export interface PokeSocketOptions {
  baseUrl: string;
  /** A valid access token (may refresh; `expired`: the server said the last one expired); a throw is a failed connect. */
  token: (expired: boolean) => Promise<string>;
  /** The socket is up (`ready`, with the office's head sequence). */
  onReady: (seq: number) => void;
  onPoke: (seq: number) => void;
  /** The socket is down (and will retry); the reason is for the log and the status message. */
  onDown: (reason: string) => void;
  /** Longest wait between reconnects. */
  maxDelayMs?: number;
  /** Delay before the retry after `attempt` failures (tests pass a fixed one). */
  delay?: (attempt: number) => number;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, 500 ms · 2^attempt)], at least 100 ms. */
export function reconnectDelay(attempt: number, maxMs = 60_000): number {
  return Math.max(100, Math.round(Math.random() * Math.min(maxMs, 500 * 2 ** attempt)));
}

export class PokeSocket {
  private ws: WebSocket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  private up = false;
  private expired = false;
  private readonly opts: PokeSocketOptions;

  constructor(opts: PokeSocketOptions) {
    this.opts = opts;
  }

  get connected(): boolean {
    return this.up;
  }

  start(): void {
    this.stopped = false;
    if (!this.ws && !this.timer) void this.connect();
  }

  /** Reconnect now (after the network came back, or a new sign-in), skipping the backoff wait. */
  reconnectNow(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.attempt = 0;
    if (!this.ws) void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    this.up = false;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
  }

  private async connect(): Promise<void> {
    let token: string;
    try {
      token = await this.opts.token(this.expired);
      this.expired = false;
    } catch (e) {
      return this.down(`no token: ${(e as Error).message}`);
    }
    if (this.stopped) return;
    const url = `${this.opts.baseUrl.replace(/^http/, 'ws')}/v1/ws`;
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${token}`, [SCHEMA_VERSION_HEADER]: String(CURRENT_SCHEMA_VERSION) },
      handshakeTimeout: 15_000,
    });
    this.ws = ws;
    let reason = 'closed';
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return; // a message we cannot read carries nothing we need
      }
      const m = wsServerMessageSchema.safeParse(parsed);
      if (!m.success) return;
      if (m.data.type === 'ready') {
        this.up = true;
        this.attempt = 0;
        this.opts.onReady(m.data.seq);
      } else if (m.data.type === 'poke') this.opts.onPoke(m.data.seq);
      else {
        reason = `${m.data.code}: ${m.data.message}`;
        if (m.data.code === 'token_expired') this.expired = true;
      }
    });
    ws.on('error', (e) => {
      reason = e.message;
    });
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.down(reason);
    });
  }

  private down(reason: string): void {
    this.up = false;
    if (this.stopped) return;
    this.opts.onDown(reason);
    const wait = (this.opts.delay ?? ((a) => reconnectDelay(a, this.opts.maxDelayMs)))(this.attempt);
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, wait);
    this.timer.unref?.();
  }
}
