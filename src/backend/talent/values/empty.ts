// What offices type into a cell that has nothing in it: "-", "NA", "N/A", "nil". Read as empty, never as an error.

const EMPTY_WORDS =
  /^(?:[-–—_.?/\\*]+|n\.?\s*a\.?|n\s*\/\s*a|nil|null|none|nan|#n\/a|not (?:known|available|applicable)|unknown|tbd|tba|xx+)$/i;

/** True for a blank cell or a placeholder meaning "nothing here". */
export function isEmptyValue(raw: string): boolean {
  const v = raw.trim();
  return v === '' || (v.length <= 16 && EMPTY_WORDS.test(v));
}

const NEUTRALISED = /^'(?=[=+\-@\t\r])/;

/** Undoes the leading apostrophe our own export puts before formula-like cells (see export/cells.ts). */
export const unneutralise = (raw: string): string =>
  raw.charCodeAt(0) === 39 ? raw.replace(NEUTRALISED, '') : raw;
