// WebSocket clients grouped by office. A poke tells them "something changed up to seq": they pull.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import {
  SCHEMA_VERSION_HEADER,
  type WsServerMessage,
  wsAuthMessageSchema,
} from '../../shared/sync/protocol.ts';
import { bearerToken } from '../auth/guard.ts';
import type { AccessClaims } from '../auth/tokens.ts';
import type { ServerContext } from '../context.ts';
import { ServerError } from '../http/errors.ts';
import { checkSchemaVersion } from '../http/schemaVersion.ts';
import { officeHead } from '../sync/store.ts';
import type { Poke } from './bus.ts';

const AUTH_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;

export class Hub {
  private readonly byOffice = new Map<string, Set<WebSocket>>();
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private clientCount = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly onSent: (poke: Poke, sent: number) => void;

  constructor(onSent: (poke: Poke, sent: number) => void) {
    this.onSent = onSent;
    // Sockets that stop answering pings (sleeping laptop, dropped Wi-Fi) are closed so their slots free up.
    this.heartbeat = setInterval(() => {
      for (const set of this.byOffice.values()) {
        for (const ws of set) {
          if (this.alive.get(ws) === false) ws.terminate();
          else {
            this.alive.set(ws, false);
            ws.ping();
          }
        }
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clientCount;
  }

  add(officeId: string, ws: WebSocket): void {
    let set = this.byOffice.get(officeId);
    if (!set) {
      set = new Set();
      this.byOffice.set(officeId, set);
    }
    set.add(ws);
    this.clientCount++;
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.once('close', () => {
      if (set.delete(ws)) this.clientCount--;
      if (set.size === 0 && this.byOffice.get(officeId) === set) this.byOffice.delete(officeId);
    });
  }

  poke(poke: Poke): void {
    const set = this.byOffice.get(poke.officeId);
    if (!set || set.size === 0) return;
    // One buffer for all sockets: ws would otherwise encode the string once per socket.
    const msg = Buffer.from(JSON.stringify({ type: 'poke', seq: poke.seq } satisfies WsServerMessage));
    let sent = 0;
    for (const ws of set) {
      if (ws.readyState === ws.OPEN) {
        ws.send(msg, { binary: false });
        sent++;
      }
    }
    this.onSent(poke, sent);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const set of this.byOffice.values()) for (const ws of set) ws.close(1001, 'server shutting down');
    this.byOffice.clear();
  }
}

function send(ws: WebSocket, msg: WsServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

function fail(ws: WebSocket, code: string, message: string): void {
  send(ws, { type: 'error', code, message });
  ws.close(4001, code.slice(0, 60));
}

export function registerRealtimeRoute(app: FastifyInstance, ctx: ServerContext, hub: Hub): void {
  app.get('/v1/ws', { websocket: true }, (socket, req) => {
    let done = false;
    const admit = async (token: string, schemaVersion: number): Promise<void> => {
      done = true;
      try {
        checkSchemaVersion(ctx.config, schemaVersion);
        const claims: AccessClaims = await ctx.signer.verify(token);
        const seq = await ctx.officeTx(claims, (tx, user) => officeHead(tx.client, user.officeId));
        if (socket.readyState !== socket.OPEN) return;
        hub.add(claims.officeId, socket);
        send(socket, { type: 'ready', seq });
        // A socket lives no longer than the token that opened it: the client reconnects with a fresh one, so a
        // revoked or disabled account stops receiving pokes within one access-token lifetime.
        const expiry = setTimeout(
          () => fail(socket, 'token_expired', 'Access token expired: reconnect with a fresh one.'),
          Math.min(2 ** 31 - 1, Math.max(0, claims.exp * 1000 - Date.now())),
        );
        socket.once('close', () => clearTimeout(expiry));
      } catch (e) {
        if (e instanceof ServerError) fail(socket, e.code, e.message);
        else {
          req.log.error({ err: e }, 'websocket admission failed');
          fail(socket, 'internal', 'Internal server error.');
        }
      }
    };
    const header = bearerToken(req.headers.authorization);
    if (header) {
      const raw = req.headers[SCHEMA_VERSION_HEADER];
      const q = (req.query as Record<string, unknown> | undefined)?.schemaVersion;
      const version = Number(Array.isArray(raw) ? raw[0] : (raw ?? q));
      void admit(header, Number.isInteger(version) ? version : 0);
      return;
    }
    const timer = setTimeout(() => {
      if (!done) fail(socket, 'unauthorized', 'Send {"type":"auth"} first.');
    }, AUTH_TIMEOUT_MS);
    socket.once('message', (data) => {
      clearTimeout(timer);
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        parsed = undefined;
      }
      const msg = wsAuthMessageSchema.safeParse(parsed);
      if (!msg.success)
        return fail(socket, 'unauthorized', 'First message must be {"type":"auth","token","schemaVersion"}.');
      void admit(msg.data.token, msg.data.schemaVersion);
    });
    socket.once('close', () => clearTimeout(timer));
  });
}
