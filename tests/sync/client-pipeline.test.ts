// The client's throughput paths against a real server: two push batches in flight, acknowledged in order (a
// batch lost on the way stays queued and is sent again), the grouped pull format, and the fall back to the cell
// format when a server does not know it.
import { describe, expect, it } from 'vitest';
import { outboxSize } from '../../src/backend/sync/capture.ts';
import { demoTalent } from '../../src/backend/talent/demo.ts';
import { insertTalentRows } from '../../src/backend/talent/repo.ts';
import { createOffice, inviteUser, serverForFile } from '../server/helpers.ts';
import { makeDesktop, snapshot } from './harness.ts';

const syncServer = serverForFile('clientpipe');

const bodyOf = (init?: RequestInit) => JSON.parse(String(init?.body)) as Record<string, unknown>;

describe('the sync client', () => {
  it('keeps two pushes in flight, and a batch lost on the way stays queued until it is sent', async () => {
    const admin = await createOffice(syncServer.srv.base, 'Pipeline');
    let open = 0;
    let most = 0;
    let pushes = 0;
    const lose = new Set([3]); // the third push never reaches the server
    const counting: typeof fetch = async (input, init) => {
      if (!String(input).endsWith('/v1/sync/push')) return fetch(input, init);
      const n = ++pushes;
      open++;
      most = Math.max(most, open);
      try {
        if (lose.has(n)) throw new TypeError('fetch failed (test: lost)');
        return await fetch(input, init);
      } finally {
        open--;
      }
    };
    const a = await makeDesktop('a', syncServer.srv.base, admin, {
      fetch: counting,
      batchCells: 300,
      attempts: 1,
    });
    insertTalentRows(a.db, demoTalent(120, 3)); // 120 '*' entries, ~33 cells each: ~14 batches of ≤ 300 cells
    const queued = outboxSize(a.db);
    const first = await a.sync();
    expect(first.state).toBe('offline');
    // Batches 1 and 2 were acknowledged, in order; the lost third and everything after it are still queued.
    const left = outboxSize(a.db);
    expect(left).toBeLessThan(queued);
    expect(left).toBeGreaterThan(0);
    const oldest = a.db.sqlite.prepare('SELECT min(seq) AS s FROM sync_outbox').get() as { s: number };
    expect(oldest.s).toBeGreaterThan(1);
    const second = await a.sync();
    expect(second.state).toBe('idle');
    expect(outboxSize(a.db)).toBe(0);
    expect(most).toBe(2);

    // Everything reached the server: an empty desktop pulls exactly A's rows.
    const peer = await inviteUser(syncServer.srv.base, admin, 'casting_director');
    const b = await makeDesktop('b', syncServer.srv.base, peer, { pullLimit: 500 });
    expect((await b.sync()).state).toBe('idle');
    expect(snapshot(b.db)).toEqual(snapshot(a.db));
    a.close();
    b.close();
  });

  it('pulls in the grouped format, and falls back to cells when the server refuses it', async () => {
    const admin = await createOffice(syncServer.srv.base, 'Formats');
    const a = await makeDesktop('a', syncServer.srv.base, admin);
    insertTalentRows(a.db, demoTalent(40, 5));
    expect((await a.sync()).state).toBe('idle');

    const formats: unknown[] = [];
    const seen: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/v1/sync/pull')) formats.push(bodyOf(init).format);
      return fetch(input, init);
    };
    const peer = await inviteUser(syncServer.srv.base, admin, 'casting_director');
    const b = await makeDesktop('b', syncServer.srv.base, peer, { fetch: seen, pullLimit: 200 });
    expect((await b.sync()).state).toBe('idle');
    expect(formats.length).toBeGreaterThan(3);
    expect(new Set(formats)).toEqual(new Set(['grouped']));
    expect(snapshot(b.db)).toEqual(snapshot(a.db));

    // A server of the previous version refuses the unknown field (its request schema is strict).
    const older: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/v1/sync/pull')) {
        const body = bodyOf(init);
        formats.push(body.format);
        if ('format' in body) {
          return new Response(
            JSON.stringify({
              code: 'validation_failed',
              message: 'Invalid request',
              details: { issues: [{ path: '', message: 'Unrecognized key: "format"' }] },
            }),
            { status: 400, headers: { 'content-type': 'application/json' } },
          );
        }
      }
      return fetch(input, init);
    };
    formats.length = 0;
    const viewer = await inviteUser(syncServer.srv.base, admin, 'casting_director');
    const c = await makeDesktop('c', syncServer.srv.base, viewer, { fetch: older, pullLimit: 200 });
    expect((await c.sync()).state).toBe('idle');
    expect(formats[0]).toBe('grouped');
    expect(formats.slice(1).every((f) => f === undefined)).toBe(true);
    expect(snapshot(c.db)).toEqual(snapshot(a.db));
    a.close();
    b.close();
    c.close();
  });
});
