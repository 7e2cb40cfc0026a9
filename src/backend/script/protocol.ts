import { z } from 'zod';
import { scriptErrorCodeSchema } from '../../shared/script.ts';
import type { PageText } from './types.ts';

interface Limits {
  password?: string;
  maxPages: number;
  maxChars: number;
}

/** Requests to the worker: the whole analysis, one shard of the extraction, or the analysis of extracted pages. */
export type WorkerRequest =
  | ({ type: 'analyze'; data: Uint8Array; fileName: string } & Limits)
  | ({ type: 'extract'; data: Uint8Array; shard: { index: number; count: number } } & Limits)
  | {
      type: 'analyze-pages';
      pages: PageText[];
      fileName: string;
      metadataTitle: string | null;
      warnings: string[];
      /** Legacy Hindi fonts the file names (the extracting threads return pages, not the file's fonts). */
      legacyFonts?: string[];
    };

const segmentSchema = z.object({ x: z.number(), xEnd: z.number(), text: z.string() });
const lineSchema = z.object({
  page: z.number(),
  y: z.number(),
  x: z.number(),
  xEnd: z.number(),
  size: z.number(),
  text: z.string(),
  segments: z.array(segmentSchema),
});
export const pageTextSchema = z.object({
  page: z.number().int(),
  width: z.number(),
  height: z.number(),
  lines: z.array(lineSchema),
});

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /**
   * pagesDone/pagesTodo count this worker's pages; pagesTotal is the document's. In the 'ocr' phase
   * (a scan read page by page) all three count the pages being read with OCR.
   */
  z.object({
    type: z.literal('progress'),
    phase: z.literal('ocr').optional(),
    pagesDone: z.number().int(),
    pagesTodo: z.number().int(),
    pagesTotal: z.number().int(),
  }),
  z.object({ type: z.literal('result'), analysis: z.unknown() }),
  z.object({
    type: z.literal('pages'),
    pages: z.array(pageTextSchema),
    pagesTotal: z.number().int(),
    metadataTitle: z.string().nullable(),
    warnings: z.array(z.string()),
  }),
  z.object({ type: z.literal('error'), code: scriptErrorCodeSchema, message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
