import sharp from 'sharp';
import type { ImportFailureCode } from '../../shared/headshots.ts';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif' | 'heif';

export const MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  tiff: 'image/tiff',
  gif: 'image/gif',
  heif: 'image/heic',
};

export type Sniffed =
  | { ok: true; format: ImageFormat }
  | { ok: false; code: ImportFailureCode; message: string };

const ascii = (b: Uint8Array, from: number, to: number): string =>
  Buffer.from(b.subarray(from, to)).toString('latin1');
const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);

const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set([
  'heic',
  'heix',
  'hevc',
  'hevx',
  'heim',
  'heis',
  'hevm',
  'hevs',
  'mif1',
  'msf1',
  'mif2',
]);

/** True when this sharp/libvips build decodes HEVC-coded HEIF (the prebuilt binaries decode AVIF only). */
export function heicSupported(): boolean {
  const heif = sharp.format.heif as { input?: { file?: boolean; fileSuffix?: string[] } } | undefined;
  return Boolean(heif?.input?.fileSuffix?.some((s) => s === '.heic' || s === '.heif'));
}

/** ISO-BMFF brands: major brand and compatible brands of the leading `ftyp` box. */
function ftypBrands(b: Uint8Array): string[] | null {
  if (b.length < 16 || ascii(b, 4, 8) !== 'ftyp') return null;
  const size = Math.min(Buffer.from(b).readUInt32BE(0), b.length, 256);
  const brands = [ascii(b, 8, 12)];
  for (let i = 16; i + 4 <= size; i += 4) brands.push(ascii(b, i, i + 4));
  return brands;
}

/** Identifies the format from the file's content (never its name). */
export function sniffFormat(head: Uint8Array): Sniffed {
  if (head.length === 0) return { ok: false, code: 'EMPTY_FILE', message: 'The file is empty (0 bytes).' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { ok: true, format: 'jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, format: 'png' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { ok: true, format: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { ok: true, format: 'webp' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) {
    // Canon CR2 is TIFF-shaped but a camera raw.
    if (ascii(head, 8, 10) === 'CR') return unsupported('a Canon RAW (CR2) file');
    return { ok: true, format: 'tiff' };
  }
  const brands = ftypBrands(head);
  if (brands) {
    const major = brands[0]!;
    if (AVIF_BRANDS.has(major) || (major === 'mif1' && brands.includes('avif')))
      return { ok: true, format: 'avif' };
    if (HEIF_BRANDS.has(major) || brands.some((x) => HEIF_BRANDS.has(x))) {
      if (heicSupported()) return { ok: true, format: 'heif' };
      return {
        ok: false,
        code: 'UNSUPPORTED_FORMAT',
        message:
          'HEIC/HEIF photos cannot be read by this build. Export the photo as JPEG (on iPhone: Settings › Camera › Formats › Most Compatible) and drop it again.',
      };
    }
    if (['crx ', 'qt  ', 'isom', 'mp41', 'mp42', 'M4V '].includes(major))
      return unsupported('a video or camera RAW file');
    return unsupported(`an ISO media file (brand "${major.trim()}")`);
  }
  if (ascii(head, 0, 2) === 'BM') return unsupported('a BMP image');
  if (ascii(head, 0, 4) === '8BPS') return unsupported('a Photoshop (PSD) file');
  if (startsWith(head, [0xff, 0x0a]) || ascii(head, 4, 8) === 'JXL ') return unsupported('a JPEG XL image');
  if (ascii(head, 4, 8) === 'jP  ') return unsupported('a JPEG 2000 image');
  if (startsWith(head, [0x00, 0x00, 0x01, 0x00])) return unsupported('an icon (ICO) file');
  if (/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(ascii(head, 0, Math.min(head.length, 512))))
    return unsupported('an SVG drawing');
  if (ascii(head, 0, 5) === '%PDF-')
    return { ok: false, code: 'NOT_AN_IMAGE', message: 'This is a PDF document, not an image.' };
  return {
    ok: false,
    code: 'NOT_AN_IMAGE',
    message: 'This file is not an image (its content is not JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC).',
  };
}

const FORMAT_LIST = () => `JPEG, PNG, WebP, AVIF, TIFF, GIF${heicSupported() ? ', HEIC' : ''}`;

function unsupported(what: string): Sniffed {
  return {
    ok: false,
    code: 'UNSUPPORTED_FORMAT',
    message: `This is ${what}; headshots must be ${FORMAT_LIST()}.`,
  };
}
