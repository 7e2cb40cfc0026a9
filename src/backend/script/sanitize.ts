/**
 * A pass over the raw PDF before pdf.js sees it. pdf.js inflates streams without a size limit (a 1.5 MB
 * file can inflate to 1.5 GB outside the V8 heap limit) and reads deeply nested save/restore operators in
 * time that grows faster than their number, synchronously, so no timer can stop it. Here every Flate
 * stream is inflated with a hard output cap (the answer is TOO_LARGE with the limit), and a content
 * stream nested deeper than any real page has its excess q/Q operators blanked in place, so the page's
 * text is still read and byte offsets (the cross-reference table) stay valid.
 */
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { ScriptError } from './errors.ts';

export interface SanitizeLimits {
  /** Largest decoded size of one stream. */
  maxStreamBytes: number;
  /** Largest decoded size of all streams together. */
  maxTotalBytes: number;
}

export const DEFAULT_SANITIZE_LIMITS: SanitizeLimits = {
  maxStreamBytes: 64 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
};

/** Real pages nest graphics states a few levels deep; a thousand is already absurd. */
export const MAX_SAVE_DEPTH = 256;

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/**
 * Blanks q/Q beyond MAX_SAVE_DEPTH (strings and hex strings skipped), or with `remove` cuts them out with
 * the space after them (for a stream that is compressed again and must fit its old place). Returns null
 * when nothing changed.
 */
export function flattenSaves(content: Buffer, remove = false): Buffer | null {
  let depth = 0;
  let suppressed = 0;
  let out: Buffer | null = null;
  const cut: number[] = [];
  const n = content.length;
  const isWs = (c: number | undefined) =>
    c === undefined || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
  for (let i = 0; i < n; i++) {
    const c = content[i]!;
    if (c === 0x28) {
      // ( literal string ), with nesting and escapes
      let level = 1;
      for (i++; i < n && level > 0; i++) {
        const d = content[i]!;
        if (d === 0x5c) i++;
        else if (d === 0x28) level++;
        else if (d === 0x29) level--;
      }
      i--;
      continue;
    }
    if (c === 0x3c && content[i + 1] !== 0x3c) {
      const end = content.indexOf(0x3e, i);
      i = end < 0 ? n : end;
      continue;
    }
    if ((c === 0x71 || c === 0x51) && isWs(content[i - 1]) && isWs(content[i + 1])) {
      if (c === 0x71) {
        if (depth >= MAX_SAVE_DEPTH) {
          out ??= Buffer.from(content);
          out[i] = 0x20;
          cut.push(i);
          suppressed++;
        } else depth++;
      } else if (suppressed > 0) {
        out ??= Buffer.from(content);
        out[i] = 0x20;
        cut.push(i);
        suppressed--;
      } else if (depth > 0) depth--;
    }
  }
  if (!out || !remove) return out;
  const parts: Buffer[] = [];
  let from = 0;
  for (const at of cut) {
    parts.push(content.subarray(from, at));
    from = at + (at + 1 < n && isWs(content[at + 1]) ? 2 : 1);
  }
  parts.push(content.subarray(from));
  return Buffer.concat(parts);
}

const FLATE_RE = /^\/(?:FlateDecode|Fl)$/;
/** Streams that are not page or form content: fonts, metadata, cross-reference and object streams. */
const NOT_CONTENT_RE =
  /\/Length[123]\b|\/Subtype\s*\/(?:Type1C|CIDFontType0C|OpenType|XML)\b|\/Type\s*\/(?:XRef|ObjStm|Metadata|EmbeddedFile)\b/;

function tooLarge(limits: SanitizeLimits, cap: number): ScriptError {
  return new ScriptError(
    'TOO_LARGE',
    cap < limits.maxStreamBytes
      ? `This PDF's contents decode to more than ${mb(limits.maxTotalBytes)}, the limit; it was not analysed.`
      : `A stream in this PDF decodes to more than ${mb(limits.maxStreamBytes)}, the limit; it was not analysed.`,
  );
}

/** ASCIIHexDecode: pairs of hex digits up to ">", whitespace ignored, an odd last digit padded with 0. */
function asciiHex(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  const end = s.indexOf('>');
  const hex = (end < 0 ? s : s.slice(0, end)).replace(/[^0-9a-fA-F]/g, '');
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
}

/** ASCII85Decode: groups of five base-85 digits up to "~>", "z" for four zero bytes. */
function ascii85(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  const end = s.indexOf('~>');
  const body = (end < 0 ? s : s.slice(0, end)).replace(/\s/g, '');
  const out: number[] = [];
  let group: number[] = [];
  const flush = (n: number) => {
    let v = 0;
    for (let k = 0; k < 5; k++) v = v * 85 + (group[k] ?? 84);
    for (let k = 0; k < n; k++) out.push((v >>> (24 - 8 * k)) & 0xff);
    group = [];
  };
  for (const ch of body) {
    if (ch === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    const c = ch.charCodeAt(0) - 33;
    if (c < 0 || c > 84) continue;
    group.push(c);
    if (group.length === 5) flush(4);
  }
  if (group.length > 1) flush(group.length - 1);
  return Buffer.from(out);
}

/**
 * Decodes a stream through its filters with `cap` bytes of output allowed, throwing TOO_LARGE past it.
 * Returns null for a filter this pass does not decode (LZW, images) or damaged data: pdf.js then
 * decides what it can read. The ASCII filters at most quadruple their input ("z"), so they are checked
 * after decoding; only Flate needs the cap inside zlib.
 */
function decodeChain(raw: Buffer, filters: string[], cap: number, limits: SanitizeLimits): Buffer | null {
  let data = raw;
  for (const f of filters) {
    if (/^\/(?:ASCIIHexDecode|AHx)$/.test(f)) data = asciiHex(data);
    else if (/^\/(?:ASCII85Decode|A85)$/.test(f)) data = ascii85(data);
    else if (FLATE_RE.test(f)) {
      try {
        data = inflateSync(data, {
          maxOutputLength: cap + 1,
          finishFlush: constants.Z_SYNC_FLUSH /* tolerate a truncated stream */,
        });
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limits, cap);
        return null; // damaged or encrypted
      }
    } else return null;
    if (data.length > cap) throw tooLarge(limits, cap);
  }
  return data;
}

function countSaves(s: Buffer): number {
  let count = 0;
  for (let i = s.indexOf(0x71); i >= 0 && count <= MAX_SAVE_DEPTH; i = s.indexOf(0x71, i + 1)) count++;
  return count;
}

/** Checks stream sizes and defuses save/restore traps; returns the bytes to give pdf.js and warnings. */
export function sanitizePdf(
  data: Uint8Array,
  limits: SanitizeLimits = DEFAULT_SANITIZE_LIMITS,
): { data: Uint8Array; warnings: string[] } {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const text = buf.toString('latin1');
  const warnings: string[] = [];
  let total = 0;
  let out: Buffer | null = null;
  let defused = 0;
  const re = /\bstream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    // The dictionary is searched for within 4 KiB only: an unbounded look back for " obj" from every
    // "stream" keyword would be quadratic on a file made of them.
    const near = text.slice(Math.max(0, m.index - 4096), m.index);
    const dict = near.slice(near.lastIndexOf(' obj') + 1);
    // Without "endstream" pdf.js still reads the stream by its /Length: check up to the end of the file.
    const found = text.indexOf('endstream', start);
    const end = found < 0 ? text.length : found;
    re.lastIndex = end;
    if (/\/Subtype\s*\/Image/.test(dict)) continue; // images are never decoded for text (maxImageSize)
    const filter = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1] ?? '';
    const filters = filter.match(/\/\w+/g) ?? [];
    const raw = buf.subarray(start, end);
    const cap = Math.min(limits.maxStreamBytes, limits.maxTotalBytes - total);
    const decoded = decodeChain(raw, filters, cap, limits);
    if (!decoded) continue;
    total += decoded.length;
    // Only a plain or Flate-only page or form content stream is rewritten; fonts and the like are not content.
    if (
      filters.length > 1 ||
      (filters.length === 1 && !FLATE_RE.test(filters[0]!)) ||
      NOT_CONTENT_RE.test(dict)
    )
      continue;
    if (countSaves(decoded) <= MAX_SAVE_DEPTH) continue;
    const flat = flattenSaves(decoded, filters.length > 0);
    if (!flat) continue;
    out ??= Buffer.from(buf);
    if (filters.length === 0) flat.copy(out, start);
    else {
      const z = deflateSync(flat, { level: 9 });
      if (z.length <= raw.length) {
        // Flate data ends itself; the spare bytes after it are ignored.
        out.fill(0x20, start, end);
        z.copy(out, start);
      } else out.fill(0, start, end);
    }
    defused++;
  }
  if (defused > 0)
    warnings.push(
      `${defused} page content stream(s) nested graphics states thousands deep; the excess was ignored.`,
    );
  return { data: out ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength) : data, warnings };
}
