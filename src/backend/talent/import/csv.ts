// CSV text → rows, as a person reading the file would: line endings of any kind, NUL bytes removed (and
// reported), and an unclosed quote recovered at the next line instead of swallowing the rest of the file.
import Papa from 'papaparse';
import type { RowProblem } from './read.ts';

export interface CsvRows {
  rows: string[][];
  /** rowNumbers[i]: the number Excel shows for rows[i] (every record counts, blank ones too). */
  rowNumbers: number[];
  /** Rows that were read, but not cleanly: their people are kept, the message goes in the report. */
  rowNotes: RowProblem[];
  warnings: string[];
}

const NUL = /\0/g;
const LINE_ENDS = /\r\n?/g;

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

/** Records of `text`, recovering after each unclosed quote at the start of the line after it. */
function records(text: string, delimiter: string, notes: { record: number; message: string }[]): string[][] {
  const out: string[][] = [];
  let offset = 0;
  for (;;) {
    const piece = offset ? text.slice(offset) : text;
    const parsed = Papa.parse<string[]>(piece, { delimiter, skipEmptyLines: false });
    for (const e of parsed.errors) {
      if (e.code === 'InvalidQuotes' && e.row != null)
        notes.push({
          record: out.length + e.row,
          message: 'A quote in this row is not where CSV expects it: check its cells.',
        });
    }
    const missing = parsed.errors.find((e) => e.code === 'MissingQuotes');
    if (!missing) {
      for (const r of parsed.data) out.push(r);
      return out;
    }
    const before = missing.row ?? 0;
    for (let i = 0; i < before; i++) out.push(parsed.data[i]!);
    const at = missing.index ?? 0;
    const lineStart = piece.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = piece.indexOf('\n', at);
    const end = lineEnd < 0 ? piece.length : lineEnd;
    notes.push({
      record: out.length,
      message:
        'A quoted cell in this row is never closed: the row was read up to the end of its line, the quote dropped. Check its cells.',
    });
    out.push(plainCells(piece.slice(lineStart, end), delimiter));
    if (lineEnd < 0) return out;
    offset += end + 1;
  }
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
      if (c === 10) line++;
      else if (c === 0 && nulLines.at(-1) !== line) nulLines.push(line);
    }
    const count = text.length - text.replace(NUL, '').length;
    text = text.replace(NUL, '');
    warnings.push(
      `${count} NUL byte(s) were removed (line${nulLines.length > 1 ? 's' : ''} ${nulLines.slice(0, 10).join(', ')}${nulLines.length > 10 ? '…' : ''}).`,
    );
  }
  if (text.includes('\r')) text = text.replace(LINE_ENDS, '\n');
  const notes: { record: number; message: string }[] = [];
  const rows = records(text, guessDelimiter(text), notes);
  const rowNumbers = rows.map((_, i) => i + 1);
  for (const n of notes) rowNotes.push({ row: n.record + 1, message: n.message });
  if (rowNotes.length) {
    const rowsList = [...new Set(rowNotes.map((n) => n.row))];
    warnings.push(
      `${rowsList.length} row(s) have broken quotes (row${rowsList.length > 1 ? 's' : ''} ${rowsList.slice(0, 10).join(', ')}${rowsList.length > 10 ? '…' : ''}): their people are imported; check those rows after the import.`,
    );
  }
  return { rows, rowNumbers, rowNotes, warnings };
}
