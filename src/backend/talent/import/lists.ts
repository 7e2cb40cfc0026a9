// A list in one cell (skills, tags, dialects, other spellings). Agency sheets separate items with "," ";" "|"
// "/" or line breaks ("Singing/Dancing" is two skills). The office's own export joins items with ", " and puts
// an item that holds a separator or a quote in double quotes ("Kathak/Bharatanatyam" stays one skill), with
// quotes doubled as in CSV, so every list survives export and re-import.
import { isEmptyValue } from '../values/empty.ts';

const LIST = /\s*[,;|/\n]+\s*/;
const SEPARATOR = /[,;|/\n]/;
const NEEDS_QUOTES = /[,;|/\n"]|^\s|\s$/;

/** Items as the export writes them: joined with ", ", each quoted where it must be. */
export function joinList(items: readonly string[]): string {
  // A word a sheet uses for "nothing" ("NA", "-") is quoted too, or it would be read as no item.
  return items
    .map((s) => (NEEDS_QUOTES.test(s) || isEmptyValue(s) ? `"${s.replace(/"/g, '""')}"` : s))
    .join(', ');
}

/** The items of a cell; an item in double quotes is taken whole. Empty items and "NA"-like ones are dropped. */
export function splitList(s: string): string[] {
  if (!s.includes('"')) return s.split(LIST).filter((x) => x && !isEmptyValue(x));
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (SEPARATOR.test(s[i]!) || /\s/.test(s[i]!))) i++;
    if (i >= s.length) break;
    const quoted = s[i] === '"' ? closingQuote(s, i) : -1;
    if (quoted > 0) {
      // Text after the closing quote and before the next separator belongs to the item (as CSV readers do).
      let end = quoted + 1;
      while (end < s.length && !SEPARATOR.test(s[end]!)) end++;
      const item = s.slice(i + 1, quoted).replace(/""/g, '"') + s.slice(quoted + 1, end).trimEnd();
      if (item) out.push(item);
      i = end;
    } else {
      // Unquoted, or a quote that never closes: plain text up to the next separator.
      let end = i;
      while (end < s.length && !SEPARATOR.test(s[end]!)) end++;
      const item = s.slice(i, end).trim();
      if (item && !isEmptyValue(item)) out.push(item);
      i = end;
    }
  }
  return out;
}

/** Index of the quote closing the one at `open` ("" is a quote inside), or -1. */
function closingQuote(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] !== '"') continue;
    if (s[i + 1] === '"') i++;
    else return i;
  }
  return -1;
}
