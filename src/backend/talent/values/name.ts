// Names as offices type them: "Priya Sharma (प्रिया शर्मा)", "Priya Sharma / प्रिया शर्मा", "PRIYA  SHARMA ✨",
// "*Rohan Mehra.*" → the Latin and native-script name fields, cleaned; the caller keeps the original.

export interface NameResult {
  /** The name in Latin letters where there is one, else the native-script name; '' when unreadable. */
  fullName: string;
  /** The native-script name when the cell held both scripts. */
  nativeName: string | null;
  /** Whether cleaning changed more than spacing (the original is then worth keeping). */
  changed: boolean;
}

const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\u20e3]|\u200d|\ufe0f/gu;
const SPACES = /\s+/g;
const EDGE_PUNCTUATION = /^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}.)]+$|(?<=\p{L}{2})\.+$/gu;
const LATIN = /[A-Za-z\u00c0-\u024f]/;
/** Letters of Indic, Arabic-script and other non-Latin scripts offices use for native names. */
const NATIVE = /[\u0600-\u06ff\u0900-\u0dff]/;
const IN_BRACKETS = /^(.*?)\s*[([{]\s*(.*?)\s*[)\]}]\s*$/;
const SLASH = /\s*[/|]\s*/;
const LOWER = /[a-z]/;
const READABLE = /\p{L}/u;
const WORD_START = /(^|[\s.'’-])(\p{Ll})/gu;

/** Brackets left with nothing (or only punctuation) in them once emoji are gone: "Rohan Mehra ()". */
const EMPTY_BRACKETS = /[([{][^\p{L}\p{M}\p{N}]*[)\]}]/gu;

const tidy = (s: string) =>
  s
    .replace(EMOJI, '')
    .replace(EMPTY_BRACKETS, ' ')
    .replace(SPACES, ' ')
    .trim()
    .replace(EDGE_PUNCTUATION, '')
    .trim();

/** "PRIYA SHARMA" → "Priya Sharma"; names in mixed case are left as typed ("McCoy", "D'Souza"). */
function unshout(s: string): string {
  if (!LATIN.test(s) || LOWER.test(s) || s.replace(/[^A-Z]/g, '').length < 3) return s;
  return s.toLowerCase().replace(WORD_START, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

function splitScripts(s: string): [latin: string, native: string | null] {
  if (!NATIVE.test(s) || !LATIN.test(s)) return [s, null];
  const bracket = IN_BRACKETS.exec(s);
  if (bracket) {
    const [outer, inner] = [bracket[1]!, bracket[2]!];
    if (LATIN.test(outer) && NATIVE.test(inner) && !LATIN.test(inner)) return [outer, inner];
    if (NATIVE.test(outer) && !LATIN.test(outer) && LATIN.test(inner)) return [inner, outer];
  }
  const parts = s.split(SLASH);
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    if (!NATIVE.test(a) && NATIVE.test(b) && !LATIN.test(b)) return [a, b];
    if (NATIVE.test(a) && !LATIN.test(a) && !NATIVE.test(b)) return [b, a];
  }
  return [s, null];
}

/** A name with nothing to clean: letters in one script, single spaces, inner dots, apostrophes and hyphens. */
const PLAIN = /^[\p{L}\p{M}](?:[\p{L}\p{M}'’.-]| (?! ))*[\p{L}\p{M}]$/u;

export function parseName(raw: string): NameResult {
  // Most cells are already clean: skip the regex passes below (they are most of an import's name cost).
  if (PLAIN.test(raw) && !(LATIN.test(raw) && NATIVE.test(raw))) {
    const fullName = unshout(raw);
    return { fullName, nativeName: null, changed: fullName !== raw };
  }
  const spaced = raw.replace(SPACES, ' ').trim();
  const tidied = tidy(spaced);
  const [latin, native] = splitScripts(tidied);
  const cleanLatin = tidy(latin);
  const fullName = unshout(cleanLatin);
  const nativeName = native ? tidy(native) || null : null;
  return {
    fullName: READABLE.test(fullName) ? fullName : '',
    nativeName,
    // Splitting the two scripts apart loses nothing; removing emoji or punctuation, or re-casing, does.
    changed: tidied !== spaced || fullName !== latin.trim(),
  };
}
