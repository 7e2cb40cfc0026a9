// The update feed without Electron: read latest-<platform>.yml as electron-builder writes it, decide whether it
// is newer, download its file with progress, and accept it only if its SHA-512 matches the feed and its
// Ed25519 signature verifies against the pinned key (update-signature.ts). Plain Node (fetch, node:crypto), so
// tests/shell/update-feed.test.ts runs it against a real feed served on 127.0.0.1. updater.ts uses the same
// reading of release notes and the same signature gate around electron-updater's download.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { load } from 'js-yaml';
import { isNewerVersion, verifyUpdate } from './update-signature.ts';

export interface FeedFile {
  /** Relative to the feed's folder (as electron-builder writes it) or absolute http(s). */
  url: string;
  /** Base64 SHA-512 of the file, as electron-builder writes it. */
  sha512: string;
  size?: number;
}

export interface UpdateFeed {
  version: string;
  files: FeedFile[];
  /** Plain text (HTML tags removed); empty when the release has none. */
  releaseNotes: string;
  releaseDate?: string;
}

export type UpdateErrorCode =
  | 'FEED_UNREACHABLE'
  | 'FEED_HTTP'
  | 'FEED_INVALID'
  | 'DOWNLOAD_HTTP'
  | 'DOWNLOAD_BROKEN'
  | 'SHA_MISMATCH'
  | 'SIGNATURE_REFUSED';

export class UpdateError extends Error {
  override name = 'UpdateError';
  readonly code: UpdateErrorCode;
  constructor(code: UpdateErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** The feed file electron-builder publishes for each platform. */
export function feedFileName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return 'latest-linux.yml';
}

/**
 * Release notes as electron-builder or electron-updater hand them over: a string (often HTML), or, with
 * fullChangelog, a list of `{version, note}`. Always plain text, at most `max` characters.
 */
export function releaseNotesText(notes: unknown, max = 4000): string {
  let text = '';
  if (typeof notes === 'string') text = notes;
  else if (Array.isArray(notes)) {
    text = notes
      .map((n: unknown) => {
        const o = (n ?? {}) as { version?: unknown; note?: unknown };
        const note = typeof o.note === 'string' ? o.note : '';
        return typeof o.version === 'string' ? `${o.version}\n${note}` : note;
      })
      .join('\n\n');
  }
  const plain = text
    .replace(/<\s*(br|\/p|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

const BASE64_SHA512 = /^[A-Za-z0-9+/]{86}==$/;

/** Reads a latest*.yml; anything it cannot use is a FEED_INVALID naming the field. */
export function parseFeed(text: string): UpdateFeed {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw new UpdateError('FEED_INVALID', `The update feed is not valid YAML: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new UpdateError('FEED_INVALID', 'The update feed is empty or not a mapping.');
  const d = doc as Record<string, unknown>;
  const version = typeof d.version === 'string' || typeof d.version === 'number' ? String(d.version) : '';
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
    throw new UpdateError('FEED_INVALID', `The update feed's version is missing or not x.y.z: '${version}'.`);
  // Older feeds give only path + sha512 at the top level; newer ones a files list.
  const rawFiles: unknown[] = Array.isArray(d.files)
    ? d.files
    : d.path
      ? [{ url: d.path, sha512: d.sha512 }]
      : [];
  const files = rawFiles.map((f, i): FeedFile => {
    const o = (f ?? {}) as Record<string, unknown>;
    if (typeof o.url !== 'string' || !o.url)
      throw new UpdateError('FEED_INVALID', `The update feed's file ${i + 1} has no url.`);
    if (typeof o.sha512 !== 'string' || !BASE64_SHA512.test(o.sha512))
      throw new UpdateError('FEED_INVALID', `The update feed's file ${o.url} has no base64 sha512.`);
    return { url: o.url, sha512: o.sha512, ...(typeof o.size === 'number' ? { size: o.size } : {}) };
  });
  if (files.length === 0) throw new UpdateError('FEED_INVALID', 'The update feed lists no file.');
  const date = d.releaseDate;
  return {
    version,
    files,
    releaseNotes: releaseNotesText(d.releaseNotes),
    ...(typeof date === 'string'
      ? { releaseDate: date }
      : date instanceof Date
        ? { releaseDate: date.toISOString() }
        : {}),
  };
}

export interface FeedOptions {
  /** The feed's folder, ending in '/' (electron-builder.yml publish.url). */
  feedUrl: string;
  platform?: NodeJS.Platform;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

async function get(o: FeedOptions, url: string, what: 'feed' | 'download'): Promise<Response> {
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, { signal: o.signal ?? null, redirect: 'follow' });
  } catch (e) {
    throw new UpdateError(
      'FEED_UNREACHABLE',
      `The update server could not be reached (${(e as Error).message}).`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new UpdateError(
      what === 'feed' ? 'FEED_HTTP' : 'DOWNLOAD_HTTP',
      `The update server answered ${res.status} for ${new URL(url).pathname}.`,
    );
  }
  return res;
}

export type CheckResult = { available: false; latest: string } | { available: true; feed: UpdateFeed };

/** Reads the feed and says whether it offers a version newer than `currentVersion`. */
export async function checkFeed(o: FeedOptions, currentVersion: string): Promise<CheckResult> {
  const res = await get(o, new URL(feedFileName(o.platform), o.feedUrl).href, 'feed');
  const feed = parseFeed(await res.text());
  return isNewerVersion(feed.version, currentVersion)
    ? { available: true, feed }
    : { available: false, latest: feed.version };
}

export interface Progress {
  transferred: number;
  /** From the feed's size or Content-Length; 0 when neither says. */
  total: number;
  percent: number;
}

function fileUrl(o: FeedOptions, file: FeedFile): URL {
  const url = new URL(file.url, o.feedUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UpdateError('FEED_INVALID', `The update file's address is not http(s): ${url.protocol}`);
  return url;
}

/** The name the release signed: the last path segment of the file's URL. */
export function signedFileName(o: FeedOptions, file: FeedFile): string {
  return decodeURIComponent(fileUrl(o, file).pathname.split('/').at(-1) ?? '');
}

/**
 * Downloads one file of the feed into `dir`, hashing as it arrives. A file whose SHA-512 is not the feed's is
 * deleted and refused (SHA_MISMATCH); nothing half-downloaded is left behind.
 */
export async function downloadFile(
  o: FeedOptions,
  file: FeedFile,
  dir: string,
  onProgress: (p: Progress) => void = () => {},
): Promise<string> {
  const url = fileUrl(o, file);
  const res = await get(o, url.href, 'download');
  const total = file.size ?? Number(res.headers.get('content-length') ?? 0);
  await mkdir(dir, { recursive: true });
  const path = join(dir, signedFileName(o, file).replace(/[/\\]/g, '_') || 'update');
  const hash = createHash('sha512');
  let transferred = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      transferred += chunk.length;
      onProgress({ transferred, total, percent: total ? Math.min(100, (transferred / total) * 100) : 0 });
      done(null, chunk);
    },
  });
  try {
    if (!res.body) throw new Error('empty response');
    await pipeline(
      Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
      count,
      createWriteStream(path),
    );
  } catch (e) {
    await rm(path, { force: true });
    throw new UpdateError('DOWNLOAD_BROKEN', `The update download broke off (${(e as Error).message}).`);
  }
  const got = hash.digest('base64');
  if (got !== file.sha512) {
    await rm(path, { force: true });
    throw new UpdateError(
      'SHA_MISMATCH',
      `The downloaded update is corrupt: its SHA-512 is not the one the feed announced (${transferred} bytes received).`,
    );
  }
  return path;
}

/** The release's `<file>.sig` beside it on the feed; '' when there is none (which then fails the gate). */
export async function fetchSignature(o: FeedOptions, file: FeedFile): Promise<string> {
  const url = new URL(`${fileUrl(o, file).href}.sig`);
  try {
    const res = await (o.fetch ?? fetch)(url, { signal: o.signal ?? null });
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}

const REFUSALS: Record<string, string> = {
  NO_KEY: 'this build has no pinned update key, so it installs no update',
  BAD_KEY: 'the pinned update key is unusable',
  BAD_SIGNATURE_FORMAT: 'the release signature is missing or malformed',
  SIGNATURE_MISMATCH: "the release signature does not verify against CastMatch's key",
  NOT_NEWER: 'it is not newer than this version',
  SHA_MISMATCH: 'its SHA-512 is not the one the feed announced',
};

/** Why an update was refused, in words for a log line or a dialog. */
export function refusalText(reason: string): string {
  return REFUSALS[reason] ?? reason;
}

/**
 * The signature gate over a file already on disk (ours or electron-updater's download). Throws
 * SIGNATURE_REFUSED with the reason unless the pinned key verifies it.
 */
export async function assertSigned(
  o: FeedOptions,
  input: {
    path: string;
    file: FeedFile;
    version: string;
    currentVersion: string;
    publicKeyPem: string | null;
  },
): Promise<void> {
  const verdict = await verifyUpdate({
    file: input.path,
    fileName: signedFileName(o, input.file),
    version: input.version,
    currentVersion: input.currentVersion,
    announcedSha512: input.file.sha512,
    signature: await fetchSignature(o, input.file),
    publicKeyPem: input.publicKeyPem,
  });
  if (!verdict.ok)
    throw new UpdateError(
      'SIGNATURE_REFUSED',
      `Update ${input.version} refused: ${refusalText(verdict.reason)}.`,
    );
}

/** Check, download and verify in one: the path of a verified update, or null when there is none newer. */
export async function fetchVerifiedUpdate(
  o: FeedOptions & { currentVersion: string; publicKeyPem: string | null; dir: string },
  onProgress?: (p: Progress) => void,
): Promise<{ path: string; feed: UpdateFeed } | null> {
  const check = await checkFeed(o, o.currentVersion);
  if (!check.available) return null;
  const file = check.feed.files[0]!;
  const path = await downloadFile(o, file, o.dir, onProgress);
  try {
    await assertSigned(o, {
      path,
      file,
      version: check.feed.version,
      currentVersion: o.currentVersion,
      publicKeyPem: o.publicKeyPem,
    });
  } catch (e) {
    await rm(path, { force: true });
    throw e;
  }
  return { path, feed: check.feed };
}
