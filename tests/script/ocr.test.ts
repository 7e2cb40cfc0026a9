// Scanned scripts: a generated screenplay is printed to PDF, its pages rendered to images (PNG and JPEG,
// one page stored sideways under /Rotate) and rebuilt as an image-only PDF. The analysis read with OCR
// must meet the text version's targets. OCR takes seconds a page, so the script is short.
import { readFileSync } from 'node:fs';
import type Tesseract from 'tesseract.js';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeScriptBytes, disposeScriptWorker, isScriptError } from '../../src/backend/script/index.ts';
import { ocrPages } from '../../src/backend/script/ocr.ts';
import type { PageRaster } from '../../src/backend/script/ocr-raster.ts';
import { fixOcrToken, wordsToItems } from '../../src/backend/script/ocr-words.ts';
import { preparePdfJsThread } from '../../src/backend/script/pdfjs-node.ts';
import { analyzePdfBytes } from '../../src/backend/script/pipeline.ts';
import type { ScriptAnalysis, ScriptProgress } from '../../src/shared/script.ts';
import { imageOnlyPdf } from './fixtures/bad.ts';
import { renderScreenplay } from './fixtures/render.ts';
import { scanPdf } from './fixtures/scanned.ts';
import { score } from './fixtures/score.ts';
import { expectedOf, generateScreenplay } from './fixtures/screenplay.ts';

const OCR_TIMEOUT = 600_000;

const sp = generateScreenplay({ seed: 11, scenes: 3 });
const exp = expectedOf(sp);
const fixture = (async () => {
  const pdf = await renderScreenplay(sp, 'us-letter');
  const scan = await scanPdf(pdf, {
    dpi: 150,
    format: (n) => (n % 2 === 0 ? 'jpeg' : 'png'),
    sideways: (n) => n === 3,
  });
  return { pdf, scan };
})();

let analysed: Promise<{ text: ScriptAnalysis; ocr: ScriptAnalysis; events: ScriptProgress[] }> | null = null;
function analyse() {
  analysed ??= (async () => {
    const { pdf, scan } = await fixture;
    const text = await analyzePdfBytes(pdf, { fileName: 'monsoon.pdf' });
    const events: ScriptProgress[] = [];
    const r = await analyzeScriptBytes(scan, 'monsoon-scan.pdf', { onProgress: (p) => events.push(p) });
    return { text, ocr: r.analysis, events };
  })();
  return analysed;
}

/** Threads of this process (Linux): the OCR thread must end with a cancel. */
function threads(): number {
  return Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
}

afterAll(() => disposeScriptWorker());

describe('scanned scripts (OCR)', () => {
  it(
    'reads an image-only PDF to the same characters, headings and speeches as its text version',
    async () => {
      const { text, ocr } = await analyse();
      const { scan } = await fixture;
      expect((await analyzePdfBytes(scan, { fileName: 'x.pdf', ocr: false }).catch((e) => e)).code).toBe(
        'NO_TEXT_LAYER',
      );
      const s = score(ocr, exp);
      expect(s.falsePositives).toEqual([]);
      expect(s.falseNegatives).toEqual([]);
      expect(s.f1).toBeGreaterThanOrEqual(0.98);
      expect(s.missingHeadings).toEqual([]);
      expect(ocr.scenes.filter((x) => x.index > 0)).toHaveLength(exp.scenes.length);
      expect(s.totalSpeechError).toBeLessThanOrEqual(0.02);
      for (const [name, want] of exp.characters) {
        const got = ocr.characters.find((c) => c.name === name);
        expect(got, name).toBeDefined();
        expect(got!.speeches, `${name} speeches`).toBe(want.speeches);
        expect(Math.abs(got!.words - want.words) / want.words, `${name} words`).toBeLessThanOrEqual(0.05);
        expect(got!.scenes, `${name} scenes`).toEqual([...want.scenes].sort((x, y) => x - y));
      }
      // The same analysis as the text layer gives, where it matters for casting.
      expect(ocr.title).toBe(text.title);
      expect(ocr.pages).toBe(text.pages);
      expect(ocr.scenes.map((x) => x.heading)).toEqual(text.scenes.map((x) => x.heading));
      expect(ocr.characters.map((c) => [c.name, c.speeches])).toEqual(
        text.characters.map((c) => [c.name, c.speeches]),
      );
      expect(ocr.characters.find((c) => c.name === 'PRIYA')?.intro).toMatch(/^PRIYA \(28\), sharp-eyed/);
      expect(ocr.warnings.join(' ')).toMatch(/read with OCR/);
      // Positions are in page points (the sideways page included), so highlights land on the text.
      for (const sp of ocr.speeches)
        for (const r of sp.rects) {
          const size = ocr.pageSizes[r.page - 1]!;
          expect(size).toEqual({ width: 612, height: 792 });
          expect(r.x).toBeGreaterThanOrEqual(0);
          expect(r.x + r.w).toBeLessThanOrEqual(size.width);
          expect(r.y).toBeGreaterThan(0);
          expect(r.y + r.h).toBeLessThanOrEqual(size.height);
        }
    },
    OCR_TIMEOUT,
  );

  it(
    'reports OCR progress page by page',
    async () => {
      const { events, ocr } = await analyse();
      const reading = events.filter((e) => e.phase === 'ocr');
      expect(reading.map((e) => e.pagesDone)).toEqual([0, 1, 2, 3, 4]);
      expect(reading.every((e) => e.pagesTotal === ocr.pages)).toBe(true);
      // OCR comes after the text layer is found missing, and the analysis after OCR.
      const phases = events.map((e) => e.phase);
      expect(phases.indexOf('ocr')).toBeGreaterThan(phases.indexOf('extracting'));
      expect(phases.lastIndexOf('analysing')).toBeGreaterThan(phases.lastIndexOf('ocr'));
      expect(phases.at(-1)).toBe('done');
    },
    OCR_TIMEOUT,
  );

  it(
    'stops when cancelled and ends the OCR thread',
    async () => {
      const { scan } = await fixture;
      await analyse(); // the process's steady threads (libuv pool) are up
      await disposeScriptWorker();
      const before = threads();
      const ac = new AbortController();
      const events: ScriptProgress[] = [];
      let peak = 0;
      const run = analyzeScriptBytes(scan, 'scan.pdf', {
        signal: ac.signal,
        parallel: false,
        onProgress: (p) => {
          events.push(p);
          peak = Math.max(peak, threads());
          if (p.phase === 'ocr' && p.pagesDone === 1) ac.abort();
        },
      });
      const e = await run.catch((x: unknown) => x);
      expect(isScriptError(e) && e.code).toBe('CANCELLED');
      const pagesRead = events.filter((x) => x.phase === 'ocr').map((x) => x.pagesDone);
      expect(pagesRead).toEqual([0, 1]);
      expect(peak).toBeGreaterThan(before); // the analysis and OCR threads were running...
      await expect.poll(threads, { timeout: 60_000 }).toBeLessThanOrEqual(before); // ...and are gone
    },
    OCR_TIMEOUT,
  );

  it(
    'ends its OCR thread when its own signal is aborted',
    async () => {
      preparePdfJsThread();
      const { scan } = await fixture;
      const before = threads();
      const ac = new AbortController();
      const done: number[] = [];
      const run = ocrPages(scan, {
        pages: [2, 4],
        signal: ac.signal,
        onPage: (n) => {
          done.push(n);
          // Aborted while the next page is being read (or just before): either way it stops there.
          if (n === 1) setImmediate(() => ac.abort());
        },
      });
      expect(((await run.catch((x: unknown) => x)) as { code?: string }).code).toBe('CANCELLED');
      expect(done).toEqual([0, 1]);
      await expect.poll(threads, { timeout: 60_000 }).toBeLessThanOrEqual(before);
    },
    OCR_TIMEOUT,
  );

  it(
    'reads printed scene numbers from both margins and revision marks',
    async () => {
      const numbered = generateScreenplay({ seed: 11, scenes: 4, dual: true });
      const pdf = await renderScreenplay(numbered, 'numbered');
      const scan = await scanPdf(pdf, { format: (n) => (n % 2 === 0 ? 'jpeg' : 'png') });
      const text = await analyzePdfBytes(pdf, { fileName: 'numbered.pdf' });
      const ocr = await analyzePdfBytes(scan, { fileName: 'numbered-scan.pdf' });
      const s = score(ocr, expectedOf(numbered), { numbered: true });
      expect(s.missingHeadings).toEqual([]);
      expect(s.falsePositives).toEqual([]);
      expect(s.falseNegatives).toEqual([]);
      expect(ocr.scenes.map((x) => [x.number, x.heading, x.revised])).toEqual(
        text.scenes.map((x) => [x.number, x.heading, x.revised]),
      );
      expect(ocr.scenes.some((x) => x.revised)).toBe(true);
      expect(ocr.speeches.filter((x) => x.dual)).toHaveLength(text.speeches.filter((x) => x.dual).length);
    },
    OCR_TIMEOUT,
  );

  it(
    'reads Devanagari names and dialogue with the Hindi model',
    async () => {
      // The fixture prints Devanagari without shaping (pdf-lib), so words with reordered vowel signs
      // print, and read, differently from the text layer; names like राधा print as they are.
      const hindi = generateScreenplay({ seed: 11, scenes: 3, devanagari: true });
      const want = expectedOf(hindi);
      const scan = await scanPdf(await renderScreenplay(hindi, 'devanagari'));
      const ocr = await analyzePdfBytes(scan, { fileName: 'baarish-scan.pdf' });
      const s = score(ocr, want, { numbered: true });
      expect(s.falsePositives).toEqual([]);
      expect(s.falseNegatives).toEqual([]);
      expect(s.missingHeadings).toEqual([]);
      for (const [name, w] of want.characters)
        expect(ocr.characters.find((c) => c.name === name)?.speeches, name).toBe(w.speeches);
      expect(want.characters.has('राधा')).toBe(true);
    },
    OCR_TIMEOUT,
  );

  it(
    'says so when the page images hold no readable text',
    async () => {
      const e = await analyzeScriptBytes(await imageOnlyPdf(2), 'blank-scan.pdf').catch((x: unknown) => x);
      expect(isScriptError(e) && e.code).toBe('NO_TEXT_LAYER');
      expect((e as Error).message).toMatch(/OCR found no readable text on its 2 scanned page/);
    },
    OCR_TIMEOUT,
  );
});

describe('OCR words to text items', () => {
  const raster: PageRaster = {
    gray: new Uint8Array(0),
    width: 1275,
    height: 1650,
    dpi: 150,
    pageWidth: 612,
    pageHeight: 792,
  };
  const word = (text: string, x0: number, x1: number, y0 = 161, y1 = 175, confidence = 95) =>
    ({
      text,
      confidence,
      bbox: { x0, x1, y0, y1 },
      symbols: [],
      choices: [],
      font_name: '',
    }) as Tesseract.Word;
  const page = (words: Tesseract.Word[]) =>
    ({
      blocks: [
        {
          paragraphs: [
            {
              lines: [
                {
                  words,
                  text: '',
                  confidence: 90,
                  baseline: { x0: 0, y0: 175, x1: 1275, y1: 175 },
                  rowAttributes: { rowHeight: 18.5, ascenders: 4.5, descenders: 4.5 },
                  bbox: { x0: 0, y0: 161, x1: 1275, y1: 179 },
                },
              ],
            },
          ],
        },
      ],
    }) as unknown as Tesseract.Page;

  it('joins words at word spacing, splits at wide gaps and places them in points', () => {
    // "INT. ROOF न NIGHT" (the Hindi model's reading of a dash) ... then a margin scene number.
    const items = wordsToItems(
      page([
        word('INT.', 226, 278),
        word('ROOF', 297, 354),
        word('न', 373, 384, 168, 170, 40),
        word('NIGHT', 403, 476),
        word('12', 1130, 1156),
      ]),
      raster,
    );
    expect(items.map((i) => i.str)).toEqual(['INT. ROOF - NIGHT', '12']);
    expect(items[0]!.x).toBeCloseTo((226 * 72) / 150, 5);
    expect(items[0]!.y).toBeCloseTo(792 - (175 * 72) / 150, 5);
    expect(items[0]!.size).toBeGreaterThan(10);
    expect(items[0]!.size).toBeLessThan(14);
  });

  it('drops specks and stray strokes and mends misread cue extensions', () => {
    const items = wordsToItems(
      page([
        word('-', 400, 411, 168, 170, 95), // a stroke standing alone (another line's vowel sign)
        word('PRIYA', 555, 625),
        word('(0.S.)', 645, 721),
        word('~', 900, 906, 161, 175, 20),
      ]),
      raster,
    );
    expect(items.map((i) => i.str)).toEqual(['PRIYA (O.S.)']);
    expect(['(V.0.)', '(o.c.)', '(C0NT’D)', '(beat)'].map(fixOcrToken)).toEqual([
      '(V.O.)',
      '(O.C.)',
      '(CONT’D)',
      '(beat)',
    ]);
  });
});
