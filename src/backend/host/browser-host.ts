// The browser host: the built renderer and the same backend handlers, served to a browser over HTTP and a
// WebSocket on 127.0.0.1 only, behind a random token. Playwright drives the real UI through it; it is also
// handy for demos. Nothing here is reachable from another machine.
//
// Bad input never ends the process: every server, socket and stream has an error handler, a malformed
// request answers 4xx, a malformed WebSocket frame closes that one socket (ws answers with a close code).

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Backend } from '../api/backend.ts';
import type { EventHub } from '../api/events.ts';
import type { FileRegistry } from '../api/files.ts';
import { browserHostCsp } from './csp.ts';
import { uploads } from './upload.ts';

/**
 * What the host needs of a backend: an in-process one (tests) or the backend process's connection
 * (start.ts), which answer the same calls.
 */
export type HostedBackend = Pick<Backend, 'dispatch' | 'dataDir' | 'resolveMedia'> & {
  events: Pick<EventHub, 'subscribe'>;
  files: Pick<FileRegistry, 'register'>;
};

export interface BrowserHostOptions {
  backend: HostedBackend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  maxUploadBytes?: number;
  /** Where the host reports what it refused or lost (a bad frame, a broken-off upload); silent by default. */
  log?: (msg: string, err?: unknown) => void;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The largest WebSocket message (one JSON call). Files never travel this way (they are HTTP uploads); the
 * contract's largest legitimate call, 10,000 headshot review decisions, is about 1.5 MB.
 */
export const MAX_CALL_BYTES = 4 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

const requestSchema = z.object({ id: z.number().int(), method: z.string().max(100), input: z.unknown() });

function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The request's URL, or null when it cannot be parsed (answered 400, never thrown). */
function parseUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

class BadPath extends Error {}

/** The renderer-relative path of a request, or BadPath for a malformed %-escape or a NUL. */
function relativePath(pathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new BadPath();
  }
  if (decoded.includes('\0')) throw new BadPath();
  return normalize(decoded).replace(/^([/\\])+/, '');
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(opts.rendererDir);
  const log = opts.log ?? (() => {});
  const upload = uploads({
    dir: join(opts.backend.dataDir, 'uploads'),
    files: opts.backend.files,
    maxBytes: opts.maxUploadBytes ?? 200 * 1024 * 1024,
  });
  let port = 0;
  // Cookies are not kept apart by port: each host names its own, so two hosts on one machine do not clash.
  const cookieName = () => `castmatch_${port}`;

  const allowedHost = (req: IncomingMessage) =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  /**
   * The token comes in the link the host prints (?token=); the first page load turns it into an HttpOnly,
   * SameSite=Strict cookie, so the page's scripts, styles, workers and fonts — which carry no query — are
   * served to that browser and to nobody else. Every path needs one or the other.
   */
  const authorised = (req: IncomingMessage, url: URL) => ({
    byQuery: sameToken(url.searchParams.get('token'), token),
    byCookie: sameToken(cookieValue(req, cookieName()), token),
  });

  const send = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff' });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, JSON.stringify(body), 'application/json');

  async function serveStatic(res: ServerResponse, pathname: string, setCookie: boolean): Promise<void> {
    const file = resolve(rendererDir, relativePath(pathname) || 'index.html');
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return send(res, 404, 'Not found');
    let target = file;
    try {
      if (!(await stat(target)).isFile()) target = join(rendererDir, 'index.html');
    } catch {
      target = join(rendererDir, 'index.html'); // client-side routes fall back to the app
    }
    let body: Buffer;
    try {
      body = await readFile(target);
    } catch {
      return send(res, 500, 'The renderer is not built: run `npm run build` first.');
    }
    res.writeHead(200, {
      'content-type': MIME[extname(target)] ?? 'application/octet-stream',
      'content-security-policy': browserHostCsp(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
      ...(setCookie ? { 'set-cookie': `${cookieName()}=${token}; Path=/; HttpOnly; SameSite=Strict` } : {}),
    });
    res.end(body);
  }

  async function handleMedia(res: ServerResponse, pathname: string): Promise<void> {
    const m = pathname.match(/^\/media\/([0-9a-f]{64})\/(320|1280|original)$/);
    const path = m ? await opts.backend.resolveMedia(m[1]!, m[2]!) : null;
    if (!path) return send(res, 404, 'Not found');
    const body = await readFile(path);
    res.writeHead(200, {
      'content-type': m![2] === 'original' ? 'application/octet-stream' : 'image/webp',
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const outcome = await upload.receive(req, url);
    if (outcome.status === 'aborted') {
      log(
        `upload of ${url.searchParams.get('path') ?? url.searchParams.get('name')} broke off; removed`,
        outcome.error,
      );
      return;
    }
    // A refused body may still be arriving: close the connection after the answer rather than drain it.
    if (outcome.status !== 200) res.setHeader('connection', 'close');
    sendJson(res, outcome.status, outcome.body);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.on('error', (e) => log('request stream failed', e));
    res.on('error', (e) => log('response stream failed', e));
    const url = parseUrl(req);
    if (!url) return send(res, 400, 'Bad request');
    if (!allowedHost(req)) return send(res, 421, 'Wrong host'); // DNS-rebinding guard
    const auth = authorised(req, url);
    if (!auth.byQuery && !auth.byCookie)
      return send(res, 401, 'Open the link printed by `npm run start:browser` (it carries the token).');
    if (req.method === 'POST' && url.pathname === '/upload') return handleUpload(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    if (url.pathname.startsWith('/media/')) return handleMedia(res, url.pathname);
    return serveStatic(res, url.pathname, auth.byQuery && !auth.byCookie);
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (e instanceof BadPath) return send(res, 400, 'Bad request: malformed path');
      log('request failed', e);
      send(res, 500, 'Internal error');
    });
  });
  // A request Node cannot parse (bad header, oversized header): answer 400 on that socket, keep serving.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CALL_BYTES });
  wss.on('error', (e) => log('websocket server error', e));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (e) => log('websocket handshake socket failed', e));
    const url = parseUrl(req);
    const origin = req.headers.origin;
    const originOk = origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    const auth = url && url.pathname === '/ws' ? authorised(req, url) : null;
    if (!auth || !allowedHost(req) || !originOk || !(auth.byQuery || auth.byCookie)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const badMessage = JSON.stringify({
    id: -1,
    result: { ok: false, error: { code: 'BAD_MESSAGE', message: 'Malformed request.' } },
  });

  wss.on('connection', (ws: WebSocket) => {
    // A frame ws cannot accept (invalid UTF-8, a reserved opcode, an unmasked frame, a length over
    // MAX_CALL_BYTES) is reported here; ws has already sent the close code and drops only this socket.
    ws.on('error', (e) => log('websocket closed after a bad frame', e));
    const unsubscribe = opts.backend.events.subscribe((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      let req: z.infer<typeof requestSchema>;
      try {
        if (isBinary) throw new Error('binary message');
        req = requestSchema.parse(JSON.parse(String(data)));
      } catch {
        if (ws.readyState === ws.OPEN) ws.send(badMessage);
        return;
      }
      opts.backend
        .dispatch(req.method, req.input)
        .catch((e: unknown) => {
          log(`call ${req.method} failed`, e);
          return { ok: false, error: { code: 'INTERNAL', message: 'CastMatch could not complete that.' } };
        })
        .then((result) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: req.id, result }));
        });
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  server.on('error', (e) => log('http server error', e));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await closed;
    },
  };
}
