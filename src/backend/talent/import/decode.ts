// Bytes → text for a CSV: BOMs, UTF-16 without a BOM, strict UTF-8, else Windows-1252 — what Excel on an
// Indian office's Windows PC writes. A statistical guess (chardet) is not used: on short files of names it
// picked Windows-1254 and similar, turning names into Turkish letters. The user can choose another.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { AppError } from '../../../shared/errors.ts';
import { IMPORT_ENCODINGS } from '../../../shared/talent-import.ts';

const startsWith = (buf: Buffer, sig: number[]) => sig.every((b, i) => buf[i] === b);

function bom(buf: Buffer): { encoding: string; skip: number } | null {
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) return { encoding: 'UTF-8', skip: 3 };
  if (startsWith(buf, [0xff, 0xfe])) return { encoding: 'UTF-16LE', skip: 2 };
  if (startsWith(buf, [0xfe, 0xff])) return { encoding: 'UTF-16BE', skip: 2 };
  return null;
}

/** The encoding a file is most likely in, as one of IMPORT_ENCODINGS. */
export function detectEncoding(buf: Buffer): string {
  const b = bom(buf);
  if (b) return b.encoding;
  // UTF-16 without a BOM: most odd (LE) or even (BE) bytes of ASCII-heavy text are zero.
  const probe = buf.subarray(0, 4096);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) i % 2 ? zeroOdd++ : zeroEven++;
  if (zeroOdd > probe.length / 4 && zeroEven < zeroOdd / 8) return 'UTF-16LE';
  if (zeroEven > probe.length / 4 && zeroOdd < zeroEven / 8) return 'UTF-16BE';
  // A check, not a decode: the text is decoded once, after (a 20 MB file took ~0.2 s more to decode twice).
  return isUtf8(buf) ? 'UTF-8' : 'windows-1252';
}

/** The encoding to read `buf` in (detected, or `chosen` in the dialog) and its bytes after any BOM. */
export function textBytes(buf: Buffer, chosen?: string | null): { body: Buffer; encoding: string } {
  const encoding = chosen ?? detectEncoding(buf);
  if (!(IMPORT_ENCODINGS as readonly string[]).includes(encoding) || !iconv.encodingExists(encoding))
    throw new AppError('WRONG_ENCODING', `The text encoding "${encoding}" is not supported.`);
  const b = bom(buf);
  return { body: b && b.encoding === encoding ? buf.subarray(b.skip) : buf, encoding };
}

/** Text from bytes (after any BOM) in an encoding textBytes accepted. */
export const decodeBytes = (body: Buffer, encoding: string): string =>
  encoding === 'UTF-8' ? body.toString('utf8') : iconv.decode(body, encoding);

/** Decodes text in the detected encoding, or in `chosen` (the dialog's choice). */
export function decodeText(buf: Buffer, chosen?: string | null): { text: string; encoding: string } {
  const { body, encoding } = textBytes(buf, chosen);
  return { text: decodeBytes(body, encoding), encoding };
}

/** Encodings in which a line feed, carriage return, quote or NUL is always that one byte, and nothing else is. */
const ASCII_LINES = new Set([
  'UTF-8',
  'windows-1252',
  'ISO-8859-1',
  'windows-1250',
  'windows-1251',
  'windows-1256',
]);

/**
 * A decoder of pieces of `encoding` text cut after a line feed byte, or null where a piece cannot be cut so
 * (UTF-16, multi-byte Asian encodings): bytes up to a line feed then decode exactly as in the whole text.
 */
export function lineDecoder(encoding: string): ((piece: Buffer) => string) | null {
  return ASCII_LINES.has(encoding) ? (piece) => decodeBytes(piece, encoding) : null;
}

/** Control characters (other than tab and line ends, and NUL, which is reported apart) or U+FFFD. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.02;
}
