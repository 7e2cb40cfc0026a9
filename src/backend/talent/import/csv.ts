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

/** The delimiter is judged on the first this many characters of the text. */
const DELIMITER_SAMPLE = 64 * 1024;

/** The delimiter of the data, judged on the first lines (a title row above the header has none). */
function guessDelimiter(text: string): string {
  const sample = text.slice(0, DELIMITER_SAMPLE);
  const meta = Papa.parse<string[]>(sample, { preview: 60, delimitersToGuess: [',', ';', '\t', '|'] }).meta;
  return meta.delimiter || ',';
}

/**
 * Papa's own parser, called without the streamer layers of Papa.parse around it: the same records, errors and
 * cursor (tests/talent/csv-records.test.ts), but through Papa.parse nearly everything the parse allocated
 * outlived the young generation's collections and was copied into the old one: parsing 100k rows in one thread
 * spent 0.68–0.83 s in collections, against 0.26–0.32 s this way. Unlike Papa.parse it keeps a leading U+FEFF
 * (CsvReader drops one at the start of the text). `fastMode` undefined: fast when there is no quote.
 */
export function records(
  text: string,
  delimiter: string,
  newline: '\n' | '\r\n',
  preview: number,
  fastMode?: boolean,
): Papa.ParseResult<string[]> {
  return new Papa.Parser({ delimiter, newline, preview, fastMode }).parse(text, 0, false) as Papa.ParseResult<
    string[]
  >;
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

const UNCLOSED_NOTE =
  'A quoted cell in this row is never closed: the row was read up to the end of its line, the quote dropped. Check its cells.';
const MISPLACED_NOTE = 'A quote in this row is not where CSV expects it: check its cells.';

/**
 * CSV bytes decoded a piece at a time as records are read, each piece cut after a line feed (decode.ts
 * lineDecoder): decoding 20 MB of UTF-8 at once took ~0.19 s before the first row could be read.
 */
export interface CsvBytes {
  bytes: Buffer;
  decode: (piece: Buffer) => string;
  /** Bytes decoded at a time (tests make it small, to cut the text everywhere). */
  pieceBytes?: number;
}

const PIECE_BYTES = 1024 * 1024;

/** A byte order mark left at the start of the text (decode.ts drops the file's own) is not part of a cell. */
const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** How a file's line feeds (10) and carriage returns (13) end its lines, read from its bytes. */
function byteLineEnds(bytes: Buffer): 'lf' | 'crlf' | 'mixed' {
  let cr = 0;
  for (let i = bytes.indexOf(13); i >= 0; i = bytes.indexOf(13, i + 1)) {
    if (bytes[i + 1] !== 10) return 'mixed';
    cr++;
  }
  if (!cr) return 'lf';
  let lf = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lf++;
  return lf === cr ? 'crlf' : 'mixed';
}

/** A batch of records: rows, their line numbers, and the rows not read cleanly (by line number). */
export interface CsvBatch {
  rows: string[][];
  rowNumbers: number[];
  rowNotes: RowProblem[];
}

/**
 * Reads CSV text a batch of records at a time, so that a large import can check and write its first rows while
 * the rest is still being parsed; given bytes, it also decodes them as it goes (CsvBytes). A runaway quote is
 * recovered at the start of the line after the one it opened on (each recovery parses the rest of the text
 * again: past a few hundred, the rest is taken as it parses).
 */
export class CsvReader {
  readonly warnings: string[] = [];
  /** The text decoded and not yet dropped: all of it, or (from bytes) the part after the records read. */
  private text: string;
  private readonly delimiter: string;
  private readonly newline: '\n' | '\r\n';
  private readonly crlf: boolean;
  /** Only a quoted cell can hold a line break. */
  private readonly mayHaveBreaks: boolean;
  /** Where the next record starts in `text`. */
  private offset = 0;
  /** Characters read and dropped from the front of `text`. */
  private dropped = 0;
  /** The bytes still to decode, from `bytePos` on, when reading from bytes. */
  private readonly source: { bytes: Buffer; decode: (piece: Buffer) => string; pieceBytes: number } | null =
    null;
  private bytePos = 0;
  private line = 1;
  private recovered = 0;
  /** Records returned so far. */
  private read = 0;

  constructor(raw: string | CsvBytes) {
    this.text = '';
    if (typeof raw !== 'string') {
      // NUL bytes and mixed line ends are mended across the whole text at once: that file is decoded whole.
      const ends = raw.bytes.includes(0) ? null : byteLineEnds(raw.bytes);
      if (ends && ends !== 'mixed') {
        this.source = { ...raw, pieceBytes: raw.pieceBytes ?? PIECE_BYTES };
        this.crlf = ends === 'crlf';
        this.newline = this.crlf ? '\r\n' : '\n';
        this.mayHaveBreaks = raw.bytes.includes(34); // "
        // The sample is decoded apart (4 bytes a character at most, cut after a line feed), so that the pieces
        // can be of any size.
        const lf = raw.bytes.indexOf(10, 4 * DELIMITER_SAMPLE);
        this.delimiter = guessDelimiter(
          raw.decode(raw.bytes.subarray(0, lf < 0 ? raw.bytes.length : lf + 1)),
        );
        return;
      }
    }
    let text = withoutBom(typeof raw === 'string' ? raw : raw.decode(raw.bytes));
    if (text.includes('\0')) {
      const nulLines: number[] = [];
      let line = 1;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        // A line ends in LF, CRLF or a lone CR, as an editor counts them.
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
        else if (c === 0 && nulLines.at(-1) !== line) nulLines.push(line);
      }
      const count = text.length - text.replace(NUL, '').length;
      text = text.replace(NUL, '');
      this.warnings.push(
        `${count} NUL byte(s) were removed (line${nulLines.length > 1 ? 's' : ''} ${nulLines.slice(0, 10).join(', ')}${nulLines.length > 10 ? '…' : ''}).`,
      );
    }
    // Line ends all CRLF (Excel on Windows) are read as they are: rewriting 20 MB of text costs ~0.15 s.
    // Mixed ones become LF first, so that every kind ends a line.
    this.crlf = false;
    if (text.includes('\r')) {
      if (NOT_CRLF.test(text)) text = text.replace(LINE_ENDS, '\n');
      else this.crlf = true;
    }
    this.text = text;
    this.newline = this.crlf ? '\r\n' : '\n';
    this.delimiter = guessDelimiter(text);
    this.mayHaveBreaks = text.includes('"');
  }

  private get allDecoded(): boolean {
    return !this.source || this.bytePos >= this.source.bytes.length;
  }

  get done(): boolean {
    return this.offset >= this.text.length && this.allDecoded;
  }

  /**
   * Decodes pieces until at least `chars` characters after `offset` are decoded (or all are). The records read
   * are dropped from the front first, so that the text held stays about a piece long.
   */
  private decodeMore(chars: number): void {
    const src = this.source;
    if (!src) return;
    const { bytes } = src;
    while (this.text.length - this.offset < chars && this.bytePos < bytes.length) {
      let end = Math.min(bytes.length, this.bytePos + src.pieceBytes);
      if (end < bytes.length) {
        // Cut after a line feed: in these encodings it is one byte and never part of another character.
        const lf = bytes.lastIndexOf(10, end - 1);
        const next = lf >= this.bytePos ? lf : bytes.indexOf(10, end);
        end = next < 0 ? bytes.length : next + 1;
      }
      const piece = this.bytePos
        ? src.decode(bytes.subarray(this.bytePos, end))
        : withoutBom(src.decode(bytes.subarray(0, end)));
      this.dropped += this.offset;
      this.text = this.text.slice(this.offset) + piece;
      this.offset = 0;
      this.bytePos = end;
    }
  }

  /** About how many records are left, judged by the text the records read so far took (0 when done). */
  estimateLeft(): number {
    if (this.done) return 0;
    const readChars = this.dropped + this.offset;
    // Bytes not yet decoded count as characters at the rate decoded so far.
    const undecoded = this.source
      ? ((this.source.bytes.length - this.bytePos) * (this.dropped + this.text.length)) /
        Math.max(1, this.bytePos)
      : 0;
    const left = this.text.length - this.offset + undecoded;
    return Math.ceil((left * Math.max(1, this.read)) / Math.max(1, readChars));
  }

  /** Characters to decode ahead for `records` more records: a quarter more than they took so far. */
  private charsFor(records: number): number {
    if (!this.read) return this.source?.pieceBytes ?? 0;
    return Math.ceil((((this.dropped + this.offset) / this.read) * records * 5) / 4);
  }

  /** The next `max` records or more (a recovered line ends a batch early), or null at the end. */
  next(max = Number.POSITIVE_INFINITY): CsvBatch | null {
    if (this.done) return null;
    const { delimiter, newline } = this;
    const rows: string[][] = [];
    const notes: { record: number; message: string }[] = [];
    const preview = Number.isFinite(max) ? max : 0;
    this.decodeMore(preview ? this.charsFor(preview) : Number.POSITIVE_INFINITY);
    let piece: string;
    let parsed: Papa.ParseResult<string[]>;
    for (;;) {
      piece = this.offset ? this.text.slice(this.offset) : this.text;
      // Papa's fast mode (text without quotes) reports the cursor one record too far when it stops at a preview.
      parsed = records(piece, delimiter, newline, preview, preview ? false : undefined);
      // Records of text cut short are those of the whole text only when the parser stopped at the preview with
      // text left after them: else the last may run on past the cut (a quoted cell with line breaks). Decode more.
      if (this.allDecoded || (parsed.data.length >= preview && parsed.meta.cursor < piece.length)) break;
      this.decodeMore(2 * piece.length + 1);
    }
    const bad = this.recovered < MAX_RECOVERIES ? runaway(parsed) : -1;
    for (const e of parsed.errors) {
      if (e.code === 'InvalidQuotes' && e.row != null && (bad < 0 || e.row < bad))
        notes.push({ record: e.row, message: MISPLACED_NOTE });
    }
    if (bad < 0) {
      for (const r of parsed.data) rows.push(r);
      // Without a limit the parser took the whole rest; with one, it stopped after the last record.
      this.offset =
        preview && parsed.data.length >= preview ? this.offset + parsed.meta.cursor : this.text.length;
    } else {
      this.recovered++;
      for (let i = 0; i < bad; i++) rows.push(parsed.data[i]!);
      // Where the bad record starts: the parser's position after the records before it.
      const lineStart = bad ? records(piece, delimiter, newline, bad).meta.cursor : 0;
      const lineEnd = piece.indexOf('\n', lineStart);
      const end = lineEnd < 0 ? piece.length : lineEnd;
      const lineText = piece.slice(lineStart, end);
      notes.push({ record: rows.length, message: UNCLOSED_NOTE });
      rows.push(plainCells(lineText.endsWith('\r') ? lineText.slice(0, -1) : lineText, delimiter));
      this.offset = lineEnd < 0 ? this.text.length : this.offset + end + 1;
    }
    this.read += rows.length;
    const rowNumbers = this.lineNumbers(rows);
    return {
      rows,
      rowNumbers,
      rowNotes: notes.map((n) => ({ row: rowNumbers[n.record]!, message: n.message })),
    };
  }

  /**
   * Each record's line number as a text editor shows it: records whose cells hold line breaks take several lines.
   * In a CRLF file (read without rewriting its line ends) a cell's CRLF line breaks become LF, as in any other.
   */
  private lineNumbers(rows: string[][]): number[] {
    const numbers = new Array<number>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      numbers[i] = this.line++;
      if (!this.mayHaveBreaks) continue;
      const row = rows[i]!;
      for (let k = 0; k < row.length; k++) {
        const c = row[k]!;
        let at = c.indexOf('\n');
        if (at < 0) continue;
        for (; at >= 0; at = c.indexOf('\n', at + 1)) this.line++;
        if (this.crlf) row[k] = c.replace(LINE_ENDS, '\n');
      }
    }
    return numbers;
  }
}

/** The warning for rows with broken quotes, or null. */
export function brokenQuotesWarning(rowNotes: readonly RowProblem[]): string | null {
  if (!rowNotes.length) return null;
  const rowsList = [...new Set(rowNotes.map((n) => n.row))];
  return `${rowsList.length} row(s) have broken quotes (row${rowsList.length > 1 ? 's' : ''} ${rowsList.slice(0, 10).join(', ')}${rowsList.length > 10 ? '…' : ''}): their people are imported; check those rows after the import.`;
}

/** The whole text at once (the preview, small files and the CLI). */
export function parseCsv(raw: string): CsvRows {
  const reader = new CsvReader(raw);
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const rowNotes: RowProblem[] = [];
  for (let b = reader.next(); b; b = reader.next()) {
    for (let i = 0; i < b.rows.length; i++) {
      rows.push(b.rows[i]!);
      rowNumbers.push(b.rowNumbers[i]!);
    }
    rowNotes.push(...b.rowNotes);
  }
  const warnings = [...reader.warnings];
  const quotes = brokenQuotesWarning(rowNotes);
  if (quotes) warnings.push(quotes);
  return { rows, rowNumbers, rowNotes, warnings };
}
