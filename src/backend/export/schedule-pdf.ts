// A printable day schedule (auditions): a title, a subtitle and a table, A4 landscape, paged. Text goes through
// the shared TextWriter (pdf-text.ts), so a Devanagari name or place prints as text where the machine has a
// Devanagari font, as in the breakdown and deck PDFs.
import type { PDFFont } from 'pdf-lib';
import type { PdfTable } from '../../shared/casting.ts';
import { findDevanagariFont, loadPdfLib, TextWriter } from './pdf-text.ts';

/** `fontBytes`: a Devanagari font (tests pass null to see the '?' fallback); by default the machine's. */
export async function tablePdf(t: PdfTable, fontBytes?: Uint8Array | null): Promise<Uint8Array> {
  const lib = await loadPdfLib(); // here, not at start: pdf-lib takes ~160 ms to load
  const { rgb } = lib;
  const doc = await lib.PDFDocument.create();
  doc.setTitle(t.title);
  doc.setCreator('CastMatch');
  const tw = await TextWriter.create(
    lib,
    doc,
    fontBytes === undefined ? await findDevanagariFont() : fontBytes,
  );
  const { regular: font, bold } = tw;
  const W = 842;
  const H = 595; // A4 landscape: nine columns, notes included
  const M = 36;
  const total = t.widths.reduce((a, b) => a + b, 0);
  const xs: number[] = [];
  let acc = M;
  for (const w of t.widths) {
    xs.push(acc);
    acc += ((W - 2 * M) * w) / total;
  }
  let page = doc.addPage([W, H]);
  let y = H - M;
  const draw = (s: string, x: number, size: number, f: PDFFont, w: number) =>
    tw.draw(page, s.replace(/\s+/g, ' '), { x, y, size, font: f, maxWidth: w });
  draw(t.title, M, 15, bold, W - 2 * M);
  y -= 20;
  draw(t.subtitle, M, 9, font, W - 2 * M);
  y -= 24;
  const row = (cells: string[], f: PDFFont, shade: boolean) => {
    if (y < M + 14) {
      page = doc.addPage([W, H]);
      y = H - M;
    }
    if (shade)
      page.drawRectangle({
        x: M - 2,
        y: y - 4,
        width: W - 2 * M + 4,
        height: 14,
        color: rgb(0.93, 0.94, 0.96),
      });
    cells.forEach((c, i) => {
      draw(c, xs[i]!, 8.5, f, (xs[i + 1] ?? W - M) - xs[i]! - 4);
    });
    y -= 16;
  };
  row(t.header, bold, true);
  for (const [i, r] of t.rows.entries()) row(r, font, i % 2 === 1);
  if (t.rows.length === 0) draw('No auditions on this day.', M, 9, font, W - 2 * M);
  return doc.save();
}
