// The media store's side of blob sync (src/backend/sync/blobs*.ts): what a desktop that did not import a headshot
// writes when its thumbnail or original arrives from the server. The caller has checked the bytes against their
// SHA-256; these functions check again before anything is written, so no path here stores unverified bytes.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import type { AppDatabase } from '../store/db.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { mediaPath, writeAtomic } from './mediaStore.ts';
import { makeDerivatives } from './process.ts';
import { ensureMediaBlob } from './repo.ts';

const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The original's size and type as the importing desktop recorded them on the headshot row (synced columns). */
export interface RemoteOriginal {
  sha256: string;
  bytes: number | null;
  mime: string | null;
}

/**
 * Stores a pulled headshot's 320 px thumbnail under the original's hash (media/320/<sha>.webp, where the grid
 * looks) and the media_blob row the gallery joins, so the card shows the face before the original is here.
 */
export async function storeSyncedThumbnail(
  db: AppDatabase,
  dataDir: string,
  original: RemoteOriginal,
  thumbSha256: string,
  thumb: Uint8Array,
): Promise<void> {
  if (sha256Of(thumb) !== thumbSha256) throw new Error('thumbnail bytes do not match their hash');
  await writeAtomic(dataDir, mediaPath(dataDir, original.sha256, '320'), thumb);
  ensureMediaBlob(db, {
    sha256: original.sha256,
    byteSize: original.bytes ?? thumb.byteLength,
    mime: original.mime ?? 'application/octet-stream',
    width: null,
    height: null,
  });
}

/**
 * Stores a downloaded original with the full-size (1280) view made here by the import's own pipeline, the
 * thumbnail if it is still missing, and the image's real type and size on its media_blob row.
 */
export async function storeSyncedOriginal(
  db: AppDatabase,
  dataDir: string,
  sha256: string,
  bytes: Buffer,
  mime: string,
): Promise<void> {
  if (sha256Of(bytes) !== sha256) throw new Error('image bytes do not match their hash');
  const meta = await sharp(bytes, { limitInputPixels: DEFAULT_LIMITS.maxInputPixels, pages: 1 }).metadata();
  const { d1280, d320 } = await makeDerivatives(bytes, DEFAULT_LIMITS);
  await writeAtomic(dataDir, mediaPath(dataDir, sha256, '1280'), d1280);
  if (!existsSync(mediaPath(dataDir, sha256, '320')))
    await writeAtomic(dataDir, mediaPath(dataDir, sha256, '320'), d320);
  await writeAtomic(dataDir, mediaPath(dataDir, sha256, 'original'), bytes);
  const width = meta.autoOrient?.width ?? meta.width ?? null;
  const height = meta.autoOrient?.height ?? meta.height ?? null;
  ensureMediaBlob(db, { sha256, byteSize: bytes.length, mime, width, height });
  db.sqlite
    .prepare('UPDATE media_blob SET byte_size = ?, mime = ?, width = ?, height = ? WHERE sha256 = ?')
    .run(bytes.length, mime, width, height, sha256);
}

/** Whether the full-size view of an image is on this desktop. */
export function hasFullSize(dataDir: string, sha256: string): boolean {
  return existsSync(mediaPath(dataDir, sha256, '1280'));
}
