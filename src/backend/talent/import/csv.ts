// CSV text → rows, as a person reading the file would: line endings of any kind, NUL bytes removed (and
// reported), and an unclosed quote recovered at the next line instead of swallowing the rest of the file.
import Papa from 'papaparse';
import type { RowProblem } from './read.ts';

export interface CsvRows {
  rows: string[][];
  /** rowNumbers[i]: the line a text editor shows rows[i] on (blank lines count; a cell's line breaks too). */
  rowNumbers: number[];
  /** Rows that were read, but not cleanly: their people are kept, the message goes in the report. */
  rowNotes: RowProblem[];
  warnings: string[];
}

const NUL = /\0/g;
const LINE_ENDS = /\r\n?/g;
/** A line end other than CRLF in text that has CRLF: the line ends are mixed. */
const NOT_CRLF = /\r(?!\n)|(?<!\r)\n/;

/** The delimiter of the data, judged on the first lines (a title row above the header has none). */
function guessDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  const meta = Papa.parse<string[]>(sample, { preview: 60, delimitersToGuess: [',', ';', '\t', '|'] }).meta;
  return meta.delimiter || ',';
}

/** A line whose quote never closes, read as plain cells: stray quotes dropped, delimiters taken as they are. */
function plainCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((c) => c.replace(/^\s*"|"\s*$/g, '').replace(/""/g, '"'));
}

const MAX_RECOVERIES = 200;
const spansLines = (record: readonly string[]) => record.some((c) => c.includes('\n'));

/**
 * The first record whose quote runs away: one never closed (MissingQuotes), or one that swallowed line
 * breaks and then ended badly (InvalidQuotes on a record spanning lines: the quote was closed by a quote
 * of a later row, which would otherwise take that row with it). -1 when there is none.
 */
function runaway(parsed: Papa.ParseResult<string[]>): number {
  let first = -1;
  for (const e of parsed.errors) {
    if (e.row == null || (first >= 0 && e.row >= first)) continue;
    if (e.code === 'MissingQuotes' || (e.code === 'InvalidQuotes' && spansLines(parsed.data[e.row] ?? [])))
      first = e.row;
  }
  return first;
}

/** Records of `text`, recovering after each runaway quote at the start of the line after the one it opened on. */
function records(
  text: string,
  delimiter: string,
  newline: '\n' | '\r\n',
  notes: { record: number; message: string }[],
): string[][] {
  const out: string[][] = [];
  let offset = 0;
  let recovered = 0;
  for (;;) {
    const piece = offset ? text.slice(offset) : text;
    const parsed = Papa.parse<string[]>(piece, { delimiter, newline, skipEmptyLines: false });
    // Each recovery parses the rest of the file again: past a few hundred, take the rest as it parses.
    const bad = recovered++ < MAX_RECOVERIES ? runaway(parsed) : -1;
    for (const e of parsed.errors) {
      if (e.code === 'InvalidQuotes' && e.row != null && (bad < 0 || e.row < bad))
        notes.push({
          record: out.length + e.row,
          message: 'A quote in this row is not where CSV expects it: check its cells.',
        });
    }
    if (bad < 0) {
      for (const r of parsed.data) out.push(r);
      return out;
    }
    for (let i = 0; i < bad; i++) out.push(parsed.data[i]!);
    // Where the bad record starts: the parser's position after the records before it.
    const lineStart = bad ? Papa.parse(piece, { delimiter, newline, preview: bad }).meta.cursor : 0;
    const lineEnd = piece.indexOf('\n', lineStart);
    const end = lineEnd < 0 ? piece.length : lineEnd;
    const lineText = piece.slice(lineStart, end);
    notes.push({
      record: out.length,
      message:
        'A quoted cell in this row is never closed: the row was read up to the end of its line, the quote dropped. Check its cells.',
    });
    out.push(plainCells(lineText.endsWith('\r') ? lineText.slice(0, -1) : lineText, delimiter));
    if (lineEnd < 0) return out;
    offset += end + 1;
  }
}

/**
 * Each record's line number as a text editor shows it: records whose cells hold line breaks take several lines.
 * In a CRLF file (read without rewriting its line ends) a cell's CRLF line breaks become LF, as in any other.
 */
function lineNumbers(rows: string[][], mayHaveBreaks: boolean, crlf: boolean): number[] {
  const numbers = new Array<number>(rows.length);
  let line = 1;
  for (let i = 0; i < rows.length; i++) {
    numbers[i] = line;
    line++;
    if (!mayHaveBreaks) continue;
    const row = rows[i]!;
    for (let k = 0; k < row.length; k++) {
      const c = row[k]!;
      let at = c.indexOf('\n');
      if (at < 0) continue;
      for (; at >= 0; at = c.indexOf('\n', at + 1)) line++;
      if (crlf) row[k] = c.replace(LINE_ENDS, '\n');
    }
  }
  return numbers;
}

export function parseCsv(raw: string): CsvRows {
  const warnings: string[] = [];
  const rowNotes: RowProblem[] = [];
  let text = raw;
  const nulLines: number[] = [];
  if (text.includes('\0')) {
    let line = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // A line ends in LF, CRLF or a lone CR, as an editor counts them.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
      else if (c === 0 && nulLines.at(-1) !== line) nulLines.push(line);
    }
    const count = text.length - text.replace(NUL, '').length;
    text = text.replace(NUL, '');
    warnings.push(
      `${count} NUL byte(s) were removed (line${nulLines.length > 1 ? 's' : ''} ${nulLines.slice(0, 10).join(', ')}${nulLines.length > 10 ? '…' : ''}).`,
    );
  }
  // Line ends all CRLF (Excel on Windows) are read as they are: rewriting 20 MB of text costs ~0.15 s.
  // Mixed ones become LF first, so that every kind ends a line.
  let crlf = false;
  if (text.includes('\r')) {
    if (NOT_CRLF.test(text)) text = text.replace(LINE_ENDS, '\n');
    else crlf = true;
  }
  const notes: { record: number; message: string }[] = [];
  const rows = records(text, guessDelimiter(text), crlf ? '\r\n' : '\n', notes);
  // Only a quoted cell can hold a line break.
  const rowNumbers = lineNumbers(rows, text.includes('"'), crlf);
  for (const n of notes) rowNotes.push({ row: rowNumbers[n.record]!, message: n.message });
  if (rowNotes.length) {
    const rowsList = [...new Set(rowNotes.map((n) => n.row))];
    warnings.push(
      `${rowsList.length} row(s) have broken quotes (row${rowsList.length > 1 ? 's' : ''} ${rowsList.slice(0, 10).join(', ')}${rowsList.length > 10 ? '…' : ''}): their people are imported; check those rows after the import.`,
    );
  }
  return { rows, rowNumbers, rowNotes, warnings };
}
