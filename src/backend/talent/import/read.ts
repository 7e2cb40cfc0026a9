// Reads a spreadsheet the office was sent into rows of strings, refusing what is not one with a clear reason.
import { readFile, stat } from 'node:fs/promises';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors.ts';
import { loadExcel } from '../../export/excel.ts';

export const MAX_IMPORT_BYTES = 40 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 250_000;

export interface RowProblem {
  row: number;
  message: string;
}

export interface Sheet {
  format: 'csv' | 'xlsx';
  encoding: string;
  /** rows[0] is the header row. */
  rows: string[][];
  /** 1-based row numbers (as a spreadsheet shows them) that could not be read. */
  problems: RowProblem[];
  warnings: string[];
}

const BINARY_SIGNATURES: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old-style Excel (.xls) or Word file — save it as .xlsx or .csv'],
  [[0x1f, 0x8b], 'a compressed (gzip) file'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program'],
];

function startsWith(buf: Buffer, sig: number[]): boolean {
  return sig.every((b, i) => buf[i] === b);
}

/** Decodes text, detecting the encoding: BOMs, then strict UTF-8, then a statistical guess (e.g. Windows-1252). */
export function decodeText(buf: Buffer): { text: string; encoding: string } {
  if (startsWith(buf, [0xef, 0xbb, 0xbf]))
    return { text: buf.subarray(3).toString('utf8'), encoding: 'UTF-8' };
  if (startsWith(buf, [0xff, 0xfe]))
    return { text: iconv.decode(buf.subarray(2), 'utf16le'), encoding: 'UTF-16LE' };
  if (startsWith(buf, [0xfe, 0xff]))
    return { text: iconv.decode(buf.subarray(2), 'utf16be'), encoding: 'UTF-16BE' };
  // UTF-16 without a BOM: most odd (LE) or even (BE) bytes of ASCII-heavy text are zero.
  const probe = buf.subarray(0, 4096);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) i % 2 ? zeroOdd++ : zeroEven++;
  if (zeroOdd > probe.length / 4 && zeroEven === 0)
    return { text: iconv.decode(buf, 'utf16le'), encoding: 'UTF-16LE' };
  if (zeroEven > probe.length / 4 && zeroOdd === 0)
    return { text: iconv.decode(buf, 'utf16be'), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'UTF-8' };
  } catch {
    // not UTF-8: guess below
  }
  const guess = chardet.detect(buf.subarray(0, 64 * 1024)) ?? 'windows-1252';
  const encoding = /^(ISO-8859-1|windows-1252|ISO-8859-15)$/i.test(guess) ? 'windows-1252' : guess;
  if (!iconv.encodingExists(encoding)) {
    throw new AppError(
      'WRONG_ENCODING',
      `The file's text encoding (${guess}) is not supported. Save it as UTF-8 CSV.`,
    );
  }
  return { text: iconv.decode(buf, encoding), encoding };
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.02;
}

function parseCsv(text: string): { rows: string[][]; problems: RowProblem[]; warnings: string[] } {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const problems: RowProblem[] = [];
  const warnings: string[] = [];
  const badRows = new Set<number>();
  for (const e of parsed.errors) {
    if (e.code === 'UndetectableDelimiter') continue; // a one-column file is fine
    const row = (e.row ?? 0) + 1;
    badRows.add(e.row ?? -1);
    problems.push({
      row,
      message:
        e.code === 'MissingQuotes'
          ? 'A quoted cell is never closed (stray quote): this row and the rows after it were read as one cell.'
          : e.message,
    });
  }
  if (problems.length) warnings.push(`${problems.length} row(s) have quoting errors and will be skipped.`);
  const rows = parsed.data.map((r, i) => (badRows.has(i) ? [] : r));
  return { rows, problems, warnings };
}

async function parseXlsx(buf: Buffer): Promise<string[][]> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Node's generic Buffer.
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('CORRUPT_XLSX', `The Excel file could not be read (${(e as Error).message}).`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('EMPTY_FILE', 'The Excel file has no worksheet.');
  const rows: string[][] = [];
  // Read once: exceljs computes columnCount by visiting every row, which inside this loop made a 20k-row
  // sheet take nearly a minute.
  const columns = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      const v = cell.value;
      cells.push(v instanceof Date ? v.toISOString().slice(0, 10) : (cell.text ?? '').trim());
    }
    rows.push(cells);
  });
  return rows;
}

export async function readSheet(path: string): Promise<Sheet> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new AppError('UNREADABLE', 'The file could not be opened.');
  }
  if (size === 0) throw new AppError('EMPTY_FILE', 'The file is empty.');
  if (size > MAX_IMPORT_BYTES) {
    throw new AppError(
      'TOO_LARGE',
      `The file is ${(size / 1048576).toFixed(0)} MB; the limit is ${MAX_IMPORT_BYTES / 1048576} MB. Split it into smaller files.`,
    );
  }
  const buf = await readFile(path);
  let sheet: Sheet;
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    sheet = { format: 'xlsx', encoding: 'XLSX', rows: await parseXlsx(buf), problems: [], warnings: [] };
  } else {
    const binary = BINARY_SIGNATURES.find(([sig]) => startsWith(buf, sig));
    if (binary) throw new AppError('NOT_A_SPREADSHEET', `This is ${binary[1]}, not a CSV or Excel file.`);
    const { text, encoding } = decodeText(buf);
    if (looksBinary(text))
      throw new AppError('NOT_A_SPREADSHEET', 'This file is not text: it is not a CSV file.');
    sheet = { format: 'csv', encoding, ...parseCsv(text) };
  }
  const header = sheet.rows[0];
  if (!header || header.every((h) => !h.trim()))
    throw new AppError('EMPTY_FILE', 'The file has no header row.');
  if (sheet.rows.length - 1 > MAX_IMPORT_ROWS) {
    throw new AppError(
      'TOO_MANY_ROWS',
      `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-IN')} rows.`,
    );
  }
  return sheet;
}
