// Breakdown exports: the cast list with counts and the cast-by-scene table (Day Out of Days style).
import Papa from 'papaparse';
import type { PDFFont } from 'pdf-lib';
import { type ScriptAnalysis, sceneCharacterMatrix } from '../../shared/script.ts';
import { type Cell, neutraliseCell } from '../export/cells.ts';
import { loadExcel } from '../export/excel.ts';
import { loadPdfLib } from '../export/pdf-text.ts';

function ageText(a: ScriptAnalysis['characters'][number]['age']): string {
  if (!a) return '';
  return a.min === a.max ? String(a.min) : `${a.min}-${a.max}`;
}

/** Cast list rows, header first: one row per speaking character, most important first. */
export function castListRows(a: ScriptAnalysis): Cell[][] {
  const rows: Cell[][] = [
    [
      '#',
      'Character',
      'Speeches',
      'Words',
      'Scenes',
      'First page',
      'First scene',
      'Age',
      'Gender',
      'Introduction',
    ],
  ];
  a.characters.forEach((c, i) => {
    const first = a.scenes.find((s) => s.index === c.firstScene);
    rows.push([
      i + 1,
      c.name,
      c.speeches,
      c.words,
      c.scenes.length,
      c.firstPage,
      first?.number ?? String(c.firstScene),
      ageText(c.age),
      c.gender?.value ?? '',
      c.intro ?? '',
    ]);
  });
  return rows;
}

/**
 * Cast by scene: a row per character, a column per scene (its printed number, else its index);
 * "S" where the character speaks, "N" where the action only names them.
 */
export function castBySceneRows(a: ScriptAnalysis): Cell[][] {
  const m = sceneCharacterMatrix(a);
  const header: Cell[] = [
    'Character',
    ...a.scenes.map((s) => (s.index === 0 ? 'Pre' : (s.number ?? String(s.index)))),
    'Scenes',
  ];
  const rows: Cell[][] = [header];
  m.characters.forEach((name, i) => {
    const cells = m.cells[i]!;
    rows.push([
      name,
      ...cells.map((c) => (c.speeches > 0 ? 'S' : c.named ? 'N' : '')),
      cells.filter((c) => c.speeches > 0).length,
    ]);
  });
  return rows;
}

/** CSV text with formula-looking cells neutralised (RFC 4180 quoting, CRLF). */
export function toCsv(rows: Cell[][]): string {
  return Papa.unparse(
    rows.map((r) => r.map(neutraliseCell)),
    { newline: '\r\n' },
  );
}

/** An XLSX workbook with the two sheets. */
export async function exportBreakdownXlsx(a: ScriptAnalysis): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CastMatch';
  const cast = wb.addWorksheet('Cast list');
  for (const r of castListRows(a)) cast.addRow(r.map(neutraliseCell));
  cast.getRow(1).font = { bold: true };
  cast.columns.forEach((col, i) => {
    col.width = i === 9 ? 80 : i === 1 ? 24 : 10;
  });
  const dood = wb.addWorksheet('Cast by scene');
  for (const r of castBySceneRows(a)) dood.addRow(r.map(neutraliseCell));
  dood.getRow(1).font = { bold: true };
  dood.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

export interface PdfExportOptions {
  /** A Unicode TrueType font (e.g. Noto Sans Devanagari) for names outside Latin-1; else such text shows as '?'. */
  fontBytes?: Uint8Array;
}

/** A printable PDF: the cast list, then the cast-by-scene grid in pages of up to 30 scenes. */
export async function exportBreakdownPdf(
  a: ScriptAnalysis,
  opts: PdfExportOptions = {},
): Promise<Uint8Array> {
  // Loaded on first use (~160 ms the app's start would otherwise pay), with the runtime fontkit's shaper needs.
  const { PDFDocument, rgb, StandardFonts, fontkit } = await loadPdfLib();
  const doc = await PDFDocument.create();
  doc.setTitle(`${a.title} — breakdown`);
  doc.setCreator('CastMatch');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let extra: PDFFont | null = null;
  if (opts.fontBytes) {
    doc.registerFontkit(fontkit);
    extra = await doc.embedFont(opts.fontBytes, { subset: true });
  }
  // Standard fonts cover WinAnsi only: other runs (Devanagari names) use the given font, else show '?'.
  const WIN_ANSI = /^[\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]+$/;
  const runs = (s: string, f: PDFFont): Array<{ text: string; font: PDFFont }> => {
    const out: Array<{ text: string; font: PDFFont }> = [];
    for (const part of s.split(
      /([\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]+)/,
    )) {
      if (!part) continue;
      if (WIN_ANSI.test(part)) out.push({ text: part, font: f });
      else if (extra) out.push({ text: part, font: extra });
      else out.push({ text: '?'.repeat([...part].length), font: f });
    }
    return out;
  };
  const widthOf = (s: string, f: PDFFont, size: number) =>
    runs(s, f).reduce((n, r) => n + r.font.widthOfTextAtSize(r.text, size), 0);
  const fitText = (f: PDFFont, s: string, size: number, w: number): string => {
    let t = s;
    while (t.length > 1 && widthOf(t, f, size) > w) t = `${t.slice(0, -2)}…`.replace(/……$/, '…');
    return t;
  };
  const W = 842;
  const H = 595; // A4 landscape
  const M = 36;
  let page = doc.addPage([W, H]);
  let y = H - M;
  const text = (s: string, x: number, size = 9, f = font, w = 400) => {
    let cx = x;
    for (const r of runs(fitText(f, s, size, w), f)) {
      page.drawText(r.text, { x: cx, y, size, font: r.font });
      cx += r.font.widthOfTextAtSize(r.text, size);
    }
  };
  text(`${a.title} — cast list`, M, 16, bold, W - 2 * M);
  y -= 24;
  text(
    `${a.pages} pages · ${a.scenes.filter((s) => s.index > 0).length} scenes · ${a.characters.length} speaking characters`,
    M,
    9,
    font,
    W - 2 * M,
  );
  y -= 20;
  const cols = [M, M + 24, M + 190, M + 245, M + 295, M + 340, M + 390, M + 440];
  const rows = castListRows(a);
  for (let r = 0; r < rows.length; r++) {
    if (y < M + 14) {
      page = doc.addPage([W, H]);
      y = H - M;
    }
    const row = rows[r]!;
    const f = r === 0 ? bold : font;
    [0, 1, 2, 3, 4, 5, 7, 8].forEach((ci, k) => {
      text(String(row[ci] ?? ''), cols[k]!, 9, f, (cols[k + 1] ?? W - M) - cols[k]! - 4);
    });
    if (r === 0) text('Introduction', cols[7]! + 50, 9, f);
    else text(String(row[9] ?? ''), cols[7]! + 50, 8, font, W - M - cols[7]! - 50);
    y -= 14;
  }
  // Cast by scene.
  const grid = castBySceneRows(a);
  const header = grid[0]!;
  const sceneCols = header.length - 2;
  const per = 30;
  for (let start = 0; start < sceneCols; start += per) {
    page = doc.addPage([W, H]);
    y = H - M;
    text(
      `${a.title} — cast by scene (${start + 1}–${Math.min(sceneCols, start + per)} of ${sceneCols})`,
      M,
      14,
      bold,
      W - 2 * M,
    );
    y -= 24;
    const cellW = (W - 2 * M - 150) / per;
    const drawRow = (row: Cell[], isHeader: boolean) => {
      if (y < M + 12) {
        page = doc.addPage([W, H]);
        y = H - M;
      }
      text(String(row[0] ?? ''), M, 8, isHeader ? bold : font, 145);
      for (let j = 0; j < per && start + j < sceneCols; j++) {
        const v = String(row[1 + start + j] ?? '');
        const x = M + 150 + j * cellW;
        if (!isHeader && v === 'S')
          page.drawRectangle({ x, y: y - 2, width: cellW - 1, height: 10, color: rgb(0.75, 0.85, 1) });
        text(v, x + 1, 7, isHeader ? bold : font, cellW - 2);
      }
      y -= 12;
    };
    drawRow(header, true);
    for (const row of grid.slice(1)) drawRow(row, false);
  }
  return doc.save();
}
