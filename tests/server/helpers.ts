// Test harness: a fresh database per test file (on DATABASE_URL's server, or an embedded Postgres), servers
// on random ports, and a small JSON client.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { defaultLimits, type ServerConfig } from '../../src/server/config.ts';
import { startEmbeddedPostgres } from '../../src/server/db/embedded.ts';
import { type CastmatchServer, createServer } from '../../src/server/server.ts';
import { CURRENT_SCHEMA_VERSION, SCHEMA_VERSION_HEADER } from '../../src/shared/sync/protocol.ts';
import { freePort } from '../support/free-port.ts';

export const REDIS_URL = process.env.REDIS_URL;
export const JWT_SECRET = 'test-secret-0123456789abcdef-0123456789';

export interface TestDatabase {
  url: string;
  /** Superuser connection to the same database (for assertions that look behind the API). */
  admin: pg.Pool;
  drop(): Promise<void>;
}

/**
 * Waits until no other session is connected to `database` (closed pools' sockets have finished closing), so
 * stopping or dropping it does not hit a closing client. A bounded poll on the condition, not a sleep.
 */
async function untilNoOtherSessions(connectionString: string, database: string): Promise<void> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const r = await c.query<{ n: string }>(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      if (Number(r.rows[0]!.n) === 0) return;
      await new Promise((ok) => setTimeout(ok, 25)); // poll interval
    }
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `cm_${label}_${randomBytes(4).toString('hex')}`;
  const base = process.env.DATABASE_URL;
  if (base) {
    const root = new pg.Client({ connectionString: base });
    await root.connect();
    await root.query(`CREATE DATABASE ${name}`); // name is generated above from [a-z0-9_] only
    await root.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();
    const admin = new pg.Pool({ connectionString: url, max: 3 });
    admin.on('error', () => {}); // a connection cut while the database is dropped is expected
    return {
      url,
      admin,
      async drop() {
        await admin.end();
        await untilNoOtherSessions(base, name);
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  console.log(`[server tests] DATABASE_URL not set: starting an embedded Postgres for ${label}`);
  const dir = mkdtempSync(join(tmpdir(), `cm-pg-${label}-`));
  // A port the system just handed out, not a random guess that may be taken (another file's Postgres, a server).
  const port = await freePort();
  const emb = await startEmbeddedPostgres({ dataDir: dir, port });
  const admin = new pg.Pool({ connectionString: emb.url, max: 3 });
  admin.on('error', () => {}); // a connection cut while Postgres stops is expected
  return {
    url: emb.url,
    admin,
    async drop() {
      await admin.end();
      await untilNoOtherSessions(emb.url, new URL(emb.url).pathname.slice(1));
      await emb.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function testConfig(databaseUrl: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    databaseUrl,
    redisUrl: undefined,
    redisPrefix: `cmtest-${process.pid}-${randomBytes(3).toString('hex')}:`,
    host: '127.0.0.1',
    port: 0,
    jwtSecret: JWT_SECRET,
    jwtIssuer: 'castmatch-server',
    jwtAudience: 'castmatch-desktop',
    accessTokenTtlSeconds: 900,
    refreshTokenTtlDays: 30,
    inviteTtlHours: 72,
    minClientSchemaVersion: 1,
    maxDriftMs: 5 * 60_000,
    signupSecret: undefined,
    limits: { ...defaultLimits, loginPerIp: 1000, loginPerAccount: 1000 },
    poolSize: 6,
    logLevel: 'silent',
    trustProxy: false,
    ...overrides,
  };
}

export interface Running {
  server: CastmatchServer;
  base: string;
}

/**
 * A sync server on a test database of its own, for the test file that calls this: started before its tests;
 * after them `after` runs (the file closes its desktops), then the server stops and the database is dropped.
 */
export function serverForFile(
  label: string,
  after: () => void = () => {},
): { readonly tdb: TestDatabase; readonly srv: Running } {
  let tdb: TestDatabase | undefined;
  let srv: Running | undefined;
  beforeAll(async () => {
    tdb = await createTestDatabase(label);
    srv = await startServer(tdb.url);
  });
  afterAll(async () => {
    after();
    await srv?.server.close();
    await tdb?.drop();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('The sync server is not started yet (use it inside a test).');
    return v;
  };
  return {
    get tdb() {
      return started(tdb);
    },
    get srv() {
      return started(srv);
    },
  };
}

export async function startServer(
  databaseUrl: string,
  overrides: Partial<ServerConfig> = {},
): Promise<Running> {
  const server = await createServer(testConfig(databaseUrl, overrides));
  const base = await server.listen(0, '127.0.0.1');
  return { server, base };
}

export interface ErrorBody {
  code?: string;
  message?: string;
  details?: unknown;
}

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T & ErrorBody;
  headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  opts: {
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    raw?: Buffer;
    contentType?: string;
  } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = {
    [SCHEMA_VERSION_HEADER]: String(CURRENT_SCHEMA_VERSION),
    ...opts.headers,
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Blob | undefined;
  if (opts.raw) {
    body = new Blob([new Uint8Array(opts.raw)]);
    headers['content-type'] = opts.contentType ?? 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const r = await fetch(base + path, { method, headers, body });
  const text = await r.text();
  let parsed: unknown = text;
  if ((r.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: r.status, body: parsed as T & ErrorBody, headers: r.headers };
}

export interface SessionInfo {
  accessToken: string;
  refreshToken: string;
  user: { id: string; officeId: string; role: string; email: string };
  deviceId: string;
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter++;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}@example.test`;
}

export function deviceId(): string {
  return `dev-${randomBytes(6).toString('hex')}`;
}

export async function createOffice(
  base: string,
  name = 'Office',
): Promise<SessionInfo & { password: string }> {
  const dev = deviceId();
  const password = 'correct horse battery';
  const r = await call<SessionInfo>(base, 'POST', '/v1/offices', {
    body: { officeName: name, email: uniqueEmail('admin'), password, displayName: 'Admin', deviceId: dev },
  });
  if (r.status !== 201) throw new Error(`createOffice failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...r.body, deviceId: dev, password };
}

export async function inviteUser(base: string, admin: SessionInfo, role: string): Promise<SessionInfo> {
  const inv = await call<{ code: string }>(base, 'POST', '/v1/invites', {
    token: admin.accessToken,
    body: { role },
  });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`);
  const dev = deviceId();
  const r = await call<SessionInfo>(base, 'POST', '/v1/invites/accept', {
    body: {
      code: inv.body.code,
      email: uniqueEmail(role),
      password: 'another good password',
      displayName: role,
      deviceId: dev,
    },
  });
  if (r.status !== 201) throw new Error(`accept failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...r.body, deviceId: dev };
}

/** An HLC string for a time offset (ms) from a fixed base, with counter and node. */
export function hlcAt(offsetMs: number, counterValue = 0, node = '0123456789abcdef'): string {
  const t = Date.UTC(2026, 0, 1) + offsetMs;
  return `${new Date(t).toISOString()}-${counterValue.toString(16).padStart(4, '0')}-${node}`;
}

export function push(base: string, s: SessionInfo, changes: unknown[]) {
  return call<{ seq: number; applied: number; ignored: number }>(base, 'POST', '/v1/sync/push', {
    token: s.accessToken,
    body: { schemaVersion: CURRENT_SCHEMA_VERSION, deviceId: s.deviceId, changes },
  });
}

export interface PulledCell {
  table: string;
  rowId: string;
  column: string;
  value: unknown;
  hlc: string;
  deviceId: string;
  seq: number;
}

export function pull(base: string, s: SessionInfo, cursor: number, limit?: number) {
  return call<{ cells: PulledCell[]; cursor: number; hasMore: boolean; seq: number }>(
    base,
    'POST',
    '/v1/sync/pull',
    {
      token: s.accessToken,
      body: { schemaVersion: CURRENT_SCHEMA_VERSION, cursor, ...(limit ? { limit } : {}) },
    },
  );
}

/** Pulls every page from `cursor`; returns the cells and the final cursor. */
export async function pullAll(base: string, s: SessionInfo, cursor = 0, limit = 1000) {
  const cells: PulledCell[] = [];
  let c = cursor;
  for (;;) {
    const r = await pull(base, s, c, limit);
    if (r.status !== 200) throw new Error(`pull failed: ${r.status} ${JSON.stringify(r.body)}`);
    cells.push(...r.body.cells);
    c = r.body.cursor;
    if (!r.body.hasMore) return { cells, cursor: c };
  }
}

export interface WsClient {
  ws: import('ws').WebSocket;
  /**
   * Resolves with the next poke's seq. No timer of its own: on a loaded machine a poke can take longer than any
   * guess, and the test's timeout already ends a poke that never comes.
   */
  nextPoke(): Promise<number>;
  pokes: number[];
  close(): void;
}

/** Opens /v1/ws with the token in the Authorization header (or, with viaMessage, in the first message). */
export async function connectWs(base: string, token: string, viaMessage = false): Promise<WsClient> {
  const { WebSocket } = await import('ws');
  const url = `${base.replace(/^http/, 'ws')}/v1/ws`;
  const ws = viaMessage
    ? new WebSocket(url)
    : new WebSocket(url, { headers: { authorization: `Bearer ${token}`, [SCHEMA_VERSION_HEADER]: '1' } });
  const pokes: number[] = [];
  const waiters: ((seq: number) => void)[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    if (viaMessage) ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token, schemaVersion: 1 })));
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; seq?: number; code?: string };
      if (m.type === 'ready') resolve();
      else if (m.type === 'error') reject(new Error(`ws error ${m.code}`));
      else if (m.type === 'poke' && m.seq !== undefined) {
        pokes.push(m.seq);
        const w = waiters.shift();
        if (w) w(m.seq);
      }
    });
  });
  return {
    ws,
    pokes,
    nextPoke() {
      return new Promise<number>((resolve) => {
        waiters.push(resolve);
      });
    },
    close: () => ws.close(),
  };
}
