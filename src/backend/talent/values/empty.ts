// What offices type into a cell that has nothing in it: "-", "NA", "N/A", "nil". Read as empty, never as an error.

export const EMPTY_WORDS =
  /^(?:[-–—_.?/\\*]+|n\.?\s*a\.?|n\s*\/\s*a|nil|null|none|nan|#n\/a|not (?:known|available|applicable)|unknown|tbd|tba|xx+)$/i;

/** Whether a word of EMPTY_WORDS can start with this character (letters in lower case). */
function mayStartEmptyWord(c: number): boolean {
  switch (c) {
    case 0x2d: // - . / ? \ * _ # – —
    case 0x2e:
    case 0x2f:
    case 0x3f:
    case 0x5c:
    case 0x2a:
    case 0x5f:
    case 0x23:
    case 0x2013:
    case 0x2014:
    case 0x6e: // n (na, nil, null, none, nan, not …), u (unknown), t (tbd, tba), x (xx)
    case 0x75:
    case 0x74:
    case 0x78:
      return true;
    default:
      return false;
  }
}

/** True for a blank cell or a placeholder meaning "nothing here". */
export function isEmptyValue(raw: string): boolean {
  const v = raw.trim();
  if (v === '') return true;
  // Most cells are not placeholders: their first character says so without the pattern (it runs for every cell).
  const c = v.charCodeAt(0);
  return v.length <= 16 && mayStartEmptyWord(c >= 0x41 && c <= 0x5a ? c + 0x20 : c) && EMPTY_WORDS.test(v);
}

const NEUTRALISED = /^'(?=[=+\-@\t\r])/;

/** Undoes the leading apostrophe our own export puts before formula-like cells (see export/cells.ts). */
export const unneutralise = (raw: string): string =>
  raw.charCodeAt(0) === 39 ? raw.replace(NEUTRALISED, '') : raw;
