// A printable day schedule (auditions): a title, a subtitle and a table, A4 landscape, paged. Standard fonts
// cover Latin-1 only; other characters print as '?' (names on the schedule are the Latin display names).
import type { PDFFont } from 'pdf-lib';

export interface PdfTable {
  title: string;
  subtitle: string;
  header: string[];
  rows: string[][];
  /** Relative column widths, one per header cell. */
  widths: number[];
}

const LATIN1 = /[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]/g;

export async function tablePdf(t: PdfTable): Promise<Uint8Array> {
  // Loaded here: pdf-lib takes ~160 ms to load, which the app's start would otherwise pay.
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(t.title);
  doc.setCreator('CastMatch');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
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
  const fitText = (s: string, f: PDFFont, size: number, w: number) => {
    let out = s.replace(LATIN1, '?').replace(/\s+/g, ' ');
    while (out.length > 1 && f.widthOfTextAtSize(out, size) > w) out = `${out.slice(0, -2)}…`;
    return out;
  };
  let page = doc.addPage([W, H]);
  let y = H - M;
  const draw = (s: string, x: number, size: number, f: PDFFont, w: number) =>
    page.drawText(fitText(s, f, size, w), { x, y, size, font: f });
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
