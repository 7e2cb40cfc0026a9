// Reads a spreadsheet the office was sent into rows of strings, as a person would: the right sheet, the
// header row found below any title rows, rows numbered as Excel shows them; what is not a spreadsheet is
// refused with a clear reason.
import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import type { ReadOptions } from '../../../shared/talent-import.ts';
import { headerScore } from './columns.ts';
import { CsvReader, parseCsv } from './csv.ts';
import { decodeBytes, decodeText, lineDecoder, looksBinary, textBytes } from './decode.ts';
import { readWorkbook, type SheetSummary } from './xlsx.ts';

export const MAX_IMPORT_BYTES = 40 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 250_000;
/** Title rows, agency names and notes above the header: how far down the header is looked for. */
const HEADER_SEARCH_ROWS = 30;

export interface RowProblem {
  row: number;
  message: string;
}

export interface Sheet {
  format: 'csv' | 'xlsx';
  encoding: string;
  sheets: SheetSummary[];
  sheetName: string | null;
  /** rows[0] is the header row; rows above it and blank rows are left out. */
  rows: string[][];
  /** rowNumbers[i]: the number the spreadsheet shows for rows[i]. */
  rowNumbers: number[];
  /** The first rows of the sheet (blank ones left out), header candidates for the dialog. */
  topRows: { row: number; cells: string[] }[];
  /** Rows that were read but not cleanly (broken quotes): their people are imported and flagged. */
  rowNotes: RowProblem[];
  /** Rows that could not be read at all. */
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

const startsWith = (buf: Buffer, sig: number[]) => sig.every((b, i) => buf[i] === b);
const isBlank = (r: readonly string[]) => r.every((c) => !c?.trim());

/** Index (among `rows`) of the header: the chosen row number, else the row most like a header. */
function findHeader(rows: string[][], rowNumbers: number[], chosen?: number | null): number {
  if (chosen != null) {
    const at = rowNumbers.indexOf(chosen);
    if (at < 0 || isBlank(rows[at]!))
      throw new AppError('NO_HEADER', `Row ${chosen} is empty or past the end: choose another header row.`);
    return at;
  }
  let best = -1;
  let bestScore = 0;
  for (let i = 0, seen = 0; i < rows.length && seen < HEADER_SEARCH_ROWS; i++) {
    if (isBlank(rows[i]!)) continue;
    seen++;
    const score = headerScore(rows[i]!);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  if (best >= 0) return best;
  return rows.findIndex((r) => !isBlank(r));
}

/** The file's bytes, checked: it exists, is not empty or too large. */
async function readBytes(path: string): Promise<Buffer> {
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
  return readFile(path);
}

const isWorkbook = (buf: Buffer) => startsWith(buf, [0x50, 0x4b, 0x03, 0x04]);

function refuseBinary(buf: Buffer): void {
  const binary = BINARY_SIGNATURES.find(([sig]) => startsWith(buf, sig));
  if (binary) throw new AppError('NOT_A_SPREADSHEET', `This is ${binary[1]}, not a CSV or Excel file.`);
}

const notText = () => new AppError('NOT_A_SPREADSHEET', 'This file is not text: it is not a CSV file.');

/** Decoded text that is text; what is not is refused. */
function checkedText(text: string): string {
  if (looksBinary(text)) throw notText();
  return text;
}

/** A CSV file's text in its encoding; what is not text is refused. */
function csvText(buf: Buffer, opts: ReadOptions): { text: string; encoding: string } {
  refuseBinary(buf);
  const decoded = decodeText(buf, opts.encoding);
  return { text: checkedText(decoded.text), encoding: decoded.encoding };
}

/** A reader of a CSV file's records, decoding its text as it goes where the encoding allows (see CsvBytes). */
function csvReader(buf: Buffer, opts: ReadOptions, pieceBytes?: number): CsvReader {
  refuseBinary(buf);
  const { body, encoding } = textBytes(buf, opts.encoding);
  const decode = lineDecoder(encoding);
  if (!decode) return new CsvReader(checkedText(decodeBytes(body, encoding)));
  // looksBinary reads the first 8,192 characters: 4 bytes each at most, and a character cut short at the end
  // of these bytes comes after them.
  if (looksBinary(decode(body.subarray(0, 4 * 8192 + 4)))) throw notText();
  return new CsvReader({ bytes: body, decode, pieceBytes });
}

const tooManyRows = () =>
  new AppError('TOO_MANY_ROWS', `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-IN')} rows.`);

export async function readSheet(path: string, opts: ReadOptions = {}): Promise<Sheet> {
  const buf = await readBytes(path);
  let format: Sheet['format'];
  let encoding: string;
  let all: string[][];
  let numbers: number[];
  let sheets: SheetSummary[] = [];
  let sheetName: string | null = null;
  let rowNotes: RowProblem[] = [];
  const warnings: string[] = [];
  if (isWorkbook(buf)) {
    const wb = await readWorkbook(buf, opts.sheet);
    ({ sheets, sheetName, rows: all, rowNumbers: numbers } = wb);
    format = 'xlsx';
    encoding = 'XLSX';
    const hidden = sheets.filter((s) => s.hidden && s.name !== sheetName);
    if (hidden.length)
      warnings.push(
        `The workbook has hidden sheet(s) ${hidden.map((s) => `"${s.name}" (${s.rows} rows)`).join(', ')}: not imported unless you choose one.`,
      );
    const others = sheets.filter((s) => !s.hidden && s.name !== sheetName && s.rows > 0);
    if (others.length)
      warnings.push(
        `Importing sheet "${sheetName}"; the workbook also has ${others.map((s) => `"${s.name}" (${s.rows} rows)`).join(', ')}.`,
      );
  } else {
    const decoded = csvText(buf, opts);
    const csv = parseCsv(decoded.text);
    format = 'csv';
    encoding = decoded.encoding;
    all = csv.rows;
    numbers = csv.rowNumbers;
    rowNotes = csv.rowNotes;
    warnings.push(...csv.warnings);
  }
  const headerAt = findHeader(all, numbers, opts.headerRow);
  if (headerAt < 0) throw new AppError('EMPTY_FILE', 'The file has no header row.');
  const topRows: Sheet['topRows'] = [];
  for (let i = 0; i < all.length && topRows.length < 12; i++)
    if (!isBlank(all[i]!)) topRows.push({ row: numbers[i]!, cells: all[i]!.slice(0, 30) });
  const rows: string[][] = [all[headerAt]!];
  const rowNumbers: number[] = [numbers[headerAt]!];
  for (let i = headerAt + 1; i < all.length; i++) {
    if (isBlank(all[i]!)) continue;
    rows.push(all[i]!);
    rowNumbers.push(numbers[i]!);
  }
  if (rows.length - 1 > MAX_IMPORT_ROWS) throw tooManyRows();
  const headerRow = rowNumbers[0]!;
  if (headerRow > 1 && opts.headerRow == null)
    warnings.push(`Row ${headerRow} was taken as the header (the rows above it look like titles).`);
  // Broken-quote rows above the header do not concern any person.
  rowNotes = rowNotes.filter((n) => n.row > headerRow);
  return { format, encoding, sheets, sheetName, rows, rowNumbers, topRows, rowNotes, problems: [], warnings };
}

/** Data rows below the header, blank ones left out, with their numbers and the notes on rows not read cleanly. */
export type DataBatch = Pick<Sheet, 'rowNumbers' | 'rowNotes'> & { rows: string[][] };

/** A sheet read a batch of data rows at a time (see streamSheet). */
export interface SheetStream {
  header: string[];
  headerRow: number;
  sheetName: string | null;
  /** How many data rows there are: exact once `next` has returned null, an estimate before. */
  total(): number;
  /** The next batch of about the stream's batch size in records, or null at the end. */
  next(): DataBatch | null;
}

/**
 * The sheet of `readSheet`, but a CSV is parsed a batch of about `batchRows` records at a time: a large import
 * checks and writes its first people while the rest of the file is still being parsed. A workbook is read whole.
 */
export async function streamSheet(
  path: string,
  opts: ReadOptions,
  batchRows: number,
  /** Bytes of text decoded at a time (tests; see CsvBytes). */
  pieceBytes?: number,
): Promise<SheetStream> {
  const buf = await readBytes(path);
  if (isWorkbook(buf)) return wholeSheetStream(await readSheet(path, opts), batchRows);
  const reader = csvReader(buf, opts, pieceBytes);
  // The header is among the first records (or, when chosen, wherever the chosen row is).
  const top: DataBatch = { rows: [], rowNumbers: [], rowNotes: [] };
  const take = (b: DataBatch) => {
    for (let i = 0; i < b.rows.length; i++) {
      top.rows.push(b.rows[i]!);
      top.rowNumbers.push(b.rowNumbers[i]!);
    }
    top.rowNotes.push(...b.rowNotes);
  };
  let nonBlank = 0;
  for (let b = reader.next(batchRows); b; b = reader.next(batchRows)) {
    take(b);
    for (const r of b.rows) if (!isBlank(r)) nonBlank++;
    const found =
      opts.headerRow == null
        ? nonBlank >= HEADER_SEARCH_ROWS
        : (top.rowNumbers.at(-1) ?? 0) >= opts.headerRow;
    if (found) break;
  }
  const headerAt = findHeader(top.rows, top.rowNumbers, opts.headerRow);
  if (headerAt < 0) throw new AppError('EMPTY_FILE', 'The file has no header row.');
  const headerRow = top.rowNumbers[headerAt]!;
  let seen = 0;
  /** Data rows of a batch: below the header, not blank; the limit on rows checked as they come. */
  const data = (b: DataBatch, from: number): DataBatch => {
    const out: DataBatch = {
      rows: [],
      rowNumbers: [],
      rowNotes: b.rowNotes.filter((n) => n.row > headerRow),
    };
    for (let i = from; i < b.rows.length; i++) {
      if (isBlank(b.rows[i]!)) continue;
      out.rows.push(b.rows[i]!);
      out.rowNumbers.push(b.rowNumbers[i]!);
    }
    seen += out.rows.length;
    if (seen > MAX_IMPORT_ROWS) throw tooManyRows();
    return out;
  };
  let first: DataBatch | null = data(top, headerAt + 1);
  return {
    header: top.rows[headerAt]!,
    headerRow,
    sheetName: null,
    total: () => seen + reader.estimateLeft(),
    next() {
      if (first) {
        const b = first;
        first = null;
        return b;
      }
      const b = reader.next(batchRows);
      return b && data(b, 0);
    },
  };
}

function wholeSheetStream(sheet: Sheet, batchRows: number): SheetStream {
  let at = 1;
  return {
    header: sheet.rows[0]!,
    headerRow: sheet.rowNumbers[0]!,
    sheetName: sheet.sheetName,
    total: () => sheet.rows.length - 1,
    next() {
      if (at >= sheet.rows.length) return null;
      const end = Math.min(sheet.rows.length, at + batchRows);
      const b: DataBatch = {
        rows: sheet.rows.slice(at, end),
        rowNumbers: sheet.rowNumbers.slice(at, end),
        rowNotes: sheet.rowNotes.filter(
          (n) => n.row >= sheet.rowNumbers[at]! && n.row <= sheet.rowNumbers[end - 1]!,
        ),
      };
      at = end;
      return b;
    },
  };
}
