// "Save rows with problems as CSV": the rows of an import file that were not imported or had a field left
// empty, with their original cells, so the office can fix them and import them again. The file is read and
// every row checked again exactly as the import did (same read options, same mapping, same validateRow),
// so the list is complete however many problems there were (the report stops listing at 1000).

import { basename, extname } from 'node:path';
import Papa from 'papaparse';
import type { ColumnMapping, ReadOptions } from '../../../shared/talent-import.ts';
import { neutraliseCell } from '../../export/cells.ts';
import { readSheet } from './read.ts';
import { columnName, rowContext, validateRow } from './validate.ts';

export interface ProblemsCsv {
  fileName: string;
  mime: string;
  /** UTF-8 with a BOM, so Excel shows Devanagari. */
  data: Buffer;
  /** Rows written, the header excluded. */
  rows: number;
}

/** Rows checked between two turns of the event loop, so other calls get through on a large file. */
const ROWS_PER_TURN = 5000;

/** The problems of one row in one cell: "DOB: "31/31/1990" (not a date)"; "; " between them. */
function describeProblems(
  headers: readonly string[],
  problems: { column: number; value: string; why: string }[],
) {
  return problems
    .map((p) => {
      const where = columnName(headers, p.column);
      return p.value ? `${where}: "${p.value}" (${p.why})` : `${where}: ${p.why}`;
    })
    .join('; ');
}

/** The name for the saved file: the imported file's, with " - rows with problems". */
export function problemsFileName(original: string): string {
  const stem =
    basename(original, extname(original))
      .replace(/[\\/:*?"<>|\s]+/g, ' ')
      .trim() || 'import';
  return `${stem} - rows with problems.csv`;
}

/**
 * The header, then every row that was refused or had a field problem: "Row" (the number a spreadsheet
 * program or text editor shows), "Problems", then the row's original cells. The two columns come first so
 * that a row with more cells than the header keeps every cell, and a re-import ignores them (no field has
 * those names).
 */
export async function problemsCsv(
  path: string,
  mapping: ColumnMapping,
  read: ReadOptions = {},
  fileName = basename(path),
): Promise<ProblemsCsv> {
  const sheet = await readSheet(path, read);
  const header = sheet.rows[0]!;
  const ctx = rowContext(mapping, header);
  const notes = new Map(sheet.rowNotes.map((n) => [n.row, n.message]));
  const unreadable = new Map(sheet.problems.map((p) => [p.row, p.message]));
  const out: string[][] = [['Row', 'Problems', ...header]];
  for (let i = 1; i < sheet.rows.length; i++) {
    if (i % ROWS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    const row = sheet.rows[i]!;
    const number = sheet.rowNumbers[i]!;
    let problems = unreadable.get(number);
    if (!problems) {
      const r = validateRow(row, ctx, notes.get(number));
      if (!r.ok) problems = `Not imported: ${r.message}`;
      else if (r.problems.length) problems = describeProblems(ctx.headers, r.problems);
    }
    if (problems) out.push([String(number), problems, ...row]);
  }
  const csv = Papa.unparse(
    out.map((r) => r.map((c) => neutraliseCell(c))),
    { quotes: true, newline: '\r\n' },
  );
  return {
    fileName: problemsFileName(fileName),
    mime: 'text/csv',
    data: Buffer.from(`\ufeff${csv}`),
    rows: out.length - 1,
  };
}
