import type { ScriptAnalysis } from '../../shared/script.ts';
import { analyzePages } from './analyze.ts';
import { type ExtractedDocument, extractPages } from './extract.ts';
import { checkTextQuality } from './quality.ts';
import type { PageText } from './types.ts';

export interface AnalyzeBytesOptions {
  fileName: string;
  password?: string;
  maxPages?: number;
  maxChars?: number;
  onProgress?: (pagesDone: number, pagesTotal: number) => void;
  isCancelled?: () => boolean;
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
): ScriptAnalysis {
  const sorted = pages.slice().sort((a, b) => a.page - b.page);
  checkTextQuality(sorted);
  return analyzePages(sorted, { fileName, metadataTitle, warnings });
}

export const DEFAULT_MAX_PAGES = 2000;
export const DEFAULT_MAX_CHARS = 20_000_000;

/** Extracts, checks and analyses a PDF in the current thread (the worker calls this). */
export async function analyzePdfBytes(data: Uint8Array, opts: AnalyzeBytesOptions): Promise<ScriptAnalysis> {
  const doc = await extractPages(data, {
    password: opts.password,
    maxPages: opts.maxPages ?? DEFAULT_MAX_PAGES,
    maxChars: opts.maxChars ?? DEFAULT_MAX_CHARS,
    onPage: opts.onProgress ? (done, _todo, total) => opts.onProgress?.(done, total) : undefined,
    isCancelled: opts.isCancelled,
  });
  checkTextQuality(doc.pages);
  return analyzePages(doc.pages, {
    fileName: opts.fileName,
    metadataTitle: doc.metadataTitle,
    warnings: doc.warnings,
  });
}
