// Fixes found by attacking the server: a prefetched pull page must not outlive the user's access, and values
// Postgres cannot store are refused as validation errors naming the cell (never a 500 a client retries forever).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createOffice,
  createTestDatabase,
  hlcAt,
  inviteUser,
  pull,
  push,
  type Running,
  type SessionInfo,
  startServer,
  type TestDatabase,
} from './helpers.ts';

let db: TestDatabase;
let srv: Running;
let base: string;
let admin: SessionInfo;

beforeAll(async () => {
  db = await createTestDatabase('hardening');
  srv = await startServer(db.url);
  base = srv.base;
  admin = await createOffice(base, 'Hardening office');
  const cells = Array.from({ length: 30 }, (_, i) => ({
    table: 'talent',
    rowId: `p${i}`,
    column: 'full_name',
    value: `Person ${i}`,
    hlc: hlcAt(i),
  }));
  expect((await push(base, admin, cells)).status).toBe(200);
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

describe('a prefetched pull page', () => {
  /** Pulls the first page (which starts the prefetch of the second) and waits until that prefetch has loaded. */
  async function firstPageWithPrefetch(s: SessionInfo): Promise<number> {
    const first = await pull(base, s, 0, 10);
    expect(first.status).toBe(200);
    expect(first.body.hasMore).toBe(true);
    await srv.server.app.pullPrefetcher.settled();
    return first.body.cursor;
  }

  it('is still handed out to a user who is still allowed (the prefetch works)', async () => {
    const s = await inviteUser(base, admin, 'assistant');
    const cursor = await firstPageWithPrefetch(s);
    const second = await pull(base, s, cursor, 10);
    expect(second.status).toBe(200);
    expect(second.body.cells).toHaveLength(10);
  });

  it('is not handed out to a user disabled after it was read', async () => {
    const s = await inviteUser(base, admin, 'assistant');
    const cursor = await firstPageWithPrefetch(s);
    const off = await call(base, 'PATCH', `/v1/users/${s.user.id}`, {
      token: admin.accessToken,
      body: { disabled: true },
    });
    expect(off.status).toBe(200);
    const second = await pull(base, s, cursor, 10);
    expect(second.status).toBe(401);
    expect(second.body.code).toBe('unauthorized');
    expect(second.body).not.toHaveProperty('cells');
  });

  it('is not handed out after the user signed out everywhere', async () => {
    const s = await inviteUser(base, admin, 'casting_director');
    const cursor = await firstPageWithPrefetch(s);
    expect((await call(base, 'POST', '/v1/auth/logout-all', { token: s.accessToken })).status).toBe(204);
    const second = await pull(base, s, cursor, 10);
    expect(second.status).toBe(401);
    expect(second.body).not.toHaveProperty('cells');
  });
});

describe('values Postgres cannot store', () => {
  const cell = (rowId: string, value: unknown, i: number) => ({
    table: 'talent',
    rowId,
    column: 'notes',
    value,
    hlc: hlcAt(1000 + i),
  });
  /** A push written as text: JSON.stringify itself overflows the stack on values nested this deep. */
  const rawPush = (valueJson: string) =>
    fetch(`${base}/v1/sync/push`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin.accessToken}`,
        'x-castmatch-schema-version': '1',
      },
      body: `{"schemaVersion":1,"deviceId":"${admin.deviceId}","changes":[{"table":"talent","rowId":"deep-row","column":"notes","hlc":"${hlcAt(5)}","value":${valueJson}}]}`,
    });

  it.each([
    ['a NUL in a string', 'before\u0000after', /NUL/],
    ['a lone high surrogate', 'half an emoji \ud83d', /surrogate/],
    ['a lone low surrogate', '\ude00 tail', /surrogate/],
    ['an object key with a NUL', { 'a\u0000b': 1 }, /key.*NUL/],
    ['a NUL inside an array', ['ok', ['deeper\u0000']], /NUL/],
  ])('%s: 400 validation_failed naming the cell, nothing applied', async (_label, value, why) => {
    const good = cell('fine-row', 'a fine note', 0);
    const bad = cell('bad-row', value, 1);
    const r = await push(base, admin, [good, bad]);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    const issues = (r.body.details as { issues: { path: string; message: string }[] }).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('changes.1.value');
    expect(issues[0]!.message).toContain('talent/bad-row/notes');
    expect(issues[0]!.message).toMatch(why);
    const stored = await db.admin.query(
      "SELECT 1 FROM castmatch.cells WHERE row_id IN ('fine-row', 'bad-row')",
    );
    expect(stored.rowCount).toBe(0); // atomic: the good cell waits for a valid push
  });

  it.each([
    [10_000, 'JSON nested 10,000 deep'],
    [1_000_000, 'JSON nested 1,000,000 deep (deeper than the JS stack)'],
  ])('%i deep: 400 validation_failed naming the cell (%s)', async (depth) => {
    const r = await rawPush(`${'['.repeat(depth)}"bottom"${']'.repeat(depth)}`);
    expect(r.status).toBe(400);
    const body = (await r.json()) as {
      code: string;
      details: { issues: { path: string; message: string }[] };
    };
    expect(body.code).toBe('validation_failed');
    expect(body.details.issues[0]).toEqual({
      path: 'changes.0.value',
      message: expect.stringMatching(/^talent\/deep-row\/notes: value nested deeper than 64 levels/),
    });
  });

  it('still stores what Postgres can: paired surrogates (emoji), other control characters, nesting within the limit', async () => {
    const value = { text: 'Smile 😀 tab\t bell\u0007', list: [[[1, [2, [3]]]]] };
    const r = await push(base, admin, [cell('emoji-row', value, 2)]);
    expect(r.status).toBe(200);
    const p = await pull(base, admin, 0, 1000);
    expect(p.body.cells.find((c) => c.rowId === 'emoji-row')?.value).toEqual(value);
  });
});
