// The browser host: the built renderer and the same backend handlers, served to a browser over HTTP and a
// WebSocket on 127.0.0.1 only, behind a random token. Playwright drives the real UI through it; it is also
// handy for demos. Nothing here is reachable from another machine.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Backend } from '../api/backend.ts';

export interface BrowserHostOptions {
  backend: Backend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  maxUploadBytes?: number;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

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

function sameToken(a: string | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxUpload = opts.maxUploadBytes ?? 200 * 1024 * 1024;
  const rendererDir = resolve(opts.rendererDir);
  const uploadDir = join(opts.backend.dataDir, 'uploads');
  let port = 0;

  const allowedHost = (req: IncomingMessage) =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const csp = () =>
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ].join('; ');

  const send = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff' });
    res.end(body);
  };

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const file = resolve(rendererDir, rel || 'index.html');
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return send(res, 404, 'Not found');
    let target = file;
    try {
      if (!(await stat(target)).isFile()) target = join(rendererDir, 'index.html');
    } catch {
      target = join(rendererDir, 'index.html'); // client-side routes fall back to the app
    }
    try {
      const body = await readFile(target);
      res.writeHead(200, {
        'content-type': MIME[extname(target)] ?? 'application/octet-stream',
        'content-security-policy': csp(),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      send(res, 500, 'The renderer is not built: run `npm run build` first.');
    }
  }

  const batchRoots = new Map<string, string>();
  const safeSegment = (seg: string) =>
    seg
      .replace(/[^\p{L}\p{N}._ -]/gu, '_')
      .replace(/^\.+/, '')
      .slice(0, 200) || '_';

  /**
   * One uploaded file. With `batch` and a relative `path` ("Agency X/Priya Sharma/1.jpg") the folder tree
   * of a dropped folder is rebuilt under uploads/<batch>/, and the handle of its top folder is returned too,
   * so folder names still mean something to the importer. Every segment is sanitised: no path escapes.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > maxUpload)
      return send(res, 413, JSON.stringify({ code: 'TOO_LARGE', message: 'The file is too large.' }));
    const batch = url.searchParams.get('batch');
    if (batch !== null && !/^[A-Za-z0-9_-]{8,64}$/.test(batch)) return send(res, 400, 'Bad batch');
    const rel = (url.searchParams.get('path') ?? url.searchParams.get('name') ?? 'upload')
      .split(/[/\\]+/)
      .filter((x) => x && x !== '.' && x !== '..')
      .slice(-12)
      .map(safeSegment);
    if (rel.length === 0) rel.push('upload');
    const base = join(uploadDir, batch ?? randomBytes(8).toString('hex'));
    const path = join(base, ...(batch ? rel : [rel.at(-1)!]));
    await mkdir(dirname(path), { recursive: true });
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxUpload) req.destroy(new Error('too large'));
    });
    try {
      await pipeline(req, createWriteStream(path));
    } catch {
      return send(
        res,
        413,
        JSON.stringify({ code: 'TOO_LARGE', message: 'The upload was too large or broke off.' }),
      );
    }
    const handle = opts.backend.files.register(path, rel.at(-1)!);
    let root = handle;
    if (batch && rel.length > 1) {
      const key = `${batch}/${rel[0]}`;
      root = batchRoots.get(key) ?? opts.backend.files.register(join(base, rel[0]!), rel[0]!);
      batchRoots.set(key, root);
    }
    send(res, 200, JSON.stringify({ handle, root }), 'application/json');
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

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!allowedHost(req)) return send(res, 421, 'Wrong host'); // DNS-rebinding guard
    const authed = sameToken(url.searchParams.get('token'), token);
    const run = async () => {
      if (req.method === 'POST' && url.pathname === '/upload') {
        if (!authed) return send(res, 401, 'Bad token');
        return handleUpload(req, res, url);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      if (url.pathname.startsWith('/media/')) {
        if (!authed) return send(res, 401, 'Bad token');
        return handleMedia(res, url.pathname);
      }
      // The app shell itself needs the token too, so a page elsewhere cannot frame or scrape it.
      if (url.pathname === '/' || url.pathname === '/index.html') {
        if (!authed)
          return send(res, 401, 'Open the link printed by `npm run start:browser` (it carries the token).');
      }
      return serveStatic(res, url.pathname);
    };
    run().catch(() => send(res, 500, 'Internal error'));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (
      url.pathname !== '/ws' ||
      !allowedHost(req) ||
      !originOk ||
      !sameToken(url.searchParams.get('token'), token)
    ) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribe = opts.backend.events.subscribe((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let req: z.infer<typeof requestSchema>;
      try {
        req = requestSchema.parse(JSON.parse(String(data)));
      } catch {
        ws.send(
          JSON.stringify({
            id: -1,
            result: { ok: false, error: { code: 'BAD_MESSAGE', message: 'Malformed request.' } },
          }),
        );
        return;
      }
      const result = await opts.backend.dispatch(req.method, req.input);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: req.id, result }));
    });
  });

  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
