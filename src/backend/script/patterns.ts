/** Text patterns of screenplay elements, independent of layout. */

const TIMES = [
  'DAY',
  'NIGHT',
  'MORNING',
  'EVENING',
  'AFTERNOON',
  'DUSK',
  'DAWN',
  'SUNSET',
  'SUNRISE',
  'CONTINUOUS',
  'CONT',
  'LATER',
  'MOMENTS LATER',
  'A MOMENT LATER',
  'SECONDS LATER',
  'MINUTES LATER',
  'SAME',
  'SAME TIME',
  'MAGIC HOUR',
  'NOON',
  'MIDDAY',
  'MIDNIGHT',
  'EARLY MORNING',
  'LATE NIGHT',
  'LATE EVENING',
  'PRE-DAWN',
  'PREDAWN',
  'TWILIGHT',
  'DAY/NIGHT',
  'NIGHT/DAY',
  'FLASHBACK',
  'PRESENT',
  'PRESENT DAY',
  'दिन',
  'रात',
  'सुबह',
  'शाम',
  'दोपहर',
];
const TIME_RE = new RegExp(
  `^\\(?(?:${TIMES.map((t) => t.replace(/[/.-]/g, (c) => `\\${c}`)).join('|')})(?:\\s*\\(.*\\))?\\)?\\.?$`,
  'i',
);

export function isTimeOfDay(s: string): boolean {
  return TIME_RE.test(s.trim());
}

// The classifier asks the same questions of the same line several times; the answers are pure.
const headingMemo = new Map<string, HeadingParts | null>();
const strictNameMemo = new Map<string, boolean>();
const looseNameMemo = new Map<string, boolean>();
function memo<T>(m: Map<string, T>, key: string, f: () => T): T {
  const hit = m.get(key);
  if (hit !== undefined || m.has(key)) return hit as T;
  if (m.size > 50_000) m.clear();
  const v = f();
  m.set(key, v);
  return v;
}

/** Scene-number tokens printed in the margins: "12", "12A", "A12", "12.", "(12)". */
export const SCENE_NUMBER_RE = /^\(?([A-Z]?\d{1,4}[A-Z]{0,3})[.)]?$/;

const PREFIX_RE =
  /^(INT\.?\s*\/\s*EXT|EXT\.?\s*\/\s*INT|INT\.?\s*-\s*EXT|I\s*\/\s*E|E\s*\/\s*I|INT|EXT|EST|INTERIOR|EXTERIOR)(\.|\b)\s*[-–—:.]?\s*(.*)$/i;
const INDIAN_RE =
  /^(?:SCENE|SCN\.?|SC\.?|दृश्य)\s*(?:NO\.?\s*|#\s*)?[:.-]?\s*([A-Z]?\d{1,4}[A-Z]{0,3})\b\s*[:.)\-–—]*\s*(.*)$/i;
/** A scene number before the heading: "12", "12A.", or a Hindi-film code with its reel ("R2/14B", "3-12C"). */
const LEAD_NUM_RE =
  /^((?:R(?:EEL)?\s*)?\d{1,2}\s*[/-]\s*[A-Z]?\d{1,4}[A-Z]{0,3}|[A-Z]?\d{1,4}[A-Z]{0,3})(?:[.):]\s*|\s+)(.+)$/;
const TRAIL_NUM_RE = /^(.+?)\s+\(?([A-Z]?\d{1,4}[A-Z]{0,3})[.)]?$/;

export interface HeadingParts {
  number: string | null;
  heading: string;
  interior: 'INT' | 'EXT' | 'INT/EXT' | null;
  location: string;
  timeOfDay: string | null;
}

function hasLower(s: string): boolean {
  return /\p{Ll}/u.test(s);
}

function interiorOf(prefix: string): 'INT' | 'EXT' | 'INT/EXT' | null {
  const p = prefix.toUpperCase().replace(/[\s.]/g, '');
  if (p.includes('/') || p.includes('-')) return 'INT/EXT';
  if (p.startsWith('INT')) return 'INT';
  if (p.startsWith('EXT')) return 'EXT';
  return null; // EST. (establishing) says nothing about interior/exterior.
}

function splitLocationTime(rest: string): { location: string; timeOfDay: string | null } {
  const clean = rest.replace(/\s+/g, ' ').trim();
  const parts = clean.split(/\s+[-–—]+\s+|\s*[-–—]{2,}\s*|\s+[-–—](?=\S)|(?<=\S)[-–—]\s+/);
  if (parts.length > 1 && isTimeOfDay(parts[parts.length - 1]!)) {
    const time = parts
      .pop()!
      .replace(/^\(([^()]*)\)$/, '$1')
      .trim();
    return { location: parts.join(' - ').trim(), timeOfDay: time.toUpperCase() };
  }
  const paren = /^(.*?)\s*\(([^)]*)\)$/.exec(clean);
  if (paren && isTimeOfDay(paren[2]!))
    return { location: paren[1]!.trim(), timeOfDay: paren[2]!.toUpperCase() };
  const comma = /^(.*?),\s*([^,]+)$/.exec(clean);
  if (comma && isTimeOfDay(comma[2]!))
    return { location: comma[1]!.trim(), timeOfDay: comma[2]!.toUpperCase() };
  const lastWord = /^(.*\S)\s+(\S+)$/.exec(clean);
  if (lastWord && /^(DAY|NIGHT)$/i.test(lastWord[2]!))
    return { location: lastWord[1]!, timeOfDay: lastWord[2]!.toUpperCase() };
  return { location: clean, timeOfDay: null };
}

function parseCore(text: string): Omit<HeadingParts, 'number'> | null {
  const m = PREFIX_RE.exec(text);
  if (!m) return null;
  const prefix = m[1]!;
  const dot = m[2] === '.';
  const rest = m[3] ?? '';
  if (rest.length === 0 || rest.length > 120) return null;
  const spelled = /^(INTERIOR|EXTERIOR)$/i.test(prefix);
  // In mixed case ("Int. Kitchen - Day") the prefix must be marked by a dot or a slash, or prose would match.
  if (hasLower(text)) {
    if (spelled || (!dot && !prefix.includes('/'))) return null;
    if (/^[a-z]/.test(rest)) return null;
    if (!/^(int|ext|est|i\/e)/i.test(prefix) || prefix[0] !== prefix[0]!.toUpperCase()) return null;
  }
  if (/[.!?]["”’]?$/.test(rest) && hasLower(rest) && rest.split(/\s+/).length > 8) return null;
  const { location, timeOfDay } = splitLocationTime(rest);
  return { heading: text.trim(), interior: interiorOf(prefix), location, timeOfDay };
}

/** Parses a scene heading (slugline), with its printed number on either side, or returns null. */
export function parseHeading(raw: string): HeadingParts | null {
  return memo(headingMemo, raw, () => parseHeadingUncached(raw));
}

function parseHeadingUncached(raw: string): HeadingParts | null {
  let text = raw.replace(/\s+/g, ' ').trim();
  if (text.length < 4 || text.length > 160) return null;
  let number: string | null = null;
  const indian = INDIAN_RE.exec(text);
  if (indian) {
    number = indian[1]!.toUpperCase();
    const rest = indian[2]!.trim();
    const core = rest ? parseCore(rest) : null;
    if (core) return { number, ...core };
    if (rest.length > 120) return null;
    const { location, timeOfDay } = splitLocationTime(rest);
    return { number, heading: rest || text, interior: null, location, timeOfDay };
  }
  const lead = LEAD_NUM_RE.exec(text);
  if (lead && PREFIX_RE.test(lead[2]!)) {
    number = lead[1]!.toUpperCase().replace(/\s+/g, '');
    text = lead[2]!.trim();
  }
  const trail = TRAIL_NUM_RE.exec(text);
  // "(1984)" at the end is a year, part of the heading; scene numbers are not bracketed years.
  const year = trail !== null && /\(\d{4}\)$/.test(text);
  if (trail && !year && (number === null || trail[2]!.toUpperCase() === number) && /\d/.test(trail[2]!)) {
    const core = parseCore(trail[1]!);
    if (core && (number !== null || !isTimeOfDay(trail[2]!))) {
      return { number: number ?? trail[2]!.toUpperCase(), ...core };
    }
  }
  const core = parseCore(text);
  return core ? { number, ...core } : null;
}

/** A slug without INT./EXT. ("RAHUL'S FLAT - NIGHT"), accepted only when standing alone in capitals. */
export function parseBareSlug(raw: string): HeadingParts | null {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (hasLower(text) || text.length > 80 || !/\p{L}/u.test(text) || isCard(text)) return null;
  const { location, timeOfDay } = splitLocationTime(text);
  if (!timeOfDay || !location || location === text || /[!?]/.test(location)) return null;
  if (location.split(' ').length > 8) return null;
  return { number: null, heading: text, interior: null, location, timeOfDay };
}

const TRANSITION_RE =
  /^(?:[A-Z][A-Z .'’-]*\s+TO:?|[A-Z][A-Z .'’-]*\s+TO\s+BLACK[.:]?|FADE\s+IN[.:]?|FADE\s+OUT[.:]?|FADE\s+TO\s+BLACK[.:]?|CUT\s+TO\s+BLACK[.:]?|SMASH\s+CUT[.:]?|MATCH\s+CUT[.:]?|JUMP\s+CUT[.:]?|HARD\s+CUT[.:]?|TIME\s+CUT[.:]?|DISSOLVE[.:]?|CUT[.:]|IRIS\s+(?:IN|OUT)[.:]?|WIPE[.:]?|THE\s+END[.:]?|END\s+CREDITS[.:]?|ROLL\s+CREDITS[.:]?|INTERCUT(?:\s+WITH)?[.:]?|BACK\s+TO\s+(?:SCENE|PRESENT)[.:]?|END\s+(?:OF\s+)?FLASHBACK[.:]?|FLASHBACK[.:]?|END\s+OF\s+(?:ACT|EPISODE)\b.*|(?:CONTINUED|TO\s+BE\s+CONTINUED)[.:]?)$/;

export function isTransition(text: string): boolean {
  const t = text.trim();
  return t.length <= 40 && TRANSITION_RE.test(t);
}

const SHOT_RE =
  /^(?:ANGLE(?:\s+ON)?|CLOSE(?:\s+ON|\s+UP|-UP)?|CLOSEUP|EXTREME\s+CLOSE|ECU|CU|MCU|WIDE(?:\s+SHOT|\s+ON)?|MEDIUM\s+SHOT|TWO\s+SHOT|INSERT|POV|.*'S\s+POV|REVERSE(?:\s+ANGLE)?|OVER\s+THE\s+SHOULDER|AERIAL(?:\s+SHOT)?|TRACKING(?:\s+SHOT)?|ESTABLISHING(?:\s+SHOT)?|MONTAGE|SERIES\s+OF\s+SHOTS|END\s+MONTAGE|BACK\s+TO\s+SCENE|ON\s+[A-Z].*|SUPER|TITLE|TITLE\s+CARD|CARD|CHYRON|SUBTITLE)\b[^a-z]*$/;

export function isShot(text: string): boolean {
  const t = text.trim();
  return t.length <= 60 && !/\p{Ll}/u.test(t) && SHOT_RE.test(t);
}

const ORDINAL =
  '(?:\\d{1,3}(?:ST|ND|RD|TH)?|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|ELEVEN|TWELVE|[IVXL]{1,6}|FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH|FINAL|LAST|NEXT)';
const CARD_RE = new RegExp(
  `^(?:(?:CHAPTER|PART|BOOK|ACT|EPISODE|REEL|VOLUME|SEQUENCE)\\s+${ORDINAL}\\b.*|${ORDINAL}\\s+(?:DAY|NIGHT|CHAPTER|PART|ACT|REEL|MORNING|WEEK)|(?:DAY|NIGHT|WEEK|MONTH|YEAR)\\s+${ORDINAL}(?:\\s*[-–—:].*)?|(?:THE\\s+)?(?:NEXT|FOLLOWING|SAME)\\s+(?:DAY|NIGHT|MORNING|EVENING)|(?:SOME\\s+)?(?:\\d+|ONE|TWO|THREE|FOUR|FIVE|SIX|TEN)\\s+(?:DAYS|WEEKS|MONTHS|YEARS)\\s+(?:LATER|EARLIER|AGO|BEFORE)|INTERVAL|INTERMISSION|END\\s+OF\\s+(?:PART|CHAPTER|ACT|REEL)\\b.*)[.:]?$`,
  'i',
);

/** Chapter and part cards, day markers: structure, neither characters nor scene headings. */
export function isCard(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= 60 && !/\p{Ll}{2}.*\p{Ll}{2}.*\s\p{Ll}/u.test(t) && CARD_RE.test(t.toUpperCase());
}

/** Words that look like cues in capitals but never name a speaker. */
const NOT_A_NAME_RE =
  /^(?:THE\s+END|END|FADE\s+(?:IN|OUT)|CONTINUED|CONT'?D|MORE|INTERCUT|MONTAGE|FLASHBACK|END\s+FLASHBACK|BACK\s+TO\s+SCENE|TITLE(?:\s+CARD)?|SUPER(?:IMPOSE)?|CARD|CHYRON|SUBTITLES?|LATER|BLACK|BLACKOUT|SILENCE|BEAT|PAUSE|INSERT|CLOSE\s+ON|CLOSE\s+UP|ANGLE\s+ON|POV|SERIES\s+OF\s+SHOTS|ACT\s+\w+|COLD\s+OPEN|TEASER|TAG|PROLOGUE|EPILOGUE|INTERMISSION|INTERVAL|NOTE|NOTES|SCENE|SHOT|CUT|DISSOLVE|SOUND|MUSIC|SFX|VFX|FX|TEXT|CAPTION|LOCATION|TIME|DATE|DAY|NIGHT|OVER\s+BLACK|ON\s+SCREEN|BOOM|BANG|CRASH|WHAM|THUD|SLAM|RING|KNOCK|SCREAM|SILENCE|OPENING\s+CREDITS|MAIN\s+TITLES?|CREDITS|WRITTEN\s+BY|BY|DRAFT|PAGE|I|A|OK|OKAY|YES|NO|WHAT|WHY|HOW|HEY|HELLO|STOP|HELP|NOW|GO|WAIT)$/;

/** Stamps of dubbing copies and studios: printed like cues, never speakers. */
const STAMP_RE =
  /(?:^|\s)(?:DUBBING|DUBBED|COPY|STUDIOS?|FILMS|PICTURES|PRODUCTIONS?|ENTERTAINMENT|PVT\.?|LTD\.?|LLP|CONFIDENTIAL|PROPERTY|WATERMARK|TIMECODE|TCR|REEL\s*(?:NO\.?\s*)?\d+)(?:\s|$)/;

/** Cue extensions and their many spellings, removed to normalise a name. */
const EXTENSION_RE = /\s*\([^()]*\)?\s*$/;
const BARE_EXT_RE = /\s+(?:V\.?\s?O\.?|O\.?\s?S\.?|O\.?\s?C\.?|CONT'?’?D\.?|CONT\.|\(CONT'?’?D)$/i;

/** Revision marks printed after a cue or heading ("RAHUL *", "RAHUL (CONT'D) †"). */
export const REVISION_TAIL_RE = /\s*[*†‡]+$/u;

/** Splits "RAHUL (V.O.) (CONT'D)" into the name and its extensions. */
export function splitCue(raw: string): { name: string; extensions: string[] } {
  let name = raw.replace(/\s+/g, ' ').trim().replace(/\s*:$/, '');
  const extensions: string[] = [];
  name = name.replace(REVISION_TAIL_RE, '');
  for (let i = 0; i < 4; i++) {
    const m = EXTENSION_RE.exec(name);
    if (m && m.index > 0) {
      extensions.unshift(m[0].trim());
      name = name.slice(0, m.index).trim();
      continue;
    }
    const b = BARE_EXT_RE.exec(name);
    if (b && b.index > 0) {
      extensions.unshift(b[0].trim());
      name = name.slice(0, b.index).trim();
      continue;
    }
    break;
  }
  // A dual-dialogue caret (Fountain) or a trailing revision mark (*, †, ‡) is not part of the name.
  name = name
    .replace(/\s*[\^*†‡]+$/, '')
    .replace(/\s*:$/, '')
    .trim();
  return { name, extensions };
}

export function isContinuedExtension(ext: string): boolean {
  return /^\(?\s*(?:CONT(?:'|’|I?N?U?E?)?D?|CONTINUING|CONTINUED|CONT)\.?\s*\)?$/i.test(ext.trim());
}

/** A name as printed, in capitals with straight quotes and single spaces; dots stay where they were ("P.A."). */
export function normaliseName(name: string): string {
  return name.toUpperCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

/**
 * The key that merges spellings of one name: no dots, and initials joined, so "P.A. ANNOUNCER",
 * "P. A. ANNOUNCER" and "PA ANNOUNCER" are one character, and "DR. MEHTA" is "DR MEHTA".
 */
export function nameKey(name: string): string {
  const words = normaliseName(name).replace(/\./g, ' ').trim().split(/\s+/);
  const out: string[] = [];
  let initials = '';
  for (const w of words) {
    if ([...w].length === 1 && /\p{L}/u.test(w)) {
      initials += w;
      continue;
    }
    if (initials) out.push(initials);
    initials = '';
    out.push(w);
  }
  if (initials) out.push(initials);
  return out.join(' ');
}

/** Letters of scripts without capitals (Devanagari, Gurmukhi, Gujarati, Bengali, Tamil, Telugu, Urdu...). */
export const CASELESS = /\p{Lo}/u;

/**
 * Whether text can be a character name as printed in a cue. `strictCase` requires capitals for Latin
 * letters (screenplay cues); without it a capitalised name ("Rahul") passes (Word-style `Name:` lines).
 */
export function isNameText(name: string, strictCase: boolean): boolean {
  return memo(strictCase ? strictNameMemo : looseNameMemo, name, () => isNameTextUncached(name, strictCase));
}

function isNameTextUncached(name: string, strictCase: boolean): boolean {
  const n = name.trim();
  if (n.length === 0 || n.length > 36) return false;
  if (!/[\p{L}]/u.test(n)) return false;
  if (/[!?;"“”…|।॥<>=+{}[\]_~]/.test(n)) return false;
  if (/[,-]$|--/.test(n)) return false;
  if (/\.$/.test(n) && !/\b(?:JR|SR|DR|MR|MRS|MS|ST|NO)\.$/i.test(n)) return false;
  if (/^[\d#.\s]+/.test(n) && !/^\d+(?:ST|ND|RD|TH)\b/i.test(n)) return false;
  const words = n.split(/\s+/);
  if (words.length > 5) return false;
  if (!/^[\p{L}\p{M}\p{N} .'’&/#-]+$/u.test(n)) return false;
  const latin = n.replace(/[^A-Za-z\u00C0-\u024F]/g, '');
  if (latin.length > 0) {
    // Capitals, except the small letters of name prefixes printed that way in cues: McCOY, MacLEOD, DeVITO.
    if (
      strictCase &&
      /\p{Ll}/u.test(n.replace(/(?<![\p{L}])(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St)(?=\p{Lu})/gu, ''))
    )
      return false;
    if (!strictCase && !/^[\p{Lu}\p{Lo}]/u.test(n)) return false;
    if (
      !strictCase &&
      words.some((w) => /^\p{Ll}/u.test(w) && !/^(?:de|da|di|van|von|bin|al|ji|the)$/.test(w))
    )
      return false;
  } else if (!CASELESS.test(n) || words.length > 3) {
    // Names in scripts without capitals carry no case signal: accept only short ones.
    return false;
  }
  if (NOT_A_NAME_RE.test(normaliseName(n)) || isCard(n) || STAMP_RE.test(normaliseName(n))) return false;
  if (isTransition(n.toUpperCase()) || isTimeOfDay(n)) return false;
  return true;
}

/** Counts words of dialogue: runs of letters/digits (Latin, Devanagari, any script). */
export function countWords(text: string): number {
  let n = 0;
  for (const w of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(w)) n++;
  return n;
}
