// Content-addressed blobs: hash verified, size limit, idempotent re-upload, dedup within an office.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createOffice,
  createTestDatabase,
  type Running,
  type SessionInfo,
  startServer,
  type TestDatabase,
} from './helpers.ts';

let db: TestDatabase;
let srv: Running;
let s: SessionInfo;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  db = await createTestDatabase('blobs');
  srv = await startServer(db.url, {
    limits: { ...(await import('../../src/server/config.ts')).defaultLimits, blobBytes: 256 * 1024 },
  });
  s = await createOffice(srv.base, 'Blobs');
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

describe('blobs', () => {
  it('uploads, downloads byte-identical, and re-uploads idempotently', async () => {
    const data = randomBytes(100_000);
    const h = sha(data);
    const up = await call(srv.base, 'PUT', `/v1/blobs/${h}`, {
      token: s.accessToken,
      raw: data,
      contentType: 'image/jpeg',
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ sha256: h, size: 100_000, created: true });
    const again = await call(srv.base, 'PUT', `/v1/blobs/${h}`, {
      token: s.accessToken,
      raw: data,
      contentType: 'image/jpeg',
    });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    const r = await fetch(`${srv.base}/v1/blobs/${h}`, {
      headers: { authorization: `Bearer ${s.accessToken}`, 'x-castmatch-schema-version': '1' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(r.headers.get('etag')).toBe(`"${h}"`);
    expect(sha(Buffer.from(await r.arrayBuffer()))).toBe(h);
    const n = await db.admin.query('SELECT count(*)::int AS n FROM castmatch.blobs WHERE sha256 = $1', [h]);
    expect(n.rows[0].n).toBe(1);
  });

  it('refuses bytes that do not match the hash, and stores nothing', async () => {
    const data = randomBytes(1000);
    const wrong = sha(Buffer.from('something else'));
    const r = await call(srv.base, 'PUT', `/v1/blobs/${wrong}`, { token: s.accessToken, raw: data });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('hash_mismatch');
    expect((await call(srv.base, 'GET', `/v1/blobs/${wrong}`, { token: s.accessToken })).status).toBe(404);
  });

  it('enforces the size limit with 413', async () => {
    const data = randomBytes(300 * 1024);
    const r = await call(srv.base, 'PUT', `/v1/blobs/${sha(data)}`, { token: s.accessToken, raw: data });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('payload_too_large');
  });

  it('rejects malformed hashes and unsupported types', async () => {
    expect((await call(srv.base, 'GET', '/v1/blobs/ABC', { token: s.accessToken })).status).toBe(400);
    const data = Buffer.from('<html>');
    const r = await call(srv.base, 'PUT', `/v1/blobs/${sha(data)}`, {
      token: s.accessToken,
      raw: data,
      contentType: 'text/html',
    });
    expect(r.status).toBe(415);
  });
});
