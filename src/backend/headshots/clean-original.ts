import sharp, { type Metadata } from 'sharp';
import type { ImageFormat } from './detect.ts';

/**
 * Whether the file as dropped carries metadata the stored original must not keep: EXIF (GPS position,
 * camera serials, capture time), XMP or IPTC (which can hold a location too), or an orientation to apply.
 */
export function needsCleaning(meta: Metadata): boolean {
  return Boolean(meta.exif || meta.xmp || meta.iptc || (meta.orientation && meta.orientation !== 1));
}

/**
 * The original to store: the pixels rotated upright (EXIF orientation applied), the colour profile kept,
 * and every other piece of metadata left out. Re-encoded in the same format (JPEG at quality 95 with full
 * chroma, PNG/TIFF/GIF losslessly, WebP/AVIF/HEIF at high quality), so its MIME type stays true. Files
 * with nothing to remove are stored byte for byte.
 */
export async function cleanOriginal(
  bytes: Buffer,
  format: ImageFormat,
  meta: Metadata,
  maxInputPixels: number,
): Promise<Buffer> {
  if (!needsCleaning(meta)) return bytes;
  const img = sharp(bytes, {
    limitInputPixels: maxInputPixels,
    failOn: 'truncated',
    animated: format === 'gif',
  })
    .autoOrient()
    .keepIccProfile();
  switch (format) {
    case 'jpeg':
      return img.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
    case 'png':
      return img.png().toBuffer();
    case 'webp':
      return img.webp({ quality: 95 }).toBuffer();
    case 'avif':
      return img.avif({ quality: 90 }).toBuffer();
    case 'heif':
      return img.heif({ quality: 90, compression: 'hevc' }).toBuffer();
    case 'tiff':
      return img.tiff({ compression: 'lzw' }).toBuffer();
    case 'gif':
      return img.gif().toBuffer();
  }
}
