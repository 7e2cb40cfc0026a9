import { describe, expect, it } from 'vitest';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { call, serverForFile } from '../server/helpers.ts';
import { Cable } from '../support/cable.ts';
import { closeDesks, type Desk, makeDesk } from './desk.ts';

const desk = (name: string, fetchImpl?: typeof fetch) =>
  makeDesk(`syncsvc-${name}`, fetchImpl ? { fetch: fetchImpl } : {});

const nameOf = (d: Desk, id: string) =>
  (
    d.b.db.sqlite.prepare('SELECT full_name AS n FROM talent WHERE id = ?').get(id) as
      | { n: string }
      | undefined
  )?.n;

const syncServer = serverForFile('syncsvc', closeDesks);

describe('the sync service', () => {
  let a: Desk;
  let b: Desk;
  const password = 'a good long password';

  it('creates an office on A, joins it on B with an invite code, and an edit on A reaches B after the poke', async () => {
    a = await desk('a');
    expect(a.status().state).toBe('off');
    await a.call('sync.configure', { serverUrl: syncServer.srv.base });
    expect(a.status().state).toBe('signedOut');
    // A desktop that already holds a person brings them into the new office.
    const before = await a.call('talent.create', { fullName: 'Asha Rao' });
    const created = await a.call('sync.createOffice', {
      officeName: 'Mumbai Casting',
      email: 'director@example.test',
      password,
      displayName: 'Director',
    });
    expect(created.user?.role).toBe('admin');
    expect(created.office?.name).toBe('Mumbai Casting');
    expect(await a.tokens.get()).toBeTruthy();
    expect(JSON.stringify(a.b.db.sqlite.prepare('SELECT * FROM setting').all())).not.toContain(
      await a.tokens.get(),
    );
    await a.until(() => a.status().state === 'online' && a.status().unsent === 0);

    const invite = await a.call('sync.invite', { role: 'assistant' });
    b = await desk('b');
    await b.call('sync.configure', { serverUrl: syncServer.srv.base });
    const joined = await b.call('sync.join', {
      code: invite.code.toLowerCase(),
      email: 'assistant@example.test',
      password,
      displayName: 'Assistant',
    });
    expect(joined.user?.role).toBe('assistant');
    // The office's name comes with every sign-in, not only to the desktop that created it.
    expect(joined.office?.name).toBe('Mumbai Casting');
    // B's first pull brings the office's data, A's existing person included.
    await b.until(() => nameOf(b, before.id) === 'Asha Rao');
    await b.until(() => b.status().state === 'online');

    const changed = new Promise<string[]>((resolve) => {
      const off = b.b.events.subscribe((event, payload) => {
        const ids = (payload as { ids?: string[] }).ids;
        if (event === 'talent.changed' && ids) {
          off();
          resolve(ids);
        }
      });
    });
    const t = await a.call('talent.create', { fullName: 'Priya Nair', city: 'Pune' });
    expect(await changed).toContain(t.id);
    expect(nameOf(b, t.id)).toBe('Priya Nair');

    // And back: B edits a field, A's open screens hear of it.
    await b.call('talent.update', { id: t.id, patch: { fullName: 'Priya Nair', city: 'Mumbai' } });
    await a.until(
      () =>
        (a.b.db.sqlite.prepare('SELECT city FROM talent WHERE id = ?').get(t.id) as { city: string }).city ===
        'Mumbai',
    );

    // An office memory for Claude travels with who added it.
    const m = await a.call('memory.create', { text: 'The director prefers theatre actors' });
    expect(m.addedBy).toBe('Director');
    await b.until(() => b.b.db.sqlite.prepare('SELECT 1 FROM memory WHERE id = ?').get(m.id) !== undefined);
    const onB = await b.call('memory.list', {});
    expect(onB.find((x) => x.id === m.id)?.addedBy).toBe('Director');
  });

  it('goes offline when the network drops, keeps edits, refuses sign-out without force, and sends them on reconnect', async () => {
    const cable = new Cable(Number(new URL(syncServer.srv.base).port));
    await cable.up();
    const c = await desk('c');
    await c.call('sync.configure', { serverUrl: `http://127.0.0.1:${cable.port}` });
    await c.call('sync.signIn', { email: 'director@example.test', password });
    await c.until(() => c.status().state === 'online' && c.status().lastSyncAt !== null);

    await cable.down();
    await c.until(() => c.status().state === 'offline');
    const t = await c.call('talent.create', { fullName: 'Offline Kapoor' });
    await c.until(
      () =>
        c.status().state === 'offline' &&
        c.status().unsent > 0 &&
        !c.status().message?.includes('unexpected'),
    );

    await expect(c.call('sync.signOut', {})).rejects.toMatchObject({ code: 'SYNC_UNSENT_CHANGES' });
    expect(c.status().state).toBe('offline'); // still signed in, nothing dropped
    expect(c.status().unsent).toBeGreaterThan(0);

    await cable.up(); // the same port: the socket's backoff finds it again
    await c.until(() => c.status().state === 'online' && c.status().unsent === 0);
    await a.until(() => nameOf(a, t.id) === 'Offline Kapoor');

    const out = await c.call('sync.signOut', {});
    expect(out.state).toBe('signedOut');
    expect(await c.tokens.get()).toBeNull();
    await cable.down();
  });

  it('refreshes the access token before it expires, and asks to sign in again when the refresh is refused, keeping the outbox', async () => {
    const d = await desk('d');
    await d.call('sync.configure', { serverUrl: syncServer.srv.base });
    await d.call('sync.signIn', { email: 'director@example.test', password });
    await d.until(() => d.status().state === 'online' && d.status().lastSyncAt !== null);
    const first = await d.tokens.get();

    d.clock.offset = 20 * 60_000; // past the 15-minute access token: the next request refreshes first
    const after = await d.call('sync.now', {});
    expect(after.state).toBe('online');
    const second = await d.tokens.get();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first); // rotated, and kept in the shell's store

    // The old refresh token presented again: the server revokes the whole sign-in (and its access tokens).
    const replay = await call(syncServer.srv.base, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: first, deviceId: JSON.parse(settingOf(d, 'sync.config')).deviceId },
    });
    expect(replay.status).toBe(401);

    const t = await d.call('talent.create', { fullName: 'Kept Outbox' });
    const out = await d.until(() => (d.status().state === 'signedOut' ? d.status() : null));
    expect(out.reason).toBe('session_expired');
    expect(out.message).toMatch(/Sign in again/);
    expect(out.unsent).toBeGreaterThan(0);
    expect(await d.tokens.get()).toBeNull();

    // Signing in again sends what waited.
    await d.call('sync.signIn', { email: 'director@example.test', password });
    await d.until(() => d.status().state === 'online' && d.status().unsent === 0);
    await a.until(() => nameOf(a, t.id) === 'Kept Outbox');
  });

  it('gives a viewer the office’s data, never pushes for them, and says their changes stay local', async () => {
    const invite = await a.call('sync.invite', { role: 'viewer' });
    const v = await desk('v');
    await v.call('sync.configure', { serverUrl: syncServer.srv.base });
    await v.call('sync.join', {
      code: invite.code,
      email: 'viewer@example.test',
      password,
      displayName: 'Viewer',
    });
    await v.until(() => v.status().state === 'online' && v.status().lastSyncAt !== null);
    expect(v.status().readOnly).toBe(true);
    const known = a.b.db.sqlite.prepare("SELECT id FROM talent WHERE full_name = 'Asha Rao'").get() as {
      id: string;
    };
    expect(nameOf(v, known.id)).toBe('Asha Rao');

    // The desktop refuses a viewer's edits itself (api/viewer-guard.ts)…
    await expect(v.call('talent.create', { fullName: 'Viewer Draft' })).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
    // …and a change that reaches the store another way (made before the role changed) is never pushed.
    createTalent(v.b.db, { fullName: 'Viewer Draft' });
    const after = await v.call('sync.now', {});
    expect(after.state).toBe('online'); // not an error: the push is simply not attempted
    expect(after.unsent).toBeGreaterThan(0);
    expect(after.message).toMatch(/viewer/);
  });

  it('stops pushing on clock_drift, asks to update on 426, and keeps everything when the server is behind (409)', async () => {
    /** What the next requests to a path answer instead of the server (then the server again). */
    const fake = new Map<string, { status: number; code: string; details?: unknown }[]>();
    const fetchVia: typeof fetch = async (input, init) => {
      const path = new URL(String(input)).pathname;
      const f = fake.get(path)?.shift();
      if (!f) return fetch(input, init);
      return new Response(JSON.stringify({ code: f.code, message: `fake ${f.code}`, details: f.details }), {
        status: f.status,
        headers: { 'content-type': 'application/json' },
      });
    };
    const f = await desk('f', fetchVia);
    await f.call('sync.configure', { serverUrl: syncServer.srv.base });
    await f.call('sync.signIn', { email: 'director@example.test', password });
    await f.until(() => f.status().state === 'online' && f.status().lastSyncAt !== null);

    fake.set('/v1/sync/push', [{ status: 400, code: 'clock_drift', details: { index: 0 } }]);
    const t = await f.call('talent.create', { fullName: 'Clock Ahead' });
    const drift = await f.until(() => (f.status().reason === 'clock_drift' ? f.status() : null));
    expect(drift.state).toBe('error');
    expect(drift.message).toMatch(/clock/);
    expect(drift.unsent).toBeGreaterThan(0);
    const fixed = await f.call('sync.now', {}); // the user fixed the clock
    expect(fixed).toMatchObject({ state: 'online', unsent: 0, reason: null });
    await a.until(() => nameOf(a, t.id) === 'Clock Ahead');

    fake.set('/v1/sync/pull', [{ status: 426, code: 'client_outdated' }]);
    const old = await f.call('sync.now', {});
    expect(old).toMatchObject({ state: 'error', reason: 'outdated' });
    expect(old.message).toMatch(/Update the app/);

    const talents = () =>
      (f.b.db.sqlite.prepare('SELECT count(*) AS n FROM talent').get() as { n: number }).n;
    const before = talents();
    fake.set('/v1/sync/pull', [{ status: 409, code: 'conflict', details: { serverSeq: 0 } }]);
    const behind = await f.call('sync.now', {});
    expect(behind.reason).toBe('server_behind');
    expect(behind.message).toMatch(/restored from an older backup/);
    await f.until(() => f.status().state === 'online' && f.status().unsent === 0);
    expect(talents()).toBe(before); // nothing local was deleted
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    await expect(a.call('sync.configure', { serverUrl: 'ftp://nowhere' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(a.call('sync.configure', { serverUrl: 'http://127.0.0.1:9' })).rejects.toMatchObject({
      code: 'SYNC_SIGNED_IN',
    });
    const e = await desk('e');
    await e.call('sync.configure', { serverUrl: syncServer.srv.base });
    await expect(
      e.call('sync.signIn', { email: 'director@example.test', password: 'wrong password' }),
    ).rejects.toMatchObject({
      code: 'SYNC_INVALID_CREDENTIALS',
    });
    await expect(
      e.call('sync.join', {
        code: 'AAAA-BBBB-CCCC-DDDD',
        email: 'x@example.test',
        password,
        displayName: 'X',
      }),
    ).rejects.toMatchObject({ code: 'SYNC_INVALID_INVITE' });
    expect(e.status().state).toBe('signedOut');
    expect(a.status().serverUrl).toBe(syncServer.srv.base);
  });
});

function settingOf(d: Desk, key: string): string {
  return (d.b.db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string })
    .value;
}
