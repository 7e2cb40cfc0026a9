import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { type BrowserHost, startBrowserHost } from '../../src/backend/host/browser-host.ts';
import { tempDir } from '../support/db.ts';

let backend: Backend;
let host: BrowserHost;
let base: string;

beforeAll(async () => {
  const dir = tempDir();
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>CastMatch</title>');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  backend = await createBackend({ dataDir: join(dir, 'data'), transport: 'browser', version: 'test' });
  host = await startBrowserHost({ backend, rendererDir: renderer });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  backend.close();
});

function connect(token: string, origin = base): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${token}`, { origin });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

type Result = { ok: boolean; value?: unknown; error?: { code: string; message?: string } };

/** The next answer with this id. */
function answer(ws: WebSocket, id: number): Promise<Result> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: Result };
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result!);
      }
    };
    ws.on('message', onMessage);
  });
}

function rpc(ws: WebSocket, id: number, method: string, input: unknown): Promise<Result> {
  const answered = answer(ws, id);
  ws.send(JSON.stringify({ id, method, input }));
  return answered;
}

describe('browser host', () => {
  it('listens on loopback only and serves the app only with the token', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    const ok = await fetch(host.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const body = await (await fetch(`${base}${p}`)).text();
      expect(body).not.toContain('do not serve');
    }
  });

  it('refuses WebSockets without the token or from another origin', async () => {
    await expect(connect('nope')).rejects.toThrow(/401/);
    await expect(connect(host.token, 'http://evil.example')).rejects.toThrow(/401/);
  });

  it('rejects a wrong Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(host.url, { headers: { host: `evil.example:${host.port}` } }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('serves the same handlers over the socket, events included', async () => {
    const ws = await connect(host.token);
    const events: string[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { event?: string };
      if (m.event) events.push(m.event);
    });
    const created = await rpc(ws, 1, 'talent.create', { fullName: 'Ishaan Ghosh' });
    expect(created.ok).toBe(true);
    const bad = await rpc(ws, 2, 'talent.create', { fullName: 123 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A malformed message gets a typed answer (id -1), and the socket keeps serving calls.
    const answered = answer(ws, -1);
    ws.send('not json');
    expect(await answered).toEqual({
      ok: false,
      error: { code: 'BAD_MESSAGE', message: 'Malformed request.' },
    });
    expect((await rpc(ws, 3, 'talent.get', { id: 'nobody' })).ok).toBe(false);
    expect(events).toContain('talent.changed');
    ws.close();
  });

  it('takes uploads only with the token and returns an opaque handle', async () => {
    expect((await fetch(`${base}/upload?name=a.csv`, { method: 'POST', body: 'x' })).status).toBe(401);
    const res = await fetch(`${base}/upload?token=${host.token}&name=../../evil.csv`, {
      method: 'POST',
      body: 'Name\nAsha',
    });
    const { handle } = (await res.json()) as { handle: string };
    expect(handle).toMatch(/^fh_/);
    const stored = backend.files.resolve(handle);
    expect(stored.path.startsWith(join(backend.dataDir, 'uploads'))).toBe(true);
    expect(stored.path).not.toContain('/../');
    expect(stored.name).toBe('evil.csv');
  });
});
