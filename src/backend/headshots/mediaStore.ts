import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaVariant } from '../../shared/headshots.ts';
import type { AppDatabase } from '../store/db.ts';

/**
 * Content-addressed media under `<dataDir>/media/`:
 *   originals/ab/cdef…   the file exactly as dropped (sha256 = "abcdef…")
 *   320/<sha>.webp       grid thumbnail, 1280/<sha>.webp full-size view (EXIF-rotated, no metadata)
 *   tmp/                 temp files, renamed into place (same filesystem, so the rename is atomic)
 */
const SHA_RE = /^[0-9a-f]{64}$/;

export function isSha256(s: unknown): s is string {
  return typeof s === 'string' && SHA_RE.test(s);
}

export function mediaRoot(dataDir: string): string {
  return join(dataDir, 'media');
}

/** Path of one variant. Throws on anything but a lower-case hex SHA-256, so no caller can build a traversal. */
export function mediaPath(dataDir: string, sha256: string, variant: MediaVariant): string {
  if (!isSha256(sha256)) throw new Error('mediaPath: not a SHA-256');
  const root = mediaRoot(dataDir);
  if (variant === 'original') return join(root, 'originals', sha256.slice(0, 2), sha256.slice(2));
  return join(root, variant, `${sha256}.webp`);
}

export function isFullyStored(dataDir: string, sha256: string): boolean {
  return (['original', '320', '1280'] as const).every((v) => existsSync(mediaPath(dataDir, sha256, v)));
}

/** Writes bytes to `dest` atomically: temp file in media/tmp, fsync, rename. Readers never see a partial file. */
export async function writeAtomic(dataDir: string, dest: string, bytes: Uint8Array): Promise<void> {
  const tmpDir = join(mediaRoot(dataDir), 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const destDir = join(dest, '..');
  await mkdir(destDir, { recursive: true });
  const tmp = join(tmpDir, `${randomBytes(8).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, dest);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export interface ResolvedMedia {
  path: string;
  /** Content type to serve: the original's type, or image/webp for derivatives. */
  mime: string;
}

/**
 * The file behind `castmatch-media://media/<variant>/<sha>` and the host's HTTP route. Only a strictly
 * valid hash that is a known media_blob and present on disk resolves; anything else → null (serve 404).
 */
export function resolveMedia(
  db: AppDatabase,
  dataDir: string,
  sha256: unknown,
  variant: unknown,
): ResolvedMedia | null {
  if (!isSha256(sha256)) return null;
  if (variant !== 'original' && variant !== '320' && variant !== '1280') return null;
  const row = db.sqlite.prepare('SELECT mime FROM media_blob WHERE sha256 = ?').get(sha256) as
    | { mime: string }
    | undefined;
  if (!row) return null;
  const path = mediaPath(dataDir, sha256, variant);
  if (!existsSync(path)) return null;
  return { path, mime: variant === 'original' ? row.mime : 'image/webp' };
}

/** Removes temp files left by a crash mid-write (older than `olderThanMs`, so concurrent imports are untouched). */
export async function cleanStaleTemp(dataDir: string, olderThanMs = 60 * 60 * 1000): Promise<number> {
  const tmpDir = join(mediaRoot(dataDir), 'tmp');
  let names: string[];
  try {
    names = await readdir(tmpDir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const n of names) {
    if (!n.endsWith('.tmp')) continue;
    const p = join(tmpDir, n);
    try {
      if (Date.now() - (await stat(p)).mtimeMs > olderThanMs) {
        await rm(p, { force: true });
        removed++;
      }
    } catch {
      // vanished meanwhile: fine
    }
  }
  return removed;
}
