// Sides for an audition: the pages of the ORIGINAL script PDF where one character speaks (copied, not redrawn,
// so they look exactly as the writer printed them), in script order, after a cover page naming the character,
// their scenes and the pages; the character's speeches highlighted, and an optional watermark on every page.
import type { PDFDocument, PDFPage } from 'pdf-lib';
import { AppError } from '../../shared/errors.ts';
import type { ScriptAnalysis, Speech } from '../../shared/script.ts';
import { loadPdfLib, type PdfLib, TextWriter } from '../export/pdf-text.ts';

export interface SidesOptions {
  /** Printed diagonally on every page ("Prepared for …"). */
  watermark?: string;
  /** A Unicode font for Devanagari names on the cover and watermark. */
  fontBytes?: Uint8Array | null;
}

export interface SidesResult {
  bytes: Uint8Array;
  /** The original pages copied (1-based), in order; the output has these after its cover page. */
  scriptPages: number[];
  pages: number;
  character: string;
}

const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toUpperCase();

/** The character as the analysis names it, by name or any cue spelling; a clear error otherwise. */
export function findCharacter(a: ScriptAnalysis, name: string) {
  const k = key(name);
  const c = a.characters.find((x) => key(x.name) === k || x.aliases.some((al) => key(al) === k));
  if (!c) {
    const silent = a.silent.some((x) => key(x.name) === k);
    throw new AppError(
      'NOT_FOUND',
      silent
        ? `${name} never speaks in this script, so there are no sides to make.`
        : `${name} is not a speaking character of this script.`,
    );
  }
  return c;
}

/** Every page a speech touches (a continued speech spans two), ascending. */
export function sidesPages(speeches: Speech[]): number[] {
  const pages = new Set<number>();
  for (const s of speeches) {
    pages.add(s.page);
    for (const r of s.rects) pages.add(r.page);
  }
  return [...pages].sort((x, y) => x - y);
}

/** Draws on a copied page inside its own graphics state, whatever state the original content leaves. */
function isolate(lib: PdfLib, doc: PDFDocument, page: PDFPage): void {
  const push = doc.context.register(doc.context.contentStream([lib.pushGraphicsState()]));
  const pop = doc.context.register(doc.context.contentStream([lib.popGraphicsState()]));
  page.node.wrapContentStreams(push, pop);
}

export async function buildSides(
  a: ScriptAnalysis,
  original: Uint8Array,
  character: string,
  opts: SidesOptions = {},
): Promise<SidesResult> {
  const c = findCharacter(a, character);
  const speeches = a.speeches.filter((s) => s.character === c.name);
  if (speeches.length === 0) throw new AppError('NOT_FOUND', `${c.name} has no speeches in this script.`);
  const lib = await loadPdfLib();
  let src: PDFDocument;
  try {
    // Loaded even when encrypted, to say so below: pdf-lib cannot decrypt, so such pages would copy as garbage.
    src = await lib.PDFDocument.load(original, { updateMetadata: false, ignoreEncryption: true });
  } catch (e) {
    throw new AppError(
      'VALIDATION',
      `The stored script PDF could not be read (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  if (src.isEncrypted)
    throw new AppError(
      'VALIDATION',
      'This script PDF is password-protected, so its pages cannot be copied into sides. Save an unprotected copy and analyse that.',
    );
  const count = src.getPageCount();
  const pages = sidesPages(speeches).filter((p) => p >= 1 && p <= count);
  if (pages.length === 0)
    throw new AppError('VALIDATION', 'The stored PDF does not have the pages this analysis names.');

  const doc = await lib.PDFDocument.create();
  doc.setTitle(`${a.title} — sides for ${c.name}`);
  doc.setCreator('CastMatch');
  const t = await TextWriter.create(lib, doc, opts.fontBytes ?? null);
  const { width: W, height: H } = src.getPage(pages[0]! - 1).getSize();
  const M = 56;
  const grey = lib.rgb(0.35, 0.37, 0.42);

  // Cover: who, which scenes, which pages.
  const cover = doc.addPage([W, H]);
  let y = H - M - 30;
  t.draw(cover, `Sides: ${c.name}`, { x: M, y, size: 24, font: t.bold, maxWidth: W - 2 * M });
  y -= 24;
  t.draw(cover, a.title, { x: M, y, size: 13, maxWidth: W - 2 * M });
  y -= 20;
  t.draw(
    cover,
    `${speeches.length} speeches · ${c.scenes.length} scene${c.scenes.length === 1 ? '' : 's'} · script pages ${pages.join(', ')}`,
    { x: M, y, size: 10, color: grey, maxWidth: W - 2 * M },
  );
  y -= 30;
  t.draw(cover, 'Scenes', { x: M, y, size: 12, font: t.bold });
  y -= 18;
  const scenes = a.scenes.filter((s) => c.scenes.includes(s.index));
  for (const [i, s] of scenes.entries()) {
    if (y < M + 30) {
      t.draw(cover, `… and ${scenes.length - i} more`, { x: M, y, size: 10, color: grey });
      break;
    }
    const n = s.index === 0 ? 'Opening' : (s.number ?? String(s.index));
    const lines = speeches.filter((sp) => sp.scene === s.index).length;
    t.draw(cover, `${n}`, { x: M, y, size: 10, font: t.bold });
    t.draw(cover, `${s.heading || s.location} (p. ${s.page}, ${lines} speech${lines === 1 ? '' : 'es'})`, {
      x: M + 50,
      y,
      size: 10,
      maxWidth: W - 2 * M - 50,
    });
    y -= 15;
  }
  t.draw(cover, `Highlighted: ${c.name}'s cues and dialogue.`, { x: M, y: M, size: 9, color: grey });

  // The original pages, highlighted.
  const copied = await doc.copyPages(
    src,
    pages.map((p) => p - 1),
  );
  const yellow = lib.rgb(1, 0.9, 0.2);
  for (const [i, page] of copied.entries()) {
    doc.addPage(page);
    isolate(lib, doc, page);
    const p = pages[i]!;
    for (const s of speeches)
      for (const r of s.rects) {
        if (r.page !== p) continue;
        // A little padding so the highlight covers ascenders and descenders.
        page.drawRectangle({
          x: r.x - 2,
          y: r.y - 2,
          width: r.w + 4,
          height: r.h + 4,
          color: yellow,
          opacity: 0.35,
        });
      }
  }
  if (opts.watermark) {
    const stamp = opts.watermark;
    for (const p of doc.getPages()) t.watermark(lib, p, stamp);
  }
  return { bytes: await doc.save(), scriptPages: pages, pages: doc.getPageCount(), character: c.name };
}
