/**
 * OCR for pages without a text layer (scanned or photographed scripts), offline: tesseract.js with its
 * WebAssembly core from node_modules and the English and Hindi models from @tesseract.js-data. Each
 * scanned page's images are drawn into a grey raster (ocr-raster.ts), read by one Tesseract worker kept
 * for the whole document, and its words become positioned text items in PDF points, so line building and
 * the layout classifier run on them exactly as on a text layer.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Tesseract from 'tesseract.js';
import { ScriptError } from './errors.ts';
import { type ExtractedDocument, loadPdfJs, openPdfTask } from './extract.ts';
import { buildLines } from './lines.ts';
import { cropRaster, hasInk, type PageRaster, rasterizeScannedPage, toPgm } from './ocr-raster.ts';
import { MARGIN_CHARS, marginWords, scriptCounts, wordsToItems } from './ocr-words.ts';
import { hasTextLayer, pagesWithoutText } from './quality.ts';
import { sanitizePdf } from './sanitize.ts';
import type { PageText } from './types.ts';

export interface OcrOptions {
  password?: string;
  /** Pages to read (1-based). */
  pages: number[];
  /** Pages read so far and pages to read; called once with 0 before the first. */
  onPage?: (done: number, todo: number) => void;
  signal?: AbortSignal;
  isCancelled?: () => boolean;
  /** Largest decoded image (pixels) pdf.js may decode. */
  maxImagePixels?: number;
  /** `data` is already sanitizePdf's output (ExtractedDocument.sanitized), so it is not sanitised again. */
  sanitized?: boolean;
}

export interface OcrResult {
  /** The requested pages that are scans (page images), in order; a blank scan has no lines. */
  pages: PageText[];
  /** Pages that held page images. */
  scanned: number;
  warnings: string[];
}

/** The model variant: LSTM-only integer models (tesseract.js's default for its LSTM engine). */
const MODEL_DIR = '4.0.0_best_int';
const LANGS = [
  { pkg: '@tesseract.js-data/eng', code: 'eng' },
  { pkg: '@tesseract.js-data/hin', code: 'hin' },
] as const;
const OEM_LSTM_ONLY = 1;
export const DEFAULT_MAX_IMAGE_PIXELS = 60_000_000;

// Not named `require`: the Electron bundle injects a `require` shim of its own into ES modules.
const packages = createRequire(import.meta.url);

/** Where a language's model lies in its npm package (node_modules, or the app's archive). */
export function trainedDataFile(pkg: string, code: string): string {
  return join(dirname(packages.resolve(`${pkg}/package.json`)), MODEL_DIR, `${code}.traineddata.gz`);
}

/**
 * tesseract.js reads every language from one folder (`langPath`), and each model ships in its own
 * package: copy both into a private temporary folder while the worker loads them (4 MB, next to nothing
 * beside OCR). Nothing is fetched: a local `langPath` is read from disk, never from the network.
 */
async function languageFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'castmatch-ocr-'));
  try {
    for (const { pkg, code } of LANGS)
      await writeFile(join(dir, `${code}.traineddata.gz`), await readFile(trainedDataFile(pkg, code)));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw new ScriptError(
      'INTERNAL',
      `The OCR language data could not be loaded (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  return dir;
}

type Languages = 'eng+hin' | 'eng';

interface Reader {
  read: (r: PageRaster) => Promise<Tesseract.Page>;
  /** Reads small pieces each as one word of margin characters (scene numbers, page numbers). */
  readTokens: (pieces: PageRaster[]) => Promise<Array<{ text: string; confidence: number }>>;
  /** The models in use: both are loaded once; switching only re-initialises the engine (~0.3 s). */
  languages: () => Languages;
  use: (l: Languages) => Promise<void>;
  end: () => Promise<void>;
}

/** Starts one Tesseract worker thread; it fails loudly (never hangs) if its thread or a job dies. */
async function startReader(signal?: AbortSignal): Promise<Reader> {
  const { createWorker } = (await import('tesseract.js')).default;
  const langPath = await languageFolder();
  let fail: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  let worker: Tesseract.Worker | null = null;
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    signal?.removeEventListener('abort', onAbort);
    await worker?.terminate().catch(() => undefined);
    await rm(langPath, { recursive: true, force: true }).catch(() => undefined);
  };
  const onAbort = () => {
    fail(new ScriptError('CANCELLED'));
    void end();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const started = createWorker(
      LANGS.map((l) => l.code),
      OEM_LSTM_ONLY,
      {
        langPath,
        cacheMethod: 'none',
        gzip: true,
        logger: () => undefined,
        // Without a handler tesseract.js throws a failed job's message from its message listener.
        errorHandler: (e: unknown) => fail(new ScriptError('INTERNAL', `OCR failed: ${String(e)}`)),
      },
    );
    worker = await Promise.race([started, failed]);
    // The models are in the worker's memory now: remove the copies at once (a cancel ends this thread
    // without running any finally, and would leave them behind).
    await rm(langPath, { recursive: true, force: true }).catch(() => undefined);
    const thread = (worker as unknown as { worker?: NodeJS.EventEmitter }).worker;
    thread?.on('error', (e: Error) => fail(new ScriptError('INTERNAL', `OCR failed: ${e.message}`)));
    thread?.on('exit', () => fail(new ScriptError('INTERNAL', 'The OCR thread stopped unexpectedly.')));
    if (signal?.aborted) throw new ScriptError('CANCELLED');
  } catch (e) {
    await end();
    throw e;
  }
  const w = worker;
  let dpi = 0;
  let languages: Languages = 'eng+hin';
  return {
    languages: () => languages,
    async use(l) {
      if (l === languages) return;
      await Promise.race([w.reinitialize(l, OEM_LSTM_ONLY), failed]);
      languages = l;
      dpi = 0; // parameters are reset with the engine
    },
    async read(r) {
      if (r.dpi !== dpi) {
        dpi = r.dpi;
        await Promise.race([w.setParameters({ user_defined_dpi: String(dpi) }), failed]);
      }
      const res = await Promise.race([w.recognize(toPgm(r), {}, { blocks: true, text: false }), failed]);
      return res.data;
    },
    async readTokens(pieces) {
      // Per-call parameters: tesseract.js sets them for this one image and restores the page settings.
      const single = {
        tessedit_pageseg_mode: '8' as Tesseract.PSM,
        tessedit_char_whitelist: MARGIN_CHARS,
      } as Partial<Tesseract.RecognizeOptions>;
      const out: Array<{ text: string; confidence: number }> = [];
      for (const p of pieces) {
        const res = await Promise.race([w.recognize(toPgm(p), single, { text: true }), failed]);
        out.push({ text: res.data.text.trim(), confidence: res.data.confidence });
      }
      return out;
    },
    end,
  };
}

/** Pages read with both models and no Devanagari after which English alone reads the rest. */
const LATIN_PAGES_TO_SWITCH = 2;
/** Below this mean confidence, a page read with English alone is read again with both models. */
const RECHECK_CONFIDENCE = 80;

/**
 * Both models read every page until the script shows it has no Devanagari; then English alone reads
 * on, about twice as fast (and the Hindi model no longer misreads stray marks as letters). A page that
 * English reads badly is read again with both, and a Devanagari page switches back for good.
 */
async function readAdaptively(
  reader: Reader,
  raster: PageRaster,
  state: { latinPages: number },
): Promise<Tesseract.Page> {
  const result = await reader.read(raster);
  if (reader.languages() === 'eng') {
    if (result.confidence >= RECHECK_CONFIDENCE) return result;
    await reader.use('eng+hin');
    const both = await reader.read(raster);
    if (both.confidence > result.confidence + 5) {
      state.latinPages = -1;
      return both;
    }
    await reader.use('eng');
    return result;
  }
  if (state.latinPages < 0) return result;
  const { words, devanagari } = scriptCounts(result);
  if (words >= 30) state.latinPages = devanagari === 0 ? state.latinPages + 1 : -1;
  if (state.latinPages >= LATIN_PAGES_TO_SWITCH) await reader.use('eng');
  return result;
}

/** Lone words in the side margins are read again on their own (see marginWords) and mended in place. */
async function rereadMargins(reader: Reader, page: Tesseract.Page, raster: PageRaster): Promise<void> {
  const words = marginWords(page, raster);
  if (words.length === 0) return;
  const pad = Math.round(raster.dpi / 12); // a sixth of an inch of white around the word
  const again = await reader.readTokens(words.map((w) => cropRaster(raster, w.bbox, pad)));
  words.forEach((w, i) => {
    const r = again[i]!;
    if (/^[xX*+×#]$/.test(w.text.trim()) && !/\d/.test(r.text)) {
      // A revision asterisk is no word to the recogniser: on the page it comes out as "x" or "+".
      w.text = '*';
      w.confidence = 90;
    } else if (r.text && !/\s/.test(r.text) && r.confidence >= 50) {
      w.text = r.text;
      w.confidence = r.confidence;
    }
  });
}

/**
 * Reads the given pages of a PDF with OCR. Pages without a scan image come back empty (and cost no OCR).
 * Cancel with `signal` (the Tesseract thread is ended at once) or `isCancelled` (checked between pages).
 */
export async function ocrPages(data: Uint8Array, opts: OcrOptions): Promise<OcrResult> {
  const cancelled = () => opts.signal?.aborted === true || opts.isCancelled?.() === true;
  if (cancelled()) throw new ScriptError('CANCELLED');
  const pdfjs = await loadPdfJs();
  const clean = opts.sanitized ? data : sanitizePdf(data).data;
  const task = openPdfTask(pdfjs, clean, {
    password: opts.password,
    maxImageSize: opts.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS,
  });
  const warnings: string[] = [];
  let reader: Reader | null = null;
  let readerStart: Promise<Reader> | null = null;
  try {
    const doc = await task.promise;
    const out: PageText[] = [];
    let scanned = 0;
    let failedPages = 0;
    const lang = { latinPages: 0 };
    opts.onPage?.(0, opts.pages.length);
    for (const [i, n] of opts.pages.entries()) {
      if (cancelled()) throw new ScriptError('CANCELLED');
      try {
        const page = await doc.getPage(n);
        const raster = await rasterizeScannedPage(pdfjs, page);
        page.cleanup();
        if (raster) {
          scanned++;
          let lines: PageText['lines'] = [];
          // A blank scan costs no OCR; the Tesseract thread starts with the first page worth reading.
          if (hasInk(raster)) {
            readerStart ??= startReader(opts.signal);
            reader = await readerStart;
            const result = await readAdaptively(reader, raster, lang);
            await rereadMargins(reader, result, raster);
            lines = buildLines(wordsToItems(result, raster), n);
          }
          out.push({ page: n, width: raster.pageWidth, height: raster.pageHeight, lines });
        }
      } catch (e) {
        if (e instanceof ScriptError) throw e;
        failedPages++;
      }
      opts.onPage?.(i + 1, opts.pages.length);
    }
    if (failedPages > 0) warnings.push(`${failedPages} scanned page(s) could not be read and were skipped.`);
    return { pages: out, scanned, warnings };
  } catch (e) {
    if (e instanceof ScriptError) throw e;
    if (cancelled()) throw new ScriptError('CANCELLED');
    throw new ScriptError(
      'CORRUPT_PDF',
      `The scanned pages of this PDF could not be read (${e instanceof Error ? e.message.slice(0, 200) : String(e)}).`,
    );
  } finally {
    if (readerStart) await readerStart.then((r) => r.end()).catch(() => undefined);
    else await reader?.end();
    task.destroy().catch(() => undefined);
  }
}

export interface OcrFallbackOptions {
  password?: string;
  onPage?: (done: number, todo: number) => void;
  isCancelled?: () => boolean;
  signal?: AbortSignal;
}

/**
 * The hook after text extraction: a document with a text layer is returned as it is; a scan has its
 * pages without text read by OCR, from the bytes extraction already sanitised. If OCR finds no text
 * either, the answer is NO_TEXT_LAYER saying so. OCR's warnings are added to `doc.warnings`.
 */
export async function withOcr(doc: ExtractedDocument, opts: OcrFallbackOptions = {}): Promise<PageText[]> {
  const { pages, warnings } = doc;
  if (hasTextLayer(pages)) return pages;
  const todo = pagesWithoutText(pages);
  const ocr = await ocrPages(doc.sanitized, { ...opts, pages: todo, sanitized: true });
  const read = new Map(ocr.pages.map((p) => [p.page, p] as const));
  const merged = pages.map((p) => read.get(p.page) ?? p);
  if (!hasTextLayer(merged))
    throw new ScriptError(
      'NO_TEXT_LAYER',
      ocr.scanned === 0
        ? 'This PDF has no text layer and no page images to read.'
        : `This PDF has no text layer, and OCR found no readable text on its ${ocr.scanned} scanned page(s). Scan it again at 300 dpi, straight and in focus, or export the script from the writing program.`,
    );
  warnings.push(
    ...ocr.warnings,
    `${ocr.scanned} scanned page(s) were read with OCR; check names and counts against the pages.`,
  );
  return merged;
}
