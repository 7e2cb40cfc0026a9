// The update logic against a real feed on loopback: latest-linux.yml and its file served by node:http on
// 127.0.0.1, as electron-builder publishes them (base64 SHA-512, `<file>.sig` beside it).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkFeed,
  downloadFile,
  feedFileName,
  fetchVerifiedUpdate,
  type Progress,
  parseFeed,
  releaseNotesText,
  UpdateError,
} from '../../src/main/update-feed.ts';
import { sha512Base64, signUpdate } from '../../src/main/update-signature.ts';
import { tempDir } from '../support/db.ts';

const pem = (
  k: { export(o: { type: 'spki' | 'pkcs8'; format: 'pem' }): string | Buffer },
  type: 'spki' | 'pkcs8',
) => String(k.export({ type, format: 'pem' }));
const release = generateKeyPairSync('ed25519');
const publicKeyPem = pem(release.publicKey, 'spki');
const stranger = generateKeyPairSync('ed25519');

const NAME = 'CastMatch-0.2.0.AppImage';
const bytes = randomBytes(2 * 1024 * 1024 + 123);

/** What the server serves, by path; tests change it between calls. */
const routes = new Map<string, { status: number; body: Buffer | string }>();
let server: Server;
let feedUrl: string;

function feedYaml(o: { version?: string; sha512: string; notes?: string }): string {
  return [
    `version: ${o.version ?? '0.2.0'}`,
    'files:',
    `  - url: ${NAME}`,
    `    sha512: ${o.sha512}`,
    `    size: ${bytes.length}`,
    `path: ${NAME}`,
    `sha512: ${o.sha512}`,
    "releaseDate: '2026-12-01T10:00:00.000Z'",
    'releaseNotes: |-',
    `  ${o.notes ?? '<p>Faster imports.</p><ul><li>Backups &amp; restore</li></ul>'}`,
    '',
  ].join('\n');
}

let goodSha: string;
let goodSig: string;

function serveRelease(o: { file?: Buffer; sig?: string; feedStatus?: number; version?: string } = {}) {
  routes.clear();
  routes.set('/desktop/latest-linux.yml', {
    status: o.feedStatus ?? 200,
    body: o.feedStatus && o.feedStatus !== 200 ? 'oops' : feedYaml({ sha512: goodSha, version: o.version }),
  });
  routes.set(`/desktop/${NAME}`, { status: 200, body: o.file ?? bytes });
  routes.set(`/desktop/${NAME}.sig`, { status: 200, body: o.sig ?? goodSig });
}

beforeAll(async () => {
  const f = join(tempDir(), NAME);
  writeFileSync(f, bytes);
  goodSha = await sha512Base64(f);
  goodSig = await signUpdate(f, '0.2.0', pem(release.privateKey, 'pkcs8'));
  server = createServer((req, res) => {
    const r = routes.get(req.url ?? '');
    if (!r) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(r.status, { 'content-length': Buffer.byteLength(r.body) }).end(r.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/desktop/`;
});

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});

const opts = () => ({ feedUrl, platform: 'linux' as const });

async function refusal(p: Promise<unknown>): Promise<UpdateError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UpdateError);
  return e as UpdateError;
}

describe('the update feed on loopback', () => {
  it('finds a newer version, with its file, checksum and release notes as text', async () => {
    serveRelease();
    const r = await checkFeed(opts(), '0.1.0');
    expect(r.available).toBe(true);
    if (!r.available) return;
    expect(r.feed.version).toBe('0.2.0');
    expect(r.feed.files).toEqual([{ url: NAME, sha512: goodSha, size: bytes.length }]);
    expect(r.feed.releaseNotes).toBe('Faster imports.\nBackups & restore');
    expect(r.feed.releaseDate).toBe('2026-12-01T10:00:00.000Z');
  });

  it('finds nothing when the feed has the same or an older version', async () => {
    serveRelease();
    expect(await checkFeed(opts(), '0.2.0')).toEqual({ available: false, latest: '0.2.0' });
    expect(await checkFeed(opts(), '0.3.0-beta.1')).toEqual({ available: false, latest: '0.2.0' });
  });

  it('downloads the good file with progress and accepts it (checksum and signature)', async () => {
    serveRelease();
    const dir = tempDir();
    const seen: Progress[] = [];
    const r = await fetchVerifiedUpdate({ ...opts(), currentVersion: '0.1.0', publicKeyPem, dir }, (p) =>
      seen.push(p),
    );
    expect(r?.feed.version).toBe('0.2.0');
    expect(readFileSync(r!.path).equals(bytes)).toBe(true);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual({ transferred: bytes.length, total: bytes.length, percent: 100 });
    expect(seen.every((p, i) => i === 0 || p.transferred > seen[i - 1]!.transferred)).toBe(true);
  });

  it('refuses a download with one corrupted byte by its checksum, and leaves no file', async () => {
    const corrupt = Buffer.from(bytes);
    corrupt[1000] = corrupt[1000]! ^ 0xff;
    serveRelease({ file: corrupt });
    const dir = tempDir();
    const e = await refusal(fetchVerifiedUpdate({ ...opts(), currentVersion: '0.1.0', publicKeyPem, dir }));
    expect(e.code).toBe('SHA_MISMATCH');
    expect(e.message).toMatch(/corrupt/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a file signed by another key, or with no signature, and leaves no file', async () => {
    const f = join(tempDir(), NAME);
    writeFileSync(f, bytes);
    serveRelease({ sig: await signUpdate(f, '0.2.0', pem(stranger.privateKey, 'pkcs8')) });
    const dir = tempDir();
    const e = await refusal(fetchVerifiedUpdate({ ...opts(), currentVersion: '0.1.0', publicKeyPem, dir }));
    expect(e.code).toBe('SIGNATURE_REFUSED');
    expect(e.message).toMatch(/does not verify/);
    expect(existsSync(join(dir, NAME))).toBe(false);

    serveRelease();
    routes.delete(`/desktop/${NAME}.sig`);
    const missing = await refusal(
      fetchVerifiedUpdate({ ...opts(), currentVersion: '0.1.0', publicKeyPem, dir }),
    );
    expect(missing.code).toBe('SIGNATURE_REFUSED');
    expect(missing.message).toMatch(/missing or malformed/);

    // A build without a pinned key installs nothing, whatever the feed says.
    serveRelease();
    const noKey = await refusal(
      fetchVerifiedUpdate({ ...opts(), currentVersion: '0.1.0', publicKeyPem: null, dir }),
    );
    expect(noKey.message).toMatch(/no pinned update key/);
  });

  it('reports a server error, a missing file and an unreachable server as such', async () => {
    serveRelease({ feedStatus: 503 });
    const e = await refusal(checkFeed(opts(), '0.1.0'));
    expect(e.code).toBe('FEED_HTTP');
    expect(e.message).toMatch(/503/);

    serveRelease();
    routes.delete(`/desktop/${NAME}`);
    const dir = tempDir();
    const gone = await refusal(downloadFile(opts(), { url: NAME, sha512: goodSha }, dir));
    expect(gone.code).toBe('DOWNLOAD_HTTP');
    expect(gone.message).toMatch(/404/);

    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const down = await refusal(checkFeed({ feedUrl: `http://127.0.0.1:${port}/desktop/` }, '0.1.0'));
    expect(down.code).toBe('FEED_UNREACHABLE');
  });
});

describe('reading a feed', () => {
  it('names what is wrong with a malformed feed', () => {
    const bad = (text: string) => {
      try {
        parseFeed(text);
      } catch (e) {
        expect(e).toBeInstanceOf(UpdateError);
        return (e as UpdateError).message;
      }
      throw new Error('accepted');
    };
    expect(bad('version: [')).toMatch(/not valid YAML/);
    expect(bad('- a\n- b')).toMatch(/not a mapping/);
    expect(bad('version: latest\nfiles: []')).toMatch(/version/);
    expect(bad('version: 1.0.0\nfiles: []')).toMatch(/no file/);
    expect(bad('version: 1.0.0\nfiles:\n  - url: a.AppImage\n    sha512: abc')).toMatch(
      /a.AppImage has no base64 sha512/,
    );
  });

  it('reads an old-style feed (path + sha512) and a changelog list', () => {
    const sha = Buffer.alloc(64, 7).toString('base64');
    const f = parseFeed(`version: 1.2.3\npath: CastMatch.AppImage\nsha512: ${sha}\n`);
    expect(f.files).toEqual([{ url: 'CastMatch.AppImage', sha512: sha }]);
    expect(f.releaseNotes).toBe('');
    expect(
      releaseNotesText([
        { version: '1.2.3', note: 'Fix <b>crash</b>' },
        { version: '1.2.2', note: null },
      ]),
    ).toBe('1.2.3\nFix crash\n\n1.2.2');
    expect(releaseNotesText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('names the feed file per platform', () => {
    expect(feedFileName('linux')).toBe('latest-linux.yml');
    expect(feedFileName('win32')).toBe('latest.yml');
    expect(feedFileName('darwin')).toBe('latest-mac.yml');
  });
});
