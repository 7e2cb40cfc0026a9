import { ScriptError } from './errors.ts';
import { looksLikePdf } from './limits.ts';
import { buildLines } from './lines.ts';
import { sanitizePdf } from './sanitize.ts';
import type { PageText, RawItem } from './types.ts';

export interface ExtractOptions {
  password?: string;
  maxPages: number;
  /** Total characters of text allowed across the document (a guard against content-stream bombs). */
  maxChars: number;
  maxItemsPerPage?: number;
  /** Pages done and to do in this thread, and pages in the document. */
  onPage?: (done: number, todo: number, total: number) => void;
  /** Extract only pages index+1, index+1+count, ... (work split between threads). */
  shard?: { index: number; count: number };
  isCancelled?: () => boolean;
}

export interface ExtractedDocument {
  /** The extracted pages in page order (only this shard's when sharded). */
  pages: PageText[];
  pagesTotal: number;
  metadataTitle: string | null;
  warnings: string[];
  /** The bytes pdf.js read (sanitizePdf's output): a second reader of this document (OCR) opens these. */
  sanitized: Uint8Array;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** A screenplay page holds a few hundred text items; a million is a content-stream bomb. */
export const MAX_ITEMS_PER_PAGE = 100_000;

interface StreamedText {
  items: Array<{ str?: unknown; transform?: unknown; width?: unknown; height?: unknown }>;
}

/**
 * Streams a page's text items and stops as soon as the page holds more than `max`: a bomb is refused
 * after reading a bounded prefix instead of after building all of it in memory.
 */
async function readPageItems(
  page: { streamTextContent: (p?: { disableNormalization?: boolean }) => ReadableStream<StreamedText> },
  max: number,
): Promise<RawItem[]> {
  const reader = page.streamTextContent().getReader();
  const items: RawItem[] = [];
  let seen = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value.items.length;
    if (seen > max) {
      // Not awaited: cancelling pdf.js's stream can stay pending forever.
      reader.cancel().catch(() => undefined);
      throw new ScriptError(
        'TOO_LARGE',
        'A page of this PDF holds far more text than a script page; it was not analysed.',
      );
    }
    for (const it of value.items) {
      const item = toRawItem(it);
      if (item) items.push(item);
    }
  }
  return items;
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * One text item as a positioned string, or null when it places nothing usable: a damaged transform (a
 * flipped byte can make a number infinite or NaN) or an absurd size or position is dropped here, so no
 * non-finite number reaches the layout code.
 */
function toRawItem(it: StreamedText['items'][number]): RawItem | null {
  if (typeof it.str !== 'string' || !Array.isArray(it.transform)) return null;
  const t = (it.transform as unknown[]).map(finite);
  const [a, b, c, d, x, y] = t;
  if (t.length < 6 || a == null || b == null || c == null || d == null || x == null || y == null) return null;
  // Rotated text (watermarks, margin notes) is not part of the script.
  if (Math.abs(b) > Math.abs(a) * 0.05 || Math.abs(c) > Math.abs(d) * 0.05) return null;
  const size = Math.abs(d) || (finite(it.height) ?? 0);
  if (size > 1000 || Math.abs(x) > 1e6 || Math.abs(y) > 1e6) return null;
  return { str: it.str, x, y, width: Math.max(0, finite(it.width) ?? 0), size };
}

/** The page box as origin and size; a damaged MediaBox (non-finite or empty) is read as US Letter. */
function pageBox(view: unknown): { ox: number; oy: number; w: number; h: number } {
  const v = Array.isArray(view) ? view.map(finite) : [];
  const [x0, y0, x1, y1] = v;
  if (v.length !== 4 || x0 == null || y0 == null || x1 == null || y1 == null || x1 <= x0 || y1 <= y0)
    return { ox: 0, oy: 0, w: 612, h: 792 };
  return { ox: x0, oy: y0, w: x1, h: y1 };
}

let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js is imported lazily and once: it is the largest part of start-up. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

export { looksLikePdf };

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
}

function mapOpenError(e: unknown, pdfjs: PdfJs, hadPassword: boolean): ScriptError {
  if (e instanceof ScriptError) return e;
  if (errorName(e) === 'PasswordException') {
    const code = (e as { code?: unknown }).code;
    if (
      code === pdfjs.PasswordResponses.INCORRECT_PASSWORD ||
      (hadPassword && code !== pdfjs.PasswordResponses.NEED_PASSWORD)
    ) {
      return new ScriptError('PASSWORD_INCORRECT');
    }
    return new ScriptError(hadPassword ? 'PASSWORD_INCORRECT' : 'PASSWORD_REQUIRED');
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new ScriptError(
    'CORRUPT_PDF',
    `This PDF is damaged or incomplete and cannot be read (${msg.slice(0, 200)}).`,
  );
}

/**
 * pdf.js's loading task for a PDF, the one way this engine opens one (text extraction and OCR): on bytes
 * already sanitised (sanitizePdf: inflated streams capped, save/restore bombs flattened), with fonts and
 * canvas off. `maxImageSize` is 1 where images are never needed (text), the OCR pixel cap for scans.
 */
export function openPdfTask(pdfjs: PdfJs, clean: Uint8Array, o: { password?: string; maxImageSize: number }) {
  return pdfjs.getDocument({
    // pdf.js takes ownership of the buffer it is given; hand it a copy so the caller's bytes (the file,
    // or the sanitised bytes kept for OCR) stay intact.
    data: new Uint8Array(clean),
    password: o.password,
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    maxImageSize: o.maxImageSize,
  });
}

/** Opens a PDF with pdf.js and returns each page's text as positioned lines. */
export async function extractPages(data: Uint8Array, opts: ExtractOptions): Promise<ExtractedDocument> {
  if (!looksLikePdf(data)) throw new ScriptError('NOT_A_PDF');
  const pdfjs = await loadPdfJs();
  const warnings: string[] = [];
  const tail = Buffer.from(
    data.buffer,
    data.byteOffset + Math.max(0, data.byteLength - 4096),
    Math.min(4096, data.byteLength),
  ).toString('latin1');
  if (!tail.includes('%%EOF'))
    warnings.push('The file looks truncated (no end-of-file marker); some pages may be missing.');

  // Sanitised once here; OCR of a scan reads the same bytes (ExtractedDocument.sanitized).
  const clean = sanitizePdf(data);
  warnings.push(...clean.warnings);
  // Images are never decoded for text (maxImageSize 1).
  const task = openPdfTask(pdfjs, clean.data, { password: opts.password, maxImageSize: 1 });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw mapOpenError(e, pdfjs, opts.password !== undefined && opts.password !== '');
  }
  try {
    const total = doc.numPages;
    if (!Number.isInteger(total) || total <= 0) {
      throw new ScriptError('CORRUPT_PDF', `This PDF declares ${total} pages; it has no page to read.`);
    }
    if (total > opts.maxPages) {
      throw new ScriptError('TOO_LARGE', `This PDF has ${total} pages; the limit is ${opts.maxPages}.`);
    }
    let metadataTitle: string | null = null;
    try {
      const meta = await doc.getMetadata();
      const info = meta.info as { Title?: unknown } | undefined;
      if (info && typeof info.Title === 'string' && info.Title.trim())
        metadataTitle = info.Title.slice(0, 1000).trim(); // a 5-million-character title is cut
    } catch {
      // Metadata is optional.
    }
    const pages: PageText[] = [];
    let chars = 0;
    let failedPages = 0;
    // Request a few pages ahead: pdf.js answers them in order, and the pipeline stays full.
    const window = 8;
    const pending = new Map<number, Promise<PageText | null>>();
    const request = (n: number): Promise<PageText | null> =>
      doc
        .getPage(n)
        .then(async (page) => {
          const { ox, oy, w, h } = pageBox(page.view);
          const items = await readPageItems(page, opts.maxItemsPerPage ?? MAX_ITEMS_PER_PAGE);
          page.cleanup();
          if (ox !== 0 || oy !== 0) {
            for (const it of items) {
              it.x -= ox;
              it.y -= oy;
            }
          }
          return { page: n, width: w - ox, height: h - oy, lines: buildLines(items, n) };
        })
        .catch((e: unknown) => {
          if (e instanceof ScriptError) throw e;
          return null;
        });
    // This thread's pages: all of them, or every count-th one when the work is split between threads.
    const shard = opts.shard ?? { index: 0, count: 1 };
    const mine: number[] = [];
    for (let n = 1 + shard.index; n <= total; n += shard.count) mine.push(n);
    for (const n of mine.slice(0, window)) pending.set(n, request(n));
    for (let i = 0; i < mine.length; i++) {
      const n = mine[i]!;
      if (opts.isCancelled?.()) throw new ScriptError('CANCELLED');
      const next = mine[i + window];
      if (next !== undefined) pending.set(next, request(next));
      const p = await pending.get(n)!;
      pending.delete(n);
      if (p === null) {
        failedPages++;
        pages.push({ page: n, width: 612, height: 792, lines: [] });
      } else {
        for (const l of p.lines) chars += l.text.length;
        if (chars > opts.maxChars) {
          throw new ScriptError(
            'TOO_LARGE',
            'This PDF holds far more text than a script; it was not analysed.',
          );
        }
        pages.push(p);
      }
      opts.onPage?.(i + 1, mine.length, total);
    }
    if (mine.length > 0 && failedPages === mine.length) throw new ScriptError('CORRUPT_PDF');
    if (failedPages > 0) warnings.push(`${failedPages} page(s) could not be read and were skipped.`);
    return { pages, pagesTotal: total, metadataTitle, warnings, sanitized: clean.data };
  } catch (e) {
    throw mapOpenError(e, pdfjs, false);
  } finally {
    // Not awaited: after a cancelled text stream pdf.js may never settle destroy(); the worker ends anyway.
    task.destroy().catch(() => undefined);
  }
}
