// The browser host under hostile or broken input: hand-built WebSocket frames over raw sockets, paths that
// are not the app's, malformed %-escapes, uploads that break off or run over the limit. Each test checks
// the host refused the input the right way and still answers the next valid call.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, watch, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { type BrowserHost, MAX_CALL_BYTES, startBrowserHost } from '../../src/backend/host/browser-host.ts';
import { tempDir } from '../support/db.ts';

const MAX_UPLOAD = 256 * 1024;
let backend: Backend;
let host: BrowserHost;
let base: string;
let uploadsDir: string;
/** Every message the host logged, and whoever waits for the next one. */
const logged: string[] = [];
let onLog: ((msg: string) => void) | null = null;

beforeAll(async () => {
  const dir = tempDir();
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>CastMatch</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app")');
  backend = await createBackend({ dataDir: join(dir, 'data'), transport: 'browser', version: 'test' });
  uploadsDir = join(backend.dataDir, 'uploads');
  mkdirSync(uploadsDir, { recursive: true });
  host = await startBrowserHost({
    backend,
    rendererDir: renderer,
    maxUploadBytes: MAX_UPLOAD,
    log: (msg) => {
      logged.push(msg);
      onLog?.(msg);
    },
  });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  backend.close();
});

function nextLog(match: RegExp): Promise<string> {
  return new Promise((resolve) => {
    onLog = (msg) => {
      if (match.test(msg)) {
        onLog = null;
        resolve(msg);
      }
    };
  });
}

function openWs(opts: { token?: string; headers?: Record<string, string> } = {}): Promise<WebSocket> {
  const query = opts.token === undefined ? `?token=${host.token}` : opts.token;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, {
      origin: base,
      headers: opts.headers,
    });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

type Result = { ok: boolean; value?: unknown; error?: { code: string } };

function rpc(ws: WebSocket, id: number, method: string, input: unknown): Promise<Result> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: Result };
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result!);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, input }));
  });
}

/** A fresh connection makes a real call: the host is alive and serving. */
async function hostStillServes(): Promise<void> {
  const ws = await openWs();
  const info = await rpc(ws, 1, 'app.info', {});
  expect(info).toMatchObject({ ok: true, value: { transport: 'browser' } });
  ws.close();
}

/** A WebSocket opened by hand over a raw TCP socket, so the test can send frames no client library would. */
async function rawWebSocket(): Promise<Socket> {
  const socket = netConnect(host.port, '127.0.0.1');
  await new Promise<void>((ok, fail) => socket.once('connect', ok).once('error', fail));
  socket.write(
    [
      `GET /ws?token=${host.token} HTTP/1.1`,
      `Host: 127.0.0.1:${host.port}`,
      `Origin: ${base}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<string>((ok) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) {
        socket.off('data', onData);
        ok(got);
      }
    };
    socket.on('data', onData);
  });
  expect(head).toMatch(/^HTTP\/1\.1 101 /);
  return socket;
}

/** A client frame: FIN set, masked (as a client must) unless told otherwise; `claimedLength` lies in the header. */
function frame(opcode: number, payload: Buffer, o: { mask?: boolean; claimedLength?: number } = {}): Buffer {
  const mask = o.mask ?? true;
  const len = o.claimedLength ?? payload.length;
  const header: number[] = [0x80 | opcode];
  const m = mask ? 0x80 : 0;
  if (len < 126) header.push(m | len);
  else if (len < 65536) header.push(m | 126, len >> 8, len & 0xff);
  else {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(len));
    header.push(m | 127, ...b);
  }
  if (!mask) return Buffer.concat([Buffer.from(header), payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(header), key, body]);
}

/** Everything the server sends until it closes the socket, and the close code of its close frame. */
function untilClosed(socket: Socket): Promise<number | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      // A server close frame: 0x88, an unmasked length, then the 2-byte status code.
      resolve(all[0] === 0x88 && all.length >= 4 ? all.readUInt16BE(2) : null);
    });
  });
}

describe('browser host: malformed WebSocket frames', () => {
  const cases: [string, Buffer, number][] = [
    ['a text frame that is not UTF-8', frame(0x1, Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d])), 1007],
    ['a reserved opcode', frame(0x3, Buffer.from('hello')), 1002],
    ['a header claiming 64 MiB', frame(0x1, Buffer.alloc(16), { claimedLength: 64 * 1024 * 1024 }), 1009],
    ['an unmasked client frame', frame(0x1, Buffer.from('{"id":1}'), { mask: false }), 1002],
  ];
  for (const [what, bytes, code] of cases) {
    it(`closes the socket on ${what} (code ${code}) and keeps serving`, async () => {
      const socket = await rawWebSocket();
      const logs = nextLog(/bad frame/);
      const closed = untilClosed(socket);
      socket.write(bytes);
      expect(await closed).toBe(code);
      expect(await logs).toMatch(/websocket closed after a bad frame/);
      await hostStillServes();
    });
  }

  it('refuses a message over the call limit, and a call just under it is answered', async () => {
    const ws = await openWs();
    const code = new Promise<number>((ok) => ws.on('close', (c) => ok(c)));
    ws.on('error', () => {});
    ws.send(JSON.stringify({ id: 1, method: 'app.info', input: 'x'.repeat(MAX_CALL_BYTES) }));
    expect(await code).toBe(1009);
    const ws2 = await openWs();
    // A near-limit call reaches the dispatcher, which refuses its input with a typed error.
    const big = await rpc(ws2, 2, 'talent.get', { id: 'x'.repeat(MAX_CALL_BYTES - 100) });
    expect(big).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await rpc(ws2, 3, 'app.info', {})).ok).toBe(true);
    ws2.close();
  });

  it('answers a binary message as malformed', async () => {
    const ws = await openWs();
    const answered = new Promise<Result>((ok) =>
      ws.once('message', (d) => ok((JSON.parse(String(d)) as { result: Result }).result)),
    );
    ws.send(Buffer.from(JSON.stringify({ id: 5, method: 'app.info', input: {} })), { binary: true });
    expect(await answered).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    expect((await rpc(ws, 6, 'app.info', {})).ok).toBe(true);
    ws.close();
  });
});

describe('browser host: the token on every path', () => {
  it('serves no file of the app without the token, and sets a cookie on the first load', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js', '/some/client/route', '/media/x', '/favicon.ico'])
      expect((await fetch(`${base}${p}`)).status, p).toBe(401);
    const first = await fetch(host.url);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^castmatch_${host.port}=${host.token}; `));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const pair = cookie.split(';')[0]!;
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie: pair } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log("app")');
    expect(asset.headers.get('set-cookie')).toBeNull();
    const forged = await fetch(`${base}/assets/app.js`, {
      headers: { cookie: `castmatch_${host.port}=nope` },
    });
    expect(forged.status).toBe(401);
  });

  it('accepts the cookie for the WebSocket too, but not a wrong one', async () => {
    const ws = await openWs({ token: '', headers: { cookie: `castmatch_${host.port}=${host.token}` } });
    expect((await rpc(ws, 1, 'app.info', {})).ok).toBe(true);
    ws.close();
    await expect(openWs({ token: '', headers: { cookie: `castmatch_${host.port}=wrong` } })).rejects.toThrow(
      /401/,
    );
  });

  it('answers 400 to a malformed %-escape or a NUL in the path, then serves as usual', async () => {
    for (const p of ['/%E0%A4', '/%zz', '/assets/%', '/a%00b'])
      expect((await fetch(`${base}${p}?token=${host.token}`)).status, p).toBe(400);
    expect((await fetch(host.url)).status).toBe(200);
  });
});

/** Every file (not folder) under the uploads folder. */
function uploadedFiles(dir = uploadsDir): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    statSync(join(dir, f)).isFile(),
  );
}

describe('browser host: uploads', () => {
  it('streams an upload far larger than the call limit to disk, byte for byte', async () => {
    const bigHost = await startBrowserHost({
      backend,
      rendererDir: uploadsDir,
      maxUploadBytes: 3 * MAX_CALL_BYTES,
    });
    const body = randomBytes(2 * MAX_CALL_BYTES + 7);
    const res = await fetch(`http://127.0.0.1:${bigHost.port}/upload?token=${bigHost.token}&name=reel.mp4`, {
      method: 'POST',
      body,
    });
    expect(res.status).toBe(200);
    const { handle } = (await res.json()) as { handle: string };
    const stored = backend.files.resolve(handle);
    expect(stored.name).toBe('reel.mp4');
    expect(statSync(stored.path).size).toBe(body.length);
    await bigHost.close();
  });

  it('refuses a body that runs over the limit without a Content-Length, and keeps no part of it', async () => {
    const before = uploadedFiles().length;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/upload?token=${host.token}&name=huge.csv`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // Chunked: the host only learns the size by counting.
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      for (let i = 0; i < MAX_UPLOAD / chunk.length + 2; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
    expect(uploadedFiles().length).toBe(before);
  });

  it('removes the partial file of an upload that breaks off, and takes the next one', async () => {
    const before = uploadedFiles();
    const logs = nextLog(/broke off/);
    // The partial file appearing on disk is the moment to cut the connection.
    const watcher = watch(uploadsDir, { recursive: true });
    const appeared = new Promise<void>((ok) =>
      watcher.on('change', (_t, f) => {
        if (String(f).endsWith('talent.csv')) ok();
      }),
    );
    const req = request(`${base}/upload?token=${host.token}&name=talent.csv`, {
      method: 'POST',
      headers: { 'content-length': String(MAX_UPLOAD - 1) },
    });
    req.on('error', () => {});
    req.write('Name,Phone\nAsha Verma,98200 12345\n'.repeat(100));
    await appeared;
    watcher.close();
    req.destroy();
    expect(await logs).toMatch(/upload of talent\.csv broke off; removed/);
    expect(uploadedFiles()).toEqual(before);
    const ok = await fetch(`${base}/upload?token=${host.token}&name=talent.csv`, {
      method: 'POST',
      body: 'Name\nAsha',
    });
    expect(ok.status).toBe(200);
  });
});
