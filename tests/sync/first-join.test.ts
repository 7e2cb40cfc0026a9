// The first join of a desktop that already holds data, and the first sync's progress, through the real backend
// (createBackend + dispatch) against a real server on Postgres. Every wait is on an event or a condition.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { backupsDir, listBackups } from '../../src/backend/backup/backups.ts';
import { memorySecretStore } from '../../src/backend/claude/secret-store.ts';
import type { SyncProgressView, SyncStatusView } from '../../src/shared/sync/desktop-api.ts';
import { serverForFile } from '../server/helpers.ts';
import { tempDir } from '../support/db.ts';
import { closeDesks, type Desk, makeDesk } from './desk.ts';

const backends: Backend[] = [];
const password = 'a good long password';

const desk = (name: string, o: { fetch?: typeof fetch; pullLimit?: number } = {}) =>
  makeDesk(`firstjoin-${name}`, o);
/** The names of the live profiles a desktop holds, sorted. */
const namesOf = (d: Desk) =>
  (
    d.b.db.sqlite.prepare('SELECT full_name AS n FROM talent WHERE deleted_at IS NULL ORDER BY n').all() as {
      n: string;
    }[]
  ).map((r) => r.n);

const outboxOf = (d: Desk) =>
  (d.b.db.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;

const syncServer = serverForFile('firstjoin', () => {
  closeDesks();
  for (const b of backends) b.close();
});

describe('first join of a desktop that holds data', () => {
  let a: Desk;

  async function joinAsk(d: Desk, email: string): Promise<SyncStatusView> {
    const invite = await a.call('sync.invite', { role: 'casting_director' });
    await d.call('sync.configure', { serverUrl: syncServer.srv.base });
    return d.call('sync.join', { code: invite.code, email, password, displayName: email });
  }

  it('sets up an office with one person', async () => {
    a = await desk('a');
    await a.call('sync.configure', { serverUrl: syncServer.srv.base });
    await a.call('talent.create', { fullName: 'Meher Bhatia', phone: '+91 98200 11111' });
    await a.call('sync.createOffice', {
      officeName: 'Pune Casting',
      email: 'a@example.test',
      password,
      displayName: 'A',
    });
    await a.until(() => a.status().state === 'online' && a.status().unsent === 0);
  });

  it('asks before anything is sent, and Cancel leaves the office with nothing changed', async () => {
    const d = await desk('cancel');
    await d.call('talent.create', { fullName: 'Kept Here' });
    const asked = await joinAsk(d, 'cancel@example.test');
    expect(asked.state).toBe('firstJoin');
    expect(asked.firstJoin).toMatchObject({ talents: 1, demoTalents: 0, projects: 0, scripts: 0 });
    expect(outboxOf(d)).toBe(0); // nothing queued, nothing sent
    const out = await d.call('sync.firstJoin.cancel', {});
    expect(out.state).toBe('signedOut');
    expect(out.firstJoin).toBeNull();
    expect(namesOf(d)).toEqual(['Kept Here']);
    await a.call('sync.now', {});
    expect(namesOf(a)).not.toContain('Kept Here');
  });

  it('uploads local people into the office and lists the ones who look like the office’s', async () => {
    const b = await desk('upload');
    await b.call('talent.create', { fullName: 'Meher Bhatiya', phone: '98200 11111' });
    await b.call('talent.create', { fullName: 'Only On B' });
    await b.call('projects.create', { name: 'B Project', status: 'active' });
    const asked = await joinAsk(b, 'upload@example.test');
    expect(asked.state).toBe('firstJoin');
    expect(asked.firstJoin).toMatchObject({ talents: 2, projects: 1 });

    const r = await b.call('sync.firstJoin.choose', { choice: 'upload' });
    expect(r.status.state).not.toBe('firstJoin');
    expect(r.backupId).toBeNull();
    expect(r.duplicates).toEqual([
      expect.objectContaining({
        localName: 'Meher Bhatiya',
        officeName: 'Meher Bhatia',
        reason: 'same phone number',
        summary: 'same phone, different spelling: Meher Bhatia / Meher Bhatiya',
      }),
    ]);
    expect(namesOf(b)).toEqual(['Meher Bhatia', 'Meher Bhatiya', 'Only On B']); // nothing merged or dropped
    expect((await b.call('sync.firstJoin.duplicates', {})).items).toHaveLength(1);

    await a.until(() => namesOf(a).includes('Only On B')); // after the poke of B's push
    expect(namesOf(a)).toEqual(['Meher Bhatia', 'Meher Bhatiya', 'Only On B']);
    const projects = a.b.db.sqlite
      .prepare("SELECT count(*) AS n FROM project WHERE name = 'B Project'")
      .get() as {
      n: number;
    };
    expect(projects.n).toBe(1);

    expect((await b.call('sync.firstJoin.duplicates', { dismiss: true })).items).toEqual([]);
    expect((await b.call('sync.firstJoin.duplicates', {})).items).toEqual([]);
  });

  it('starts from the office: a backup holds the local data, which is replaced by the office’s', async () => {
    const c = await desk('office');
    await c.call('talent.create', { fullName: 'Gone From C' });
    const asked = await joinAsk(c, 'office@example.test');
    expect(asked.state).toBe('firstJoin');

    const r = await c.call('sync.firstJoin.choose', { choice: 'office' });
    expect(r.backupId).toBeTruthy();
    const backups = await listBackups(c.b.dataDir);
    expect(backups.map((x) => [x.id, x.reason])).toContainEqual([r.backupId, 'before-join']);
    const copy = new Database(join(backupsDir(c.b.dataDir), r.backupId!, 'castmatch.sqlite'), {
      readonly: true,
    });
    const kept = copy.prepare('SELECT full_name AS n FROM talent').all() as { n: string }[];
    copy.close();
    expect(kept.map((x) => x.n)).toEqual(['Gone From C']);

    await c.until(() => c.status().state === 'online' && c.status().lastSyncAt !== null);
    expect(namesOf(c)).toEqual(['Meher Bhatia', 'Meher Bhatiya', 'Only On B']);
    expect(outboxOf(c)).toBe(0); // the cleared rows were not sent as deletions
    await a.call('sync.now', {});
    expect(namesOf(a)).not.toContain('Gone From C');
  });

  it('asks again after a restart while the question waits', async () => {
    const dataDir = join(tempDir('castmatch-firstjoin-restart-'), 'office');
    const tokens = memorySecretStore();
    const open = () =>
      createBackend({ dataDir, transport: 'browser', version: 't', syncSecrets: tokens, log: () => {} });
    const first = await open();
    await first.dispatch('talent.create', { fullName: 'Before Restart' });
    const invite = await a.call('sync.invite', { role: 'assistant' });
    await first.dispatch('sync.configure', { serverUrl: syncServer.srv.base });
    const r = await first.dispatch('sync.join', {
      code: invite.code,
      email: 'restart@example.test',
      password,
      displayName: 'R',
    });
    expect(r.ok && (r.value as SyncStatusView).state).toBe('firstJoin');
    first.close();
    const second = await open();
    backends.push(second);
    const s = await new Promise<SyncStatusView>((resolve) => {
      const check = () => second.sync.status();
      if (check().state === 'firstJoin') return resolve(check());
      const off = second.events.subscribe(() => {
        if (check().state === 'firstJoin') {
          off();
          resolve(check());
        }
      });
    });
    expect(s.firstJoin?.talents).toBe(1);
  });
});

describe('first sync progress', () => {
  it('shows progress through a many-page pull, and an interrupted pull resumes from its page', async () => {
    const owner = await desk('big');
    await owner.call('sync.configure', { serverUrl: syncServer.srv.base });
    for (let i = 0; i < 24; i++)
      await owner.call('talent.create', { fullName: `Person ${String(i).padStart(2, '0')}`, city: 'Pune' });
    await owner.call('sync.createOffice', {
      officeName: 'Big',
      email: 'big@example.test',
      password,
      displayName: 'O',
    });
    await owner.until(() => owner.status().state === 'online' && owner.status().unsent === 0);

    // The new desktop's pulls go through a gate that can drop the network after a number of pages.
    const gate = { cursors: [] as number[], allow: 3 };
    const gated: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/v1/sync/pull')) {
        if (gate.allow <= 0) throw new TypeError('fetch failed (network cut by the test)');
        gate.allow--;
        gate.cursors.push((JSON.parse(String(init?.body)) as { cursor: number }).cursor);
      }
      return fetch(input, init);
    };
    const e = await desk('progress', { fetch: gated, pullLimit: 100 });
    const seen: SyncProgressView[] = [];
    e.b.events.subscribe((ev) => {
      const p = e.status().progress;
      if (ev === 'sync.status' && p) seen.push(p);
    });
    const invite = await owner.call('sync.invite', { role: 'assistant' });
    await e.call('sync.configure', { serverUrl: syncServer.srv.base });
    await e.call('sync.join', { code: invite.code, email: 'e@example.test', password, displayName: 'E' });

    const paused = await e.until(() => (e.status().state === 'offline' ? e.status() : null));
    expect(gate.cursors).toHaveLength(3);
    expect(gate.cursors[0]).toBe(0);
    const cursor = (
      e.b.db.sqlite.prepare('SELECT cursor FROM sync_state WHERE id = 1').get() as { cursor: number }
    ).cursor;
    expect(cursor).toBeGreaterThan(0);
    const at = paused.progress!;
    expect(at.done).toBe(cursor);
    expect(at.total).toBeGreaterThan(at.done);
    expect(at.cells).toBe(300);
    expect(at.bytes).toBeGreaterThan(at.cells); // at least a byte a cell, whatever the page format

    // Two more pages, then the network drops again: the pull went on from its page, and so did the bar.
    gate.allow = 2;
    const again = await e.call('sync.now', {});
    expect(again.state).toBe('offline');
    expect(gate.cursors[3]).toBe(cursor); // resumed from its page, not from zero
    const mid = again.progress!;
    expect(mid.cells).toBe(500);
    expect(mid.done).toBeGreaterThan(at.done);
    expect(mid.total).toBe(at.total);
    expect(mid.bytes).toBeGreaterThan(at.bytes);
    expect(seen.every((p) => p.total === at.total)).toBe(true);
    const dones = seen.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((x, y) => x - y)); // never went back

    gate.allow = 1000;
    await e.call('sync.now', {});
    await e.until(() => e.status().state === 'online' && e.status().progress === null);
    expect(namesOf(e)).toHaveLength(24);
  });
});
