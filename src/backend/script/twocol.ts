/**
 * Two-column scripts (Word or Pages tables, common in Hindi films, and dubbing scripts): the speaker's
 * name in a narrow left column and the speech beside it in a wide right column, with no colon, or with
 * a separator (":", "-", "|") standing between them. The layout is recognised from the page geometry —
 * many lines whose short first segment is a name and whose text starts at one common x further right —
 * and each such row becomes a line carrying its cue (`cell`), so the classifier starts a speech there.
 * A name cell that wraps over several lines is one name; timecode and reel columns are dropped.
 */
import type { BodyLine, BodyPage } from './furniture.ts';
import { isNameText, nameKey, parseHeading, splitCue } from './patterns.ts';
import type { Segment } from './types.ts';

/** A timecode "01:02:03:04" (or with ; or . for drop-frame), or a time "01:02:03". */
const TIMECODE_RE = /^\d{1,2}[:;.]\d{2}[:;.]\d{2}(?:[:;.]\d{2})?$/;
/** A reel or loop number in its own column: "R1", "REEL 2", "L12". */
const REEL_RE = /^(?:R|REEL\s*|L|LOOP\s*)\d{1,3}[A-Z]?$/i;
const SEPARATOR_RE = /^[:|\-–—]$/;

export interface TwoColumnResult {
  pages: BodyPage[];
  twoColumn: boolean;
}

/** The segments of a line that carry script text: timecodes, reels and bare separators removed. */
function textSegments(l: BodyLine): Segment[] {
  const segs = l.coreSegments.filter((s) => !TIMECODE_RE.test(s.text) && !SEPARATOR_RE.test(s.text));
  // A reel number leading a row of columns (the margin-number rule only takes it when two segments remain).
  while (segs.length >= 2 && REEL_RE.test(segs[0]!.text)) segs.shift();
  return segs.map((s) => ({
    ...s,
    text: s.text.replace(/\s*[:|\-–—]$/, '').replace(/^[:|\-–—]\s+/, ''),
  }));
}

/** Column titles of a table's header row ("CHARACTER | DIALOGUE", "पात्र | संवाद"): never speakers. */
const TITLE =
  'CHARACTERS?|CHARACTER NAME|NAME|SPEAKER|ROLE|DIALOGUES?|LINES?|TIME ?CODE|TC(?: IN| OUT)?|REEL|LOOP|AUDIO|VIDEO|VISUALS?|ACTION|SCENE|S\\.? ?NO\\.?|पात्र|किरदार|संवाद';
const COLUMN_TITLE_RE = new RegExp(`^(?:${TITLE})$`, 'i');
/** A header row: nothing but column titles (several may share one segment when set close together). */
const HEADER_ROW_RE = new RegExp(`^(?:${TITLE})(?:\\s+(?:${TITLE}))*$`, 'i');

function isCellName(text: string): boolean {
  const { name } = splitCue(text);
  return (
    (isNameText(name, true) || isNameText(name, false)) && !parseHeading(text) && !COLUMN_TITLE_RE.test(name)
  );
}

interface Row {
  line: BodyLine;
  segs: Segment[];
}

function mode(xs: number[], step: number): number | null {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(Math.round(x / step), (counts.get(Math.round(x / step)) ?? 0) + 1);
  let best: number | null = null;
  let n = 0;
  for (const [k, c] of counts) {
    const score = c + (counts.get(k - 1) ?? 0) + (counts.get(k + 1) ?? 0);
    if (score > n) {
      n = score;
      best = k;
    }
  }
  return best === null ? null : best * step;
}

/**
 * Finds a two-column layout and rewrites its rows: a row with a name cell becomes a line whose `cell` is
 * the cue and whose text is the speech beside it; following lines of the right column are left as they
 * are, to continue the speech. Pages are returned unchanged when the layout is not two-column.
 */
export function readTwoColumns(pages: BodyPage[], firstBodyPage: number): TwoColumnResult {
  const rows: Row[] = [];
  const steps: number[] = [];
  for (const p of pages) {
    if (p.page < firstBodyPage) continue;
    p.lines.forEach((line, i) => {
      rows.push({ line, segs: textSegments(line) });
      const d = i > 0 ? p.lines[i - 1]!.y - line.y : 0;
      if (d > line.size * 0.8 && d < line.size * 1.8) steps.push(d);
    });
  }
  // Single line spacing: the most common step between lines that are not a blank line apart.
  const lineH = mode(steps, 0.5) ?? 14;
  const charW = 6;
  const pageWidth = pages[0]?.width ?? 612;
  // Rows whose first segment could be a name cell and whose text stands apart to its right.
  const named = rows.filter(
    (r) =>
      r.segs.length >= 2 &&
      r.segs[0]!.x < pageWidth * 0.4 &&
      r.segs[1]!.x < pageWidth * 0.6 &&
      isCellName(r.segs[0]!.text) &&
      // Dual dialogue prints two cues side by side: two names are not a name and its speech.
      !isCellName(
        r.segs
          .slice(1)
          .map((s) => s.text)
          .join(' '),
      ),
  );
  if (named.length < 6) return { pages, twoColumn: false };
  const rightX = mode(
    named.map((r) => r.segs[1]!.x),
    charW,
  )!;
  const inColumn = named.filter((r) => Math.abs(r.segs[1]!.x - rightX) <= 2 * charW);
  const names = new Set(inColumn.map((r) => nameKey(splitCue(r.segs[0]!.text).name)));
  const leftX = mode(
    inColumn.map((r) => r.segs[0]!.x),
    charW,
  )!;
  if (
    inColumn.length < named.length * 0.7 ||
    inColumn.length < 6 ||
    names.size > inColumn.length * 0.7 ||
    rightX - leftX < 8 * charW
  )
    return { pages, twoColumn: false };

  const isRow = (r: Row) =>
    r.segs.length >= 2 &&
    Math.abs(r.segs[1]!.x - rightX) <= 2 * charW &&
    r.segs[0]!.xEnd < rightX &&
    r.segs[0]!.x >= leftX - 2 * charW;
  /** A row that opens a name cell: a stamp or a studio's name in that column is not a name. */
  const opensCell = (r: Row) =>
    isRow(r) &&
    isCellName(r.segs[0]!.text) &&
    !COLUMN_TITLE_RE.test(
      r.segs
        .slice(1)
        .map((s) => s.text)
        .join(' '),
    );
  /** A fragment of the name column on its own line (a name cell wrapping past its speech). */
  const isNameFragment = (r: Row) =>
    r.segs.length === 1 && r.segs[0]!.xEnd < rightX && Math.abs(r.segs[0]!.x - leftX) <= 2 * charW;
  const isHeaderRow = (r: Row) =>
    r.segs.length >= 2 && HEADER_ROW_RE.test(r.segs.map((x) => x.text).join(' '));
  const firstLines = new Set(
    pages.map((p) => p.lines.find((line) => !isHeaderRow({ line, segs: textSegments(line) }))),
  );
  const lastLines = new Set(pages.map((p) => p.lines[p.lines.length - 1]));
  // Word breaks a table row across pages: a name cell may go on at the top of the next page.
  const tightAfter = (a: BodyLine | undefined, b: BodyLine) =>
    a !== undefined &&
    (a.page === b.page
      ? (a.y - b.y) / lineH <= 1.35
      : a.page === b.page - 1 && lastLines.has(a) && firstLines.has(b));

  // Where the name column ends: the widest name line.
  const colRight = inColumn.reduce((m, r) => Math.max(m, r.segs[0]!.xEnd), 0);
  const whole = new Set<string>();
  const prefixes = new Set<string>();
  const learn = (name: string) => {
    const k = nameKey(splitCue(name).name);
    whole.add(k);
    const words = k.split(' ');
    for (let i = 1; i < words.length; i++) prefixes.add(words.slice(0, i).join(' '));
  };
  const known = (s: string) => whole.has(nameKey(splitCue(s).name));
  const knownPrefix = (s: string) => prefixes.has(nameKey(splitCue(s).name));
  /**
   * Whether the next piece of the name column belongs to the cell above (the name wrapped) or starts a
   * new cell (rows without padding). Known whole names decide first; else whether the piece's first word
   * could have fitted on the line above: a word processor wraps only words that do not fit.
   */
  const wraps = (cell: string, last: Segment, piece: Segment): boolean => {
    const joined = `${cell} ${piece.text}`;
    if (piece.text.startsWith('(')) return true;
    if (!isCellName(joined)) return false;
    if (known(joined) || knownPrefix(joined)) return true;
    if (known(cell) || known(piece.text) || knownPrefix(piece.text)) return false;
    const chars = [...piece.text].length;
    const word = [...(piece.text.split(' ')[0] ?? '')].length;
    const charWidth = (piece.xEnd - piece.x) / Math.max(1, chars);
    return last.xEnd + charWidth * (word + 1) > colRight + 0.5;
  };
  // Learn the whole names: runs of name-column pieces with nothing in the name column right above or
  // below them. Single pieces first; then runs of several where every break is a forced wrap.
  const runs: Segment[][] = [];
  let run: Segment[] = [];
  let prevLine: BodyLine | undefined;
  for (const p of pages) {
    if (p.page < firstBodyPage) continue;
    for (const line of p.lines) {
      const r: Row = { line, segs: textSegments(line) };
      if (isHeaderRow(r)) continue;
      const joins = run.length > 0 && tightAfter(prevLine, line) && (isRow(r) || isNameFragment(r));
      prevLine = line;
      if (joins) {
        run.push(r.segs[0]!);
        continue;
      }
      if (run.length > 0) runs.push(run);
      run = opensCell(r) ? [r.segs[0]!] : [];
    }
  }
  if (run.length > 0) runs.push(run);
  for (const run of runs) if (run.length === 1) learn(run[0]!.text);
  for (const run of runs) {
    if (run.length < 2) continue;
    let cell = run[0]!.text;
    let ok = true;
    for (let i = 1; i < run.length && ok; i++) {
      ok = wraps(cell, run[i - 1]!, run[i]!);
      cell = `${cell} ${run[i]!.text}`;
    }
    if (ok && !known(cell)) learn(cell);
  }

  let cellLine: BodyLine | null = null;
  // The previous line added to the name column (a cell, or a piece of one).
  let nameOpen = false;
  let lastPiece: Segment | null = null;
  let prev: BodyLine | undefined;
  const out = pages.map((p): BodyPage => {
    if (p.page < firstBodyPage) return p;
    const lines: BodyLine[] = [];
    for (const line of p.lines) {
      const r: Row = { line, segs: textSegments(line) };
      // A table's header row, repeated on every page or not: furniture.
      if (isHeaderRow(r)) continue;
      const tight = tightAfter(prev, line);
      prev = line;
      const frag = isRow(r) || isNameFragment(r) ? r.segs[0]!.text : null;
      // A wrapped name cell: the next piece of the name column, right under the last.
      if (
        cellLine &&
        lastPiece &&
        nameOpen &&
        tight &&
        frag !== null &&
        wraps(cellLine.cell!, lastPiece, r.segs[0]!)
      ) {
        cellLine.cell = `${cellLine.cell} ${frag}`;
        lastPiece = r.segs[0]!;
        if (isNameFragment(r)) continue;
        const rest = r.segs.slice(1);
        lines.push({ ...line, core: rest.map((s) => s.text).join(' '), coreSegments: rest });
        continue;
      }
      if (opensCell(r)) {
        const rest = r.segs.slice(1);
        const l: BodyLine = {
          ...line,
          xEnd: Math.max(line.xEnd, rest[rest.length - 1]!.xEnd),
          core: rest.map((s) => s.text).join(' '),
          coreSegments: rest,
          cell: r.segs[0]!.text,
        };
        lines.push(l);
        cellLine = l;
        lastPiece = r.segs[0]!;
        nameOpen = true;
        continue;
      }
      nameOpen = false;
      if (!tight) cellLine = null;
      // Timecodes and separators never reach the classifier, in any line.
      if (r.segs.length !== line.coreSegments.length && r.segs.length > 0)
        lines.push({ ...line, core: r.segs.map((s) => s.text).join(' '), coreSegments: r.segs });
      else if (r.segs.length > 0) lines.push(line);
    }
    return { ...p, lines };
  });
  return { pages: out, twoColumn: true };
}
