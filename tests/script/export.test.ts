import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../src/backend/export/cells.ts';
import { analyzePages } from '../../src/backend/script/analyze.ts';
import {
  castBySceneRows,
  castListRows,
  exportBreakdownPdf,
  exportBreakdownXlsx,
  toCsv,
} from '../../src/backend/script/export.ts';
import { pagesOf } from './fixtures/lines.ts';
import { DEVANAGARI_FONT } from './fixtures/render.ts';

const a = analyzePages(
  pagesOf([
    'INT. OFFICE - DAY',
    '',
    '+PRIYA (28) types. RAHUL watches.',
    '',
    '22|PRIYA',
    '10|Haan bolo.',
    '',
    '22|RAHUL',
    '10|Kuch nahi.',
    '',
    'EXT. ROOF - NIGHT',
    '',
    'Priya smokes alone.',
    '',
    '22|राधा',
    '10|चलो।',
    '',
  ]),
  { fileName: 'x.pdf', metadataTitle: null, warnings: [] },
);

describe('breakdown export', () => {
  it('neutralises cells that spreadsheets would run as formulas', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('+91 98200')).toBe("'+91 98200");
    expect(neutraliseCell('-x')).toBe("'-x");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('PRIYA')).toBe('PRIYA');
    expect(neutraliseCell(-3)).toBe(-3);
  });

  it('builds the cast list and a cast-by-scene table', () => {
    const cast = castListRows(a);
    expect(cast[0]).toEqual([
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
    ]);
    const priya = cast.find((r) => r[1] === 'PRIYA')!;
    expect(priya.slice(2, 8)).toEqual([1, 2, 1, 1, '1', '28']);
    const dood = castBySceneRows(a);
    expect(dood[0]).toEqual(['Character', '1', '2', 'Scenes']);
    expect(dood.find((r) => r[0] === 'PRIYA')).toEqual(['PRIYA', 'S', 'N', 1]);
    expect(dood.find((r) => r[0] === 'राधा')).toEqual(['राधा', '', 'S', 1]);
  });

  it('writes CSV that round-trips and carries no live formula', () => {
    const back = Papa.parse<string[]>(toCsv(castBySceneRows(a))).data;
    expect(back[0]).toEqual(['Character', '1', '2', 'Scenes']);
    const cells = Papa.parse<string[]>(toCsv(castListRows(a))).data.flat();
    // PRIYA's introduction starts with "+": exported as text.
    expect(cells.some((c) => c.startsWith("'+PRIYA (28)"))).toBe(true);
    expect(cells.some((c) => /^[=+\-@]/.test(c))).toBe(false);
  });

  it('writes an XLSX workbook with both sheets', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      Buffer.from(await exportBreakdownXlsx(a)) as unknown as Parameters<typeof wb.xlsx.load>[0],
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Cast list', 'Cast by scene']);
    const cast = wb.getWorksheet('Cast list')!;
    expect(cast.getRow(2).getCell(2).value).toBe(a.characters[0]!.name);
    expect(typeof cast.getRow(2).getCell(3).value).toBe('number');
    const dood = wb.getWorksheet('Cast by scene')!;
    expect(dood.rowCount).toBe(a.characters.length + 1);
  });

  it('writes a PDF with the cast, with or without a Unicode font', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'castmatch-export-'));
    try {
      for (const [name, opts] of [
        ['plain', {}],
        ['unicode', { fontBytes: readFileSync(DEVANAGARI_FONT) }],
      ] as const) {
        const bytes = await exportBreakdownPdf(a, opts);
        const doc = await PDFDocument.load(bytes);
        expect(doc.getPageCount()).toBe(2);
        const p = join(dir, `${name}.pdf`);
        writeFileSync(p, bytes);
        const text = execFileSync('pdftotext', ['-layout', p, '-']).toString();
        expect(text).toContain('PRIYA');
        expect(text).toContain('cast by scene');
        // Devanagari names need the Unicode font; without it they print as '?' rather than breaking the file.
        if (name === 'unicode') expect(text).toContain('राधा');
        else expect(text).toContain('????');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
