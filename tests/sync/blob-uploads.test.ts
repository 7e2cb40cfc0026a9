// Blob uploads through the real backend against a real server on Postgres, with a fetch in between that counts,
// holds or fails blob PUTs: three uploads go at once (their answers given back in reverse order); a server error on
// one blob leaves only the rows that name it in the outbox, the rest of the push goes, and the blob is sent again
// once its backoff is over; a file over the server's limit is listed among "Sync problems" with its reason, can be
// sent again or kept on the desktop.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RETRY_MAX_MS, UPLOADS_IN_FLIGHT } from '../../src/backend/sync/blob-upload.ts';
import { listUploadQueue } from '../../src/backend/sync/blobs.ts';
import { defaultLimits } from '../../src/server/config.ts';
import { jpeg } from '../headshots/helpers.ts';
import { type Running, serverForFile, startServer } from '../server/helpers.ts';
import { tempDir } from '../support/db.ts';
import { closeDesks, type Desk, makeDesk } from './desk.ts';

const password = 'a good long password';

const syncServer = serverForFile('blobup', closeDesks);

/** Imports one photo onto a new profile; returns the profile and the stored original's hash. */
async function importPhoto(d: Desk, person: string, bytes: Buffer) {
  const t = await d.call('talent.create', { fullName: person });
  const file = join(tempDir('castmatch-blobup-photo-'), `${person.replace(/\W/g, '')}.jpg`);
  writeFileSync(file, bytes);
  const report = await d.call('headshots.import', {
    files: [d.b.files.register(file, 'photo.jpg')],
    target: { mode: 'profile', talentId: t.id },
    batchId: `batch-${person.replace(/\W/g, '')}`,
  });
  expect(report.counts.imported).toBe(1);
  const row = d.b.db.sqlite
    .prepare('SELECT id, sha256, thumb_sha256 FROM headshot WHERE talent_id = ?')
    .get(t.id) as { id: string; sha256: string; thumb_sha256: string | null };
  return { talentId: t.id, headshotId: row.id, sha256: row.sha256 };
}

const blobPath = (input: Parameters<typeof fetch>[0]) => new URL(String(input)).pathname;
const isBlobPut = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
  init?.method === 'PUT' && blobPath(input).startsWith('/v1/blobs/');

const serverHas = async (sql: string, params: unknown[]) =>
  ((await syncServer.tdb.admin.query(sql, params)).rowCount ?? 0) > 0;
const serverHasBlob = (h: string) => serverHas('SELECT 1 FROM castmatch.blobs WHERE sha256 = $1', [h]);
const serverHasRow = (table: string, id: string) =>
  serverHas('SELECT 1 FROM castmatch.cells WHERE tbl = $1 AND row_id = $2', [table, id]);

/** A desk whose fetch can be cut (`down`), before any blob PUT runs `onPut` (which may answer in its place). */
async function wiredDesk(
  name: string,
  o: { now?: () => number; server?: Running } = {},
): Promise<{
  d: Desk;
  net: {
    down: boolean;
    onPut?: (h: string, go: () => Promise<Response>) => Promise<Response>;
    puts: string[];
    heads: string[];
  };
}> {
  const net: {
    down: boolean;
    onPut?: (h: string, go: () => Promise<Response>) => Promise<Response>;
    puts: string[];
    heads: string[];
  } = { down: false, puts: [], heads: [] };
  const wired: typeof fetch = async (input, init) => {
    if (net.down) throw new TypeError('fetch failed (cable cut)');
    if (init?.method === 'HEAD') net.heads.push(blobPath(input).slice('/v1/blobs/'.length));
    if (!isBlobPut(input, init)) return fetch(input, init);
    const h = blobPath(input).slice('/v1/blobs/'.length);
    net.puts.push(h);
    const go = () => fetch(input, init);
    return net.onPut ? net.onPut(h, go) : go();
  };
  const d = await makeDesk(`blobup-${name}`, { fetch: wired, ...(o.now ? { now: o.now } : {}) });
  await d.call('sync.configure', { serverUrl: (o.server ?? syncServer.srv).base });
  return { d, net };
}

describe('blob uploads', () => {
  let a: Desk;

  it('sends three blobs at once, whatever order their answers come back in', async () => {
    const w = await wiredDesk('a');
    a = w.d;
    await a.call('sync.createOffice', {
      officeName: 'Upload Office',
      email: 'up@example.test',
      password,
      displayName: 'Uploader',
    });
    expect(await a.call('sync.now', {})).toMatchObject({ state: 'online' });

    // Three photos are imported offline: six blobs (thumbnail and original each) wait in the queue.
    w.net.down = true;
    const photos = [];
    for (let i = 0; i < 3; i++)
      photos.push(await importPhoto(a, `Parallel ${i}`, await jpeg(640, 800, 10 + i)));
    expect((await a.call('sync.now', {})).state).toBe('offline');
    expect(listUploadQueue(a.b.db).filter((q) => q.state === 'pending')).toHaveLength(6);

    // Each PUT reaches the server at once; its answer is held until three are held, then given back last first.
    let inFlight = 0;
    let most = 0;
    let held: (() => void)[] | null = [];
    w.net.onPut = async (_h, go) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        const res = await go();
        if (held) {
          const gate = held;
          await new Promise<void>((ok) => {
            gate.push(ok);
            if (gate.length === UPLOADS_IN_FLIGHT) {
              held = null;
              for (const release of gate.reverse()) release();
            }
          });
        }
        return res;
      } finally {
        inFlight--;
      }
    };
    w.net.down = false;
    expect(await a.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0, problems: 0 });
    expect(UPLOADS_IN_FLIGHT).toBe(3);
    expect(most).toBe(UPLOADS_IN_FLIGHT); // three at once, never more
    expect(w.net.puts).toHaveLength(6);
    expect(listUploadQueue(a.b.db)).toEqual([]);
    for (const p of photos) {
      expect(await serverHasBlob(p.sha256)).toBe(true);
      expect(await serverHasRow('headshot', p.headshotId)).toBe(true);
    }
  });

  it('holds only the rows whose blob hit a server error; that blob is sent again after its backoff', async () => {
    let t = Date.now();
    const w = await wiredDesk('b', { now: () => t });
    const b = w.d;
    await b.call('sync.signIn', { email: 'up@example.test', password });
    expect(await b.call('sync.now', {})).toMatchObject({ state: 'online' });

    w.net.down = true;
    const failing = await importPhoto(b, 'Failing Upload', await jpeg(640, 800, 21));
    const fine = await importPhoto(b, 'Fine Upload', await jpeg(640, 800, 22));
    const plain = await b.call('talent.create', { fullName: 'No Photo Yet' });
    expect((await b.call('sync.now', {})).state).toBe('offline');
    const attempts = () => listUploadQueue(b.b.db).find((q) => q.sha256 === failing.sha256)?.attempts ?? 0;
    const triedOffline = attempts();

    // The server fails to store one original (every attempt); everything else goes.
    let broken = true;
    w.net.onPut = async (h, go) =>
      broken && h === failing.sha256
        ? new Response(JSON.stringify({ code: 'internal', message: 'The blob store failed.' }), {
            status: 500,
            headers: { 'content-type': 'application/json' },
          })
        : go();
    w.net.down = false;
    const first = await b.call('sync.now', {});
    expect(first).toMatchObject({ state: 'online', reason: 'blobs_waiting' });
    expect(first.message).toMatch(/could not store yet/);
    expect(first.unsent).toBeGreaterThan(0);
    expect(await serverHasBlob(fine.sha256)).toBe(true);
    expect(await serverHasRow('headshot', fine.headshotId)).toBe(true);
    expect(await serverHasRow('talent', plain.id)).toBe(true);
    expect(await serverHasRow('talent', failing.talentId)).toBe(true); // the profile goes; its photo row waits
    expect(await serverHasBlob(failing.sha256)).toBe(false);
    expect(await serverHasRow('headshot', failing.headshotId)).toBe(false);
    const queued = listUploadQueue(b.b.db);
    expect(queued.map((q) => [q.sha256, q.state])).toEqual([[failing.sha256, 'pending']]);
    expect(queued[0]!.attempts).toBe(triedOffline + 1);
    expect(queued[0]!.last_error).toMatch(/blob store failed/);

    // Within its backoff the blob is not tried again, even though the server would now take it.
    broken = false;
    const putsBefore = w.net.puts.filter((h) => h === failing.sha256).length;
    expect(await b.call('sync.now', {})).toMatchObject({ state: 'online', reason: 'blobs_waiting' });
    expect(w.net.puts.filter((h) => h === failing.sha256)).toHaveLength(putsBefore);
    expect(await serverHasRow('headshot', failing.headshotId)).toBe(false);

    // Once the backoff is over it goes, and so do the rows that name it.
    t += RETRY_MAX_MS + 1;
    expect(await b.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0, reason: null });
    expect(w.net.puts.filter((h) => h === failing.sha256)).toHaveLength(putsBefore + 1);
    expect(listUploadQueue(b.b.db)).toEqual([]);
    expect(await serverHasBlob(failing.sha256)).toBe(true);
    expect(await serverHasRow('headshot', failing.headshotId)).toBe(true);

    // Another desktop now gets the photo row with its thumbnail.
    await a.call('sync.now', {});
    const onA = a.b.db.sqlite.prepare('SELECT sha256 FROM headshot WHERE id = ?').get(failing.headshotId) as
      | { sha256: string }
      | undefined;
    expect(onA?.sha256).toBe(failing.sha256);
    b.close();
  });

  it('lists a file over the server’s limit among sync problems; it can be sent again or kept here', async () => {
    const limit = 120 * 1024;
    const small = await startServer(syncServer.tdb.url, {
      limits: { ...defaultLimits, loginPerIp: 1000, loginPerAccount: 1000, blobBytes: limit },
    });
    try {
      const w = await wiredDesk('c', { server: small });
      const c = w.d;
      await c.call('sync.createOffice', {
        officeName: 'Tight Limits',
        email: 'tight@example.test',
        password,
        displayName: 'Tight',
      });
      const big = await jpeg(1600, 2000, 31);
      expect(big.length).toBeGreaterThan(limit);
      const p = await importPhoto(c, 'Huge Photo', big);
      const status = await c.call('sync.now', {});
      expect(status).toMatchObject({ state: 'online', unsent: 0, problems: 1 });

      const listed = (await c.call('sync.problems.list', {})).items;
      expect(listed).toEqual([
        {
          table: 'headshot',
          rowId: p.sha256,
          column: 'full-size photo',
          value: 'Huge Photo, HugePhoto.jpg',
          hlc: '',
          reason: expect.stringMatching(
            /^\d+\.\d MB is over the sync server's limit of 0\.1 MB: it stays on this computer\. The profile and its thumbnail still sync\.$/,
          ),
        },
      ]);
      const key = { table: 'headshot', rowId: p.sha256, column: 'full-size photo' };

      // Sent again: the server is asked anew (its limit may have been raised); still too large, listed again.
      const asked = w.net.heads.filter((h) => h === p.sha256).length;
      await c.call('sync.problems.retry', key);
      expect(await c.call('sync.now', {})).toMatchObject({ state: 'online', problems: 1 });
      expect(w.net.heads.filter((h) => h === p.sha256)).toHaveLength(asked + 1);
      expect(w.net.puts).not.toContain(p.sha256); // the limit the server gave refuses it before any byte is sent
      expect(listUploadQueue(c.b.db).map((q) => [q.sha256, q.state, q.attempts])).toEqual([
        [p.sha256, 'too_large', 0],
      ]);

      // Kept here: no longer a problem; the gallery still says the full size is not synced.
      await c.call('sync.problems.discard', key);
      expect(c.status().problems).toBe(0);
      expect((await c.call('sync.problems.list', {})).items).toEqual([]);
      const gallery = await c.call('headshots.list', { talentId: p.talentId });
      expect(gallery.items[0]?.syncNote).toMatch(/over the sync server's limit/);
      expect(await serverHasRow('headshot', p.headshotId)).toBe(true);
      c.close();
    } finally {
      await small.server.close();
    }
  });
});
