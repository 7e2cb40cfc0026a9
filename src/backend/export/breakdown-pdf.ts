// The role breakdown document as a PDF (A4 portrait, paged): per role a title, its facts and its sections.
// Text goes through the shared TextWriter (pdf-text.ts), so Devanagari names print as text where the machine
// has a Devanagari font.
import type { PDFFont, PDFPage } from 'pdf-lib';
import { findDevanagariFont, loadPdfLib, TextWriter } from './pdf-text.ts';

export interface BreakdownDocRole {
  title: string;
  facts: string[];
  sections: Array<{ heading: string; lines: string[] }>;
}

export async function breakdownPdf(
  doc: { title: string; roles: BreakdownDocRole[] },
  fontBytes?: Uint8Array | null,
): Promise<Uint8Array> {
  const lib = await loadPdfLib();
  const { rgb } = lib;
  const pdf = await lib.PDFDocument.create();
  pdf.setTitle(`Casting breakdown: ${doc.title}`);
  pdf.setCreator('CastMatch');
  const tw = await TextWriter.create(
    lib,
    pdf,
    fontBytes === undefined ? await findDevanagariFont() : fontBytes,
  );
  const W = 595;
  const H = 842;
  const M = 48;
  let page: PDFPage = pdf.addPage([W, H]);
  let y = H - M;
  const text = (s: string, f: PDFFont, size: number, indent = 0) => {
    for (const l of tw.wrap(s, size, W - 2 * M - indent, f)) {
      if (y < M + size) {
        page = pdf.addPage([W, H]);
        y = H - M;
      }
      tw.draw(page, l, { x: M + indent, y: y - size, size, font: f });
      y -= size * 1.35;
    }
  };
  text(`CASTING BREAKDOWN: ${doc.title}`, tw.bold, 16);
  y -= 6;
  for (const [i, role] of doc.roles.entries()) {
    if (i > 0) {
      y -= 8;
      page.drawLine({ start: { x: M, y }, end: { x: W - M, y }, thickness: 0.5, color: rgb(0.7, 0.7, 0.7) });
      y -= 12;
    }
    text(`ROLE NAME: ${role.title}`, tw.bold, 13);
    for (const f of role.facts) text(f, tw.regular, 10);
    for (const s of role.sections) {
      y -= 6;
      text(s.heading, tw.bold, 11);
      for (const l of s.lines) text(l, tw.regular, 10, 8);
    }
  }
  return pdf.save();
}
