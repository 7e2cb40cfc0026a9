import type { ScriptAnalysis } from '../../shared/script.ts';
import { analyzePages } from './analyze.ts';
import { type ExtractedDocument, extractPages } from './extract.ts';
import { checkLegacyHindi, legacyFontNames } from './legacy.ts';
import { DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES } from './limits.ts';
import { checkTextQuality, hasTextLayer } from './quality.ts';
import type { PageText } from './types.ts';

export interface AnalyzeBytesOptions {
  fileName: string;
  password?: string;
  maxPages?: number;
  maxChars?: number;
  onProgress?: (pagesDone: number, pagesTotal: number) => void;
  isCancelled?: () => boolean;
  /** Read pages without a text layer with OCR (default true); `onOcrPage` follows it page by page. */
  ocr?: boolean;
  onOcrPage?: (done: number, todo: number) => void;
}

export interface ExtractShardOptions {
  password?: string;
  maxPages?: number;
  maxChars?: number;
  shard: { index: number; count: number };
  /** Pages done and to do in this shard, and pages in the document. */
  onProgress?: (done: number, todo: number, total: number) => void;
}

/** Extracts one shard of the pages (the other shards run in other threads). */
export function extractShard(data: Uint8Array, opts: ExtractShardOptions): Promise<ExtractedDocument> {
  return extractPages(data, {
    password: opts.password,
    maxPages: opts.maxPages ?? DEFAULT_MAX_PAGES,
    maxChars: opts.maxChars ?? DEFAULT_MAX_CHARS,
    onPage: opts.onProgress,
    shard: opts.shard,
  });
}

/** Checks and analyses pages extracted by one or more threads. */
export function analyzeExtracted(
  pages: PageText[],
  fileName: string,
  metadataTitle: string | null,
  warnings: string[],
  legacyFonts: string[] = [],
): ScriptAnalysis {
  const sorted = pages.slice().sort((a, b) => a.page - b.page);
  // Legacy-font Hindi (Kruti Dev...) is reported as such before the generic garbled-text check.
  const legacy = checkLegacyHindi(sorted, legacyFonts);
  checkTextQuality(sorted);
  return analyzePages(sorted, {
    fileName,
    metadataTitle,
    warnings: legacy ? [...warnings, legacy] : warnings,
  });
}

export { DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES };

/** Extracts, checks and analyses a PDF in the current thread (the worker calls this). */
export async function analyzePdfBytes(data: Uint8Array, opts: AnalyzeBytesOptions): Promise<ScriptAnalysis> {
  const doc = await extractPages(data, {
    password: opts.password,
    maxPages: opts.maxPages ?? DEFAULT_MAX_PAGES,
    maxChars: opts.maxChars ?? DEFAULT_MAX_CHARS,
    onPage: opts.onProgress ? (done, _todo, total) => opts.onProgress?.(done, total) : undefined,
    isCancelled: opts.isCancelled,
  });
  // A scan (no text layer) is read with OCR; ocr.ts and tesseract.js load only then.
  const pages =
    opts.ocr === false || hasTextLayer(doc.pages)
      ? doc.pages
      : await (await import('./ocr.ts')).withOcr(doc, {
          password: opts.password,
          onPage: opts.onOcrPage,
          isCancelled: opts.isCancelled,
        });
  const legacy = checkLegacyHindi(pages, legacyFontNames(data));
  checkTextQuality(pages);
  return analyzePages(pages, {
    fileName: opts.fileName,
    metadataTitle: doc.metadataTitle,
    warnings: legacy ? [...doc.warnings, legacy] : doc.warnings,
  });
}
