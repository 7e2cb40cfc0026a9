/**
 * Tesseract's words → positioned text items in PDF points (origin bottom-left, y up), as pdf.js gives a
 * text layer. Words of one OCR line are joined into runs at ordinary word spacing, so only the wide gaps
 * of the page (dual dialogue, margin scene numbers) separate items, as they do in a text layer.
 */
import type Tesseract from 'tesseract.js';
import type { PageRaster } from './ocr-raster.ts';
import type { RawItem } from './types.ts';

/** A gap wider than this many character widths ends a run (a normal word space is 1–1.7). */
const RUN_GAP_CHARS = 2.6;
/** Tesseract's row height (ascender to descender of the line's x-height band) is ~0.77 of the em. */
const EM_PER_ROW = 1.3;

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * OCR's usual misreads in the one place a letter-for-digit swap changes the analysis: cue extensions
 * ("(0.S.)" for O.S., "(V.0.)" for V.O.), which would otherwise turn a cue into an unknown line.
 */
export function fixOcrToken(t: string): string {
  return t
    .replace(/^\((?:0|O)\.?(S|C)\.?\)$/i, (_, x: string) => `(O.${x.toUpperCase()}.)`)
    .replace(/^\(V\.?(?:0|O)\.?\)$/i, '(V.O.)')
    .replace(/^\(C0NT/i, '(CONT');
}

/**
 * A short flat stroke on its own is a dash, whatever the recogniser made of it (with the Hindi model
 * loaded, the " - " of a scene heading comes back as the letter "न"): judge it by its shape.
 */
function isDash(w: Tesseract.Word, rowPx: number): boolean {
  const h = w.bbox.y1 - w.bbox.y0;
  const wd = w.bbox.x1 - w.bbox.x0;
  return [...w.text.trim()].length <= 2 && h <= rowPx * 0.3 && wd >= h * 2;
}

/** Words Tesseract makes of specks and scanner noise: no letter or digit, and unsure. */
function isNoise(w: Tesseract.Word): boolean {
  return !w.text.trim() || (!/[\p{L}\p{N}]/u.test(w.text) && w.confidence < 40);
}

function lines(page: Tesseract.Page): Tesseract.Line[] {
  return (page.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
}

/**
 * Words made of another line's ink: the tall vowel signs of a Devanagari line reach into the line above,
 * and the recogniser may read their tops again as a word there ("PRIYA लि"). Such a word lies largely
 * inside a word of another line and is read with less confidence than it, or is unsure and reaches well
 * into another line's band.
 */
/** A word with no neighbour on its line within a wide gap (1.5 row heights) on either side. */
function isolated(w: Tesseract.Word, line: Tesseract.Line): boolean {
  const row = line.rowAttributes?.rowHeight || line.bbox.y1 - line.bbox.y0;
  return line.words.every(
    (v) => v === w || v.bbox.x0 - w.bbox.x1 > row * 1.5 || w.bbox.x0 - v.bbox.x1 > row * 1.5,
  );
}

function ghostWords(all: Tesseract.Line[]): Set<Tesseract.Word> {
  const ghosts = new Set<Tesseract.Word>();
  const area = (b: Tesseract.Bbox) => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
  all.forEach((line, i) => {
    for (const w of line.words) {
      const a = area(w.bbox);
      if (a === 0) continue;
      for (let j = 0; j < all.length && !ghosts.has(w); j++) {
        if (j === i) continue;
        const o = all[j]!;
        if (o.bbox.y1 <= w.bbox.y0 || o.bbox.y0 >= w.bbox.y1) continue;
        // An unsure word standing apart and reaching well into another line's band is that line's ink.
        const lx = Math.min(w.bbox.x1, o.bbox.x1) - Math.max(w.bbox.x0, o.bbox.x0);
        const ly = Math.min(w.bbox.y1, o.bbox.y1) - Math.max(w.bbox.y0, o.bbox.y0);
        if (lx > 0 && ly > 0 && (lx * ly) / a >= 0.25 && w.confidence < 60 && isolated(w, line)) {
          ghosts.add(w);
          break;
        }
        for (const v of o.words) {
          const ox = Math.min(w.bbox.x1, v.bbox.x1) - Math.max(w.bbox.x0, v.bbox.x0);
          const oy = Math.min(w.bbox.y1, v.bbox.y1) - Math.max(w.bbox.y0, v.bbox.y0);
          if (ox > 0 && oy > 0 && (ox * oy) / a >= 0.3 && w.confidence < v.confidence) {
            ghosts.add(w);
            break;
          }
        }
      }
    }
  });
  return ghosts;
}

export function wordsToItems(page: Tesseract.Page, r: PageRaster): RawItem[] {
  const k = 72 / r.dpi;
  const all = lines(page);
  const ghosts = ghostWords(all);
  // One font size per page from the typical row: pages are set in one size, and single rows are noisy.
  const typicalRow = median(all.map((l) => l.rowAttributes?.rowHeight ?? 0).filter((h) => h > 0));
  const items: RawItem[] = [];
  for (const line of all) {
    const row = line.rowAttributes?.rowHeight || line.bbox.y1 - line.bbox.y0;
    // A dash between words is kept however unsure the reading: headings hang on it ("INT. ROOF -
    // NIGHT"); a stroke standing alone is a speck or another line's ink.
    const words = line.words.filter((w) => {
      if (ghosts.has(w)) return false;
      if (isDash(w, row)) return !isolated(w, line);
      return !isNoise(w);
    });
    if (words.length === 0) continue;
    const rowPx = typicalRow > 0 && Math.abs(row - typicalRow) <= typicalRow * 0.25 ? typicalRow : row;
    const size = Math.max(1, rowPx * EM_PER_ROW * k);
    const charW =
      median(
        words.filter((w) => [...w.text].length >= 2).map((w) => (w.bbox.x1 - w.bbox.x0) / [...w.text].length),
      ) || rowPx * 0.5;
    const bl = line.baseline;
    const slope = bl && bl.x1 !== bl.x0 ? (bl.y1 - bl.y0) / (bl.x1 - bl.x0) : 0;
    const baselineAt = (x: number) => (bl ? bl.y0 + (x - bl.x0) * slope : line.bbox.y1);
    let run: Tesseract.Word[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const x0 = run[0]!.bbox.x0;
      const x1 = run[run.length - 1]!.bbox.x1;
      items.push({
        str: run.map((w) => (isDash(w, rowPx) ? '-' : fixOcrToken(w.text.trim()))).join(' '),
        x: x0 * k,
        y: r.pageHeight - baselineAt(x0) * k,
        width: Math.max(0, x1 - x0) * k,
        size,
      });
      run = [];
    };
    for (const w of words) {
      const prev = run[run.length - 1];
      if (prev && w.bbox.x0 - prev.bbox.x1 > charW * RUN_GAP_CHARS) flush();
      run.push(w);
    }
    flush();
  }
  return items;
}

/** Words read on a page, and how many of them are Devanagari (a dash misread as a letter not counted). */
export function scriptCounts(page: Tesseract.Page): { words: number; devanagari: number } {
  let words = 0;
  let devanagari = 0;
  for (const line of lines(page)) {
    const row = line.rowAttributes?.rowHeight || line.bbox.y1 - line.bbox.y0;
    for (const w of line.words) {
      if (isNoise(w) || isDash(w, row)) continue;
      words++;
      if (/\p{Script=Devanagari}/u.test(w.text)) devanagari++;
    }
  }
  return { words, devanagari };
}

/** What a margin holds: scene numbers (10, 10A, A10), page numbers ("12."), revision marks. */
export const MARGIN_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.*';
/** The left and right bands of the page where scene numbers and revision marks stand. */
const MARGIN_BAND = 0.15;

/**
 * Lone short words in the side margins. Read with the page's layout, a lone "5" has no context and
 * comes back as "a" or "5;"; read again on its own as one word of margin characters, it is right.
 */
export function marginWords(page: Tesseract.Page, r: PageRaster): Tesseract.Word[] {
  const out: Tesseract.Word[] = [];
  for (const line of lines(page)) {
    const row = line.rowAttributes?.rowHeight || line.bbox.y1 - line.bbox.y0;
    const words = line.words.filter((w) => w.text.trim()).sort((a, b) => a.bbox.x0 - b.bbox.x0);
    words.forEach((w, i) => {
      const mid = (w.bbox.x0 + w.bbox.x1) / 2;
      if (mid > r.width * MARGIN_BAND && mid < r.width * (1 - MARGIN_BAND)) return;
      if ([...w.text.trim()].length > 5 || /\p{Script=Devanagari}/u.test(w.text)) return;
      const gap = row * 1.5; // a wide gap: neighbours this close make it part of a phrase
      const prev = words[i - 1];
      const next = words[i + 1];
      if ((prev && w.bbox.x0 - prev.bbox.x1 < gap) || (next && next.bbox.x0 - w.bbox.x1 < gap)) return;
      out.push(w);
    });
  }
  return out;
}
