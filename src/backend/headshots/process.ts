import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { ImportFailureCode } from '../../shared/headshots.ts';
import { cleanOriginal } from './clean-original.ts';
import { type ImageFormat, MIME, sniffFormat } from './detect.ts';
import { DEFAULT_LIMITS, type ImportLimits, WEBP_QUALITY } from './limits.ts';
import { isFullyStored, mediaPath, writeAtomic } from './mediaStore.ts';

/** What the worker learned about one file: stored (now or before), or why not. */
export type ProcessResult =
  | {
      ok: true;
      sha256: string;
      byteSize: number;
      format: ImageFormat;
      mime: string;
      /** Displayed size (EXIF orientation applied). */
      width: number;
      height: number;
      /** False when the same bytes were already in the media store (nothing written). */
      wroteFiles: boolean;
    }
  | { ok: false; code: ImportFailureCode; message: string };

const fail = (code: ImportFailureCode, message: string): ProcessResult => ({ ok: false, code, message });

/** Maps an fs error on a dropped file to a per-file failure. */
export function fsFailure(e: unknown, path: string): ProcessResult {
  const code = (e as NodeJS.ErrnoException).code;
  const name = basename(path);
  if (code === 'ENOENT')
    return fail('NOT_FOUND', `"${name}" no longer exists (moved or deleted during the import).`);
  if (code === 'ELOOP')
    return fail('SYMLINK_LOOP', `"${name}" is a symbolic link that points back to itself.`);
  if (code === 'EACCES' || code === 'EPERM')
    return fail('UNREADABLE', `"${name}" could not be read: permission denied.`);
  return fail('UNREADABLE', `"${name}" could not be read (${code ?? (e as Error).message}).`);
}

/** Maps a libvips/sharp decode error to a per-file failure. */
export function decodeFailure(e: unknown, format: ImageFormat, bytes?: Uint8Array): ProcessResult {
  const msg = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(msg)) return fail('TOO_MANY_PIXELS', 'The image has more pixels than allowed.');
  if (
    /premature end|truncat|unexpected end|end of (file|stream|data)|not enough data|short read|out of data/i.test(
      msg,
    ) ||
    (bytes && lacksEndMarker(bytes, format))
  )
    return fail('TRUNCATED', `The ${format.toUpperCase()} file is cut off (incomplete download or copy).`);
  if (/no decoding plugin|unsupported (codec|feature)|compression scheme/i.test(msg))
    return fail(
      'UNSUPPORTED_FORMAT',
      `This ${format.toUpperCase()} variant cannot be decoded (${msg.split('\n')[0]}).`,
    );
  return fail(
    'CORRUPT_IMAGE',
    `The ${format.toUpperCase()} file is damaged and could not be decoded (${msg.split('\n')[0]}).`,
  );
}

/** PNG must end with an IEND chunk, JPEG with EOI, WebP as long as its RIFF size: a missing one on a file that failed to decode means truncation. */
function lacksEndMarker(b: Uint8Array, format: ImageFormat): boolean {
  if (format === 'png') return Buffer.from(b.subarray(-8, -4)).toString('latin1') !== 'IEND';
  if (format === 'jpeg') return !(b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9);
  // RIFF header declares the payload size.
  if (format === 'webp') return b.length >= 8 && Buffer.from(b).readUInt32LE(4) + 8 > b.length;
  return false;
}

/**
 * Reads the file into one buffer sized from stat (no chunk copies), never more than `max + 1` bytes, so
 * a file that grows after stat() cannot make us read gigabytes.
 */
async function readBounded(path: string, expected: number, max: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(Math.min(expected + 1, max + 1));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (buf.length > max) break;
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, total, buf.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buf.subarray(0, total);
  } finally {
    await fh.close();
  }
}

function tooLarge(name: string, bytes: number, limits: ImportLimits): ProcessResult {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  return fail('TOO_LARGE', `"${name}" is ${mb(bytes)}; the limit is ${mb(limits.maxFileBytes)}.`);
}

/**
 * Decodes once to 1280 px (JPEG shrink-on-load makes this cheap), then encodes the 1280 WebP and
 * resizes those pixels to 320. `.rotate()` applies EXIF orientation; sharp writes no metadata unless
 * asked (no EXIF/GPS/XMP/ICC in derivatives).
 */
export async function makeDerivatives(
  input: Buffer,
  limits: ImportLimits,
): Promise<{ d1280: Buffer; d320: Buffer }> {
  const { data, info } = await sharp(input, {
    limitInputPixels: limits.maxInputPixels,
    failOn: 'truncated',
    pages: 1,
  })
    .rotate()
    .resize({ width: 1280, height: 1280, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' }) // 16-bit PNG/TIFF → 8-bit, what WebP holds
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const [d1280, d320] = await Promise.all([
    sharp(data, raw).webp({ quality: WEBP_QUALITY }).toBuffer(),
    sharp(data, raw)
      .resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: WEBP_QUALITY })
      .toBuffer(),
  ]);
  return { d1280, d320 };
}

/** Checks, hashes and stores one file. Never throws for bad input: returns a typed failure instead. */
export async function processHeadshotFile(
  path: string,
  dataDir: string,
  limits: ImportLimits = DEFAULT_LIMITS,
): Promise<ProcessResult> {
  const name = basename(path);
  let bytes: Buffer;
  try {
    const st = await stat(path);
    if (!st.isFile())
      return fail('UNREADABLE', `"${name}" is not a regular file (a device, pipe or socket).`);
    if (st.size === 0) return fail('EMPTY_FILE', `"${name}" is empty (0 bytes).`);
    if (st.size > limits.maxFileBytes) return tooLarge(name, st.size, limits);
    bytes = await readBounded(path, st.size, limits.maxFileBytes);
  } catch (e) {
    return fsFailure(e, path);
  }
  if (bytes.length === 0) return fail('EMPTY_FILE', `"${name}" is empty (0 bytes).`);
  if (bytes.length > limits.maxFileBytes) return tooLarge(name, bytes.length, limits);
  return processHeadshotBytes(bytes, name, dataDir, limits);
}

/**
 * Checks, hashes and stores an image already in memory.
 * The stored original keeps no location or other metadata (see cleanOriginal), and its SHA-256 is of the
 * bytes stored, so the sync server's content check holds; the same file dropped twice still hashes the same.
 */
export async function processHeadshotBytes(
  bytes: Buffer,
  name: string,
  dataDir: string,
  limits: ImportLimits = DEFAULT_LIMITS,
): Promise<ProcessResult> {
  const sniffed = sniffFormat(bytes.subarray(0, 512));
  if (!sniffed.ok) return sniffed;
  const format = sniffed.format;

  let width: number;
  let height: number;
  let meta: Metadata;
  try {
    // Header only: refuse bombs before any pixel is decoded.
    meta = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
    if (!meta.width || !meta.height) return fail('CORRUPT_IMAGE', `"${name}" has no readable image size.`);
    if (meta.width * meta.height > limits.maxInputPixels) {
      return fail(
        'TOO_MANY_PIXELS',
        `"${name}" is ${meta.width} × ${meta.height} pixels (${Math.round((meta.width * meta.height) / 1e6)} MP); the limit is ${Math.round(limits.maxInputPixels / 1e6)} MP.`,
      );
    }
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
  } catch (e) {
    return decodeFailure(e, format, bytes);
  }

  let stored: Buffer;
  try {
    stored = await cleanOriginal(bytes, format, meta, limits.maxInputPixels);
  } catch (e) {
    return decodeFailure(e, format, bytes);
  }
  const sha256 = createHash('sha256').update(stored).digest('hex');
  const base = {
    ok: true as const,
    sha256,
    byteSize: stored.length,
    format,
    mime: MIME[format],
    width,
    height,
  };
  if (isFullyStored(dataDir, sha256)) return { ...base, wroteFiles: false };

  let derived: { d1280: Buffer; d320: Buffer };
  try {
    derived = await makeDerivatives(bytes, limits);
  } catch (e) {
    return decodeFailure(e, format, bytes);
  }
  try {
    // Derivatives first, original last: a crash in between leaves no original without its thumbnails.
    await writeAtomic(dataDir, mediaPath(dataDir, sha256, '1280'), derived.d1280);
    await writeAtomic(dataDir, mediaPath(dataDir, sha256, '320'), derived.d320);
    await writeAtomic(dataDir, mediaPath(dataDir, sha256, 'original'), stored);
  } catch (e) {
    return fail('STORE_FAILED', `Could not write to the media store: ${(e as Error).message}`);
  }
  return { ...base, wroteFiles: true };
}
