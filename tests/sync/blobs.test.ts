// Blob sync through the real backend (createBackend + dispatch) against a real server on Postgres: a headshot
// imported on A reaches B as a record with its thumbnail (uploaded before the cells that name it), the original on
// demand; a script's PDF travels with its row; a corrupt blob from the server is refused and never stored; an
// unreachable server leaves the upload queue intact; an upload killed with the process resumes after a restart;
// an image over the server's limit stays local and says so. Waits are on sync.now (which waits for its run).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySecretStore, type SecretStore } from '../../src/backend/claude/secret-store.ts';
import { mediaPath } from '../../src/backend/headshots/mediaStore.ts';
import { listUploadQueue, scriptPdfPath } from '../../src/backend/sync/blobs.ts';
import { defaultLimits } from '../../src/server/config.ts';
import { jpeg } from '../headshots/helpers.ts';
import { serverForFile, startServer } from '../server/helpers.ts';
import { tempDir } from '../support/db.ts';
import { closeDesks, type Desk, makeDesk } from './desk.ts';

const password = 'a good long password';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const desk = (name: string, o: { fetch?: typeof fetch; dir?: string; tokens?: SecretStore } = {}) =>
  makeDesk(`blobs-${name}`, o);

/** Imports one photo onto a new profile; returns the profile and the stored original's hash. */
async function importPhoto(
  d: Desk,
  person: string,
  bytes: Buffer,
): Promise<{ talentId: string; sha256: string }> {
  const t = await d.call('talent.create', { fullName: person });
  const file = join(tempDir('castmatch-blobs-photo-'), `${person.replace(/\W/g, '')}.jpg`);
  writeFileSync(file, bytes);
  const report = await d.call('headshots.import', {
    files: [d.b.files.register(file, 'photo.jpg')],
    target: { mode: 'profile', talentId: t.id },
    batchId: `batch-${person.replace(/\W/g, '')}`,
  });
  expect(report.counts.imported).toBe(1);
  const row = d.b.db.sqlite.prepare('SELECT sha256 FROM headshot WHERE talent_id = ?').get(t.id) as {
    sha256: string;
  };
  return { talentId: t.id, sha256: row.sha256 };
}

const headshotRow = (d: Desk, sha256: string) =>
  d.b.db.sqlite
    .prepare('SELECT thumb_sha256, original_bytes, original_mime FROM headshot WHERE sha256 = ?')
    .get(sha256) as
    | { thumb_sha256: string | null; original_bytes: number | null; original_mime: string | null }
    | undefined;
const hasMediaBlob = (d: Desk, sha256: string) =>
  d.b.db.sqlite.prepare('SELECT 1 FROM media_blob WHERE sha256 = ?').get(sha256) !== undefined;
const serverBlobs = async (): Promise<Set<string>> =>
  new Set(
    (await syncServer.tdb.admin.query<{ sha256: string }>('SELECT sha256 FROM castmatch.blobs')).rows.map(
      (r) => r.sha256,
    ),
  );

/** Resolves once a restarted backend has taken up its kept sign-in (start() asks the token store first). */
function resumed(d: Desk): Promise<void> {
  return new Promise((ok) => {
    const ready = () => d.b.sync.status().state !== 'signedOut';
    if (ready()) return ok();
    const off = d.b.events.subscribe(() => {
      if (ready()) {
        off();
        ok();
      }
    });
  });
}

/** A fetch that records every request (method, path, push bodies) before passing it on. */
function recording(): { fetch: typeof fetch; log: { method: string; path: string; body: string }[] } {
  const log: { method: string; path: string; body: string }[] = [];
  return {
    log,
    fetch: async (input, init) => {
      const body = typeof init?.body === 'string' ? init.body : '';
      log.push({ method: init?.method ?? 'GET', path: new URL(String(input)).pathname, body });
      return fetch(input, init);
    },
  };
}

const syncServer = serverForFile('blobs', closeDesks);

describe('blob sync', () => {
  let a: Desk;
  let photo: { talentId: string; sha256: string };
  let photoBytes: Buffer;

  it('uploads a headshot’s thumbnail and original before its cells; B gets the record and thumbnail, the full image on demand', async () => {
    const rec = recording();
    a = await desk('a', { fetch: rec.fetch });
    await a.call('sync.configure', { serverUrl: syncServer.srv.base });
    await a.call('sync.createOffice', {
      officeName: 'Blob Office',
      email: 'director@example.test',
      password,
      displayName: 'Director',
    });
    photoBytes = await jpeg(900, 1200, 1);
    photo = await importPhoto(a, 'Asha Rao', photoBytes);
    const done = await a.call('sync.now', {});
    expect(done).toMatchObject({ state: 'online', unsent: 0 });
    expect(listUploadQueue(a.b.db)).toEqual([]);

    // The importing desktop filled in what others need: the thumbnail's own hash, the original's size and type.
    const row = headshotRow(a, photo.sha256)!;
    const thumb = readFileSync(mediaPath(a.dir, photo.sha256, '320'));
    expect(row.thumb_sha256).toBe(sha(thumb));
    expect(row.original_bytes).toBe(readFileSync(mediaPath(a.dir, photo.sha256, 'original')).length);
    expect(row.original_mime).toBe('image/jpeg');
    const onServer = await serverBlobs();
    expect(onServer.has(photo.sha256) && onServer.has(row.thumb_sha256!)).toBe(true);

    // Order: both blobs were PUT before any push carrying a cell that names them.
    const at = (pred: (e: (typeof rec.log)[number]) => boolean) => rec.log.findIndex(pred);
    const firstPushNaming = (h: string) => at((e) => e.path === '/v1/sync/push' && e.body.includes(h));
    const putOf = (h: string) => at((e) => e.method === 'PUT' && e.path === `/v1/blobs/${h}`);
    for (const h of [photo.sha256, row.thumb_sha256!]) {
      expect(putOf(h)).toBeGreaterThanOrEqual(0);
      expect(firstPushNaming(h)).toBeGreaterThan(putOf(h));
    }

    const invite = await a.call('sync.invite', { role: 'assistant' });
    const b = await desk('b');
    await b.call('sync.configure', { serverUrl: syncServer.srv.base });
    await b.call('sync.join', { code: invite.code, email: 'b@example.test', password, displayName: 'B' });
    expect(await b.call('sync.now', {})).toMatchObject({ state: 'online' });

    // The record and its thumbnail came with the pull; the original did not.
    expect(headshotRow(b, photo.sha256)?.thumb_sha256).toBe(row.thumb_sha256);
    expect(readFileSync(mediaPath(b.dir, photo.sha256, '320')).equals(thumb)).toBe(true);
    expect(existsSync(mediaPath(b.dir, photo.sha256, 'original'))).toBe(false);
    expect(existsSync(mediaPath(b.dir, photo.sha256, '1280'))).toBe(false);
    const before = await b.call('headshots.list', { talentId: photo.talentId });
    expect(before.items.map((i) => [i.sha256, i.fullSizeHere, i.byteSize])).toEqual([
      [photo.sha256, false, row.original_bytes],
    ]);

    const full = await b.call('headshots.fetchFullSize', { sha256: photo.sha256 });
    expect(full).toEqual({ state: 'local', message: null });
    expect(sha(readFileSync(mediaPath(b.dir, photo.sha256, 'original')))).toBe(photo.sha256);
    expect(existsSync(mediaPath(b.dir, photo.sha256, '1280'))).toBe(true);
    const after = await b.call('headshots.list', { talentId: photo.talentId });
    expect(after.items[0]).toMatchObject({
      fullSizeHere: true,
      mime: 'image/jpeg',
      width: 900,
      height: 1200,
    });
    b.close();
  });

  it('sends a script’s PDF with its row, and the other desktop stores it', async () => {
    const pdf = Buffer.from(`%PDF-1.4\n% CastMatch blob test ${Date.now()}\n%%EOF\n`);
    const h = sha(pdf);
    mkdirSync(join(a.dir, 'scripts'), { recursive: true });
    writeFileSync(scriptPdfPath(a.dir, h), pdf);
    const now = Date.now();
    a.b.db.sqlite
      .prepare(
        `INSERT INTO script (id, sha256, file_name, title, pages, analysis, created_at, updated_at)
         VALUES ('0193aaaa-0000-7000-8000-00000000b10b', ?, 'draft.pdf', 'Draft', 1, '{}', ?, ?)`,
      )
      .run(h, now, now);
    expect(await a.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0 });
    expect((await serverBlobs()).has(h)).toBe(true);

    const invite = await a.call('sync.invite', { role: 'assistant' });
    const c = await desk('c');
    await c.call('sync.configure', { serverUrl: syncServer.srv.base });
    await c.call('sync.join', { code: invite.code, email: 'c@example.test', password, displayName: 'C' });
    await c.call('sync.now', {});
    expect(readFileSync(scriptPdfPath(c.dir, h)).equals(pdf)).toBe(true);
    c.close();
  });

  it('refuses a corrupt blob from the server (hash mismatch): nothing is stored until a good copy comes', async () => {
    let corrupt = true;
    const damaging: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const path = new URL(String(input)).pathname;
      if (!corrupt || !path.startsWith('/v1/blobs/') || (init?.method ?? 'GET') !== 'GET' || !res.ok)
        return res;
      const bytes = Buffer.from(await res.arrayBuffer());
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1]! + 1) % 256; // one flipped byte
      return new Response(bytes, { status: res.status, headers: res.headers });
    };
    const d = await desk('d', { fetch: damaging });
    await d.call('sync.configure', { serverUrl: syncServer.srv.base });
    await d.call('sync.signIn', { email: 'director@example.test', password });
    expect(await d.call('sync.now', {})).toMatchObject({ state: 'online' });

    expect(headshotRow(d, photo.sha256)).toBeDefined(); // the record syncs
    expect(existsSync(mediaPath(d.dir, photo.sha256, '320'))).toBe(false); // its damaged thumbnail does not
    expect(hasMediaBlob(d, photo.sha256)).toBe(false);
    const refused = await d.call('headshots.fetchFullSize', { sha256: photo.sha256 });
    expect(refused.state).toBe('refused');
    expect(refused.message).toMatch(/damaged copy/);
    expect(existsSync(mediaPath(d.dir, photo.sha256, 'original'))).toBe(false);
    expect(existsSync(mediaPath(d.dir, photo.sha256, '1280'))).toBe(false);

    corrupt = false; // a good copy: stored at the next sync and on the next request
    await d.call('sync.now', {});
    expect(existsSync(mediaPath(d.dir, photo.sha256, '320'))).toBe(true);
    expect((await d.call('headshots.fetchFullSize', { sha256: photo.sha256 })).state).toBe('local');
    d.close();
  });

  it('leaves the upload queue and the outbox intact while the server is unreachable, and sends both when it is back', async () => {
    let down = false;
    const cable: typeof fetch = async (input, init) => {
      if (down) throw new TypeError('fetch failed (cable cut)');
      return fetch(input, init);
    };
    const e = await desk('e', { fetch: cable });
    await e.call('sync.configure', { serverUrl: syncServer.srv.base });
    await e.call('sync.signIn', { email: 'director@example.test', password });
    expect(await e.call('sync.now', {})).toMatchObject({ state: 'online' });

    down = true;
    const p = await importPhoto(e, 'Offline Kapoor', await jpeg(640, 800, 2));
    const offline = await e.call('sync.now', {});
    expect(offline.state).toBe('offline');
    expect(offline.unsent).toBeGreaterThan(0);
    const queued = listUploadQueue(e.b.db);
    expect(queued.map((q) => [q.kind, q.state]).sort()).toEqual([
      ['original', 'pending'],
      ['thumb', 'pending'],
    ]);
    expect(queued.find((q) => q.kind === 'original')?.sha256).toBe(p.sha256);
    expect(queued.some((q) => q.attempts > 0)).toBe(true);
    expect((await serverBlobs()).has(p.sha256)).toBe(false);
    expect(headshotRow(a, p.sha256)).toBeUndefined();

    down = false;
    expect(await e.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0 });
    expect(listUploadQueue(e.b.db)).toEqual([]);
    await a.call('sync.now', {});
    expect(headshotRow(a, p.sha256)).toBeDefined();
    expect(existsSync(mediaPath(a.dir, p.sha256, '320'))).toBe(true);
    e.close();
  });

  it('resumes an upload killed with the process after a restart', async () => {
    let hang = true;
    let started: () => void = () => {};
    const putStarted = new Promise<void>((ok) => {
      started = ok;
    });
    const stalling: typeof fetch = async (input, init) => {
      if (hang && init?.method === 'PUT' && new URL(String(input)).pathname.startsWith('/v1/blobs/')) {
        started();
        return new Promise<Response>(() => {}); // the process dies before the answer
      }
      return fetch(input, init);
    };
    const tokens = memorySecretStore();
    const f1 = await desk('f', { fetch: stalling, tokens });
    await f1.call('sync.configure', { serverUrl: syncServer.srv.base });
    await f1.call('sync.signIn', { email: 'director@example.test', password });
    expect(await f1.call('sync.now', {})).toMatchObject({ state: 'online' });
    const p = await importPhoto(f1, 'Restart Mehta', await jpeg(640, 800, 3));
    void f1.call('sync.now', {});
    await putStarted;
    expect(listUploadQueue(f1.b.db).map((q) => q.state)).toEqual(['pending', 'pending']);
    const dir = f1.dir;
    f1.close(); // killed mid-upload
    hang = false;

    const f2 = await desk('f2', { dir, tokens });
    await resumed(f2);
    expect(
      listUploadQueue(f2.b.db)
        .map((q) => q.kind)
        .sort(),
    ).toEqual(['original', 'thumb']);
    expect(await f2.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0 });
    expect(listUploadQueue(f2.b.db)).toEqual([]);
    const server = await serverBlobs();
    expect(server.has(p.sha256)).toBe(true);
    expect(server.has(headshotRow(f2, p.sha256)!.thumb_sha256!)).toBe(true);
    await a.call('sync.now', {});
    expect(existsSync(mediaPath(a.dir, p.sha256, '320'))).toBe(true);
    f2.close();
  });

  it('does not send a blob the office already has (asks with HEAD first)', async () => {
    const rec = recording();
    const k = await desk('k', { fetch: rec.fetch });
    await k.call('sync.configure', { serverUrl: syncServer.srv.base });
    await k.call('sync.signIn', { email: 'director@example.test', password });
    await k.call('sync.now', {});
    // The importer calls a photo already on a live profile a duplicate: this one is let go first.
    await k.call('talent.delete', { id: photo.talentId });
    const again = await importPhoto(k, 'Asha Rao Twin', photoBytes); // A's photo, imported anew
    expect(again.sha256).toBe(photo.sha256);
    expect(await k.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0 });
    const blobCalls = rec.log.filter((e) => e.path === `/v1/blobs/${photo.sha256}`).map((e) => e.method);
    expect(blobCalls).toEqual(['HEAD']);
    expect(listUploadQueue(k.b.db)).toEqual([]);
    k.close();
  });

  it('keeps an image over the server’s limit on its desktop, says so, and still syncs its record and thumbnail', async () => {
    const big = await jpeg(1600, 2000, 4);
    const limit = 120 * 1024;
    expect(big.length).toBeGreaterThan(limit);
    const small = await startServer(syncServer.tdb.url, {
      limits: { ...defaultLimits, loginPerIp: 1000, loginPerAccount: 1000, blobBytes: limit },
    });
    try {
      const rec = recording();
      const g = await desk('g', { fetch: rec.fetch });
      await g.call('sync.configure', { serverUrl: small.base });
      await g.call('sync.createOffice', {
        officeName: 'Small Limits',
        email: 'small@example.test',
        password,
        displayName: 'Small',
      });
      const p = await importPhoto(g, 'Large Photo', big);
      expect(await g.call('sync.now', {})).toMatchObject({ state: 'online', unsent: 0 });
      const q = listUploadQueue(g.b.db);
      expect(q.map((x) => [x.kind, x.state])).toEqual([['original', 'too_large']]);
      expect(rec.log.some((x) => x.method === 'PUT' && x.path === `/v1/blobs/${p.sha256}`)).toBe(false);
      const mine = await g.call('headshots.list', { talentId: p.talentId });
      expect(mine.items[0]?.syncNote).toMatch(/over the sync server's limit/);

      const invite = await g.call('sync.invite', { role: 'assistant' });
      const h = await desk('h');
      await h.call('sync.configure', { serverUrl: small.base });
      await h.call('sync.join', { code: invite.code, email: 'h@example.test', password, displayName: 'H' });
      await h.call('sync.now', {});
      expect(existsSync(mediaPath(h.dir, p.sha256, '320'))).toBe(true);
      const r = await h.call('headshots.fetchFullSize', { sha256: p.sha256 });
      expect(r.state).toBe('too_large');
      expect(r.message).toMatch(/larger than the sync server takes/);
      g.close();
      h.close();
    } finally {
      await small.server.close();
    }
  });
});
