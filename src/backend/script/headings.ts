/** Scene headings set over more than one line: wrapped sluglines and Hindi-film "Day, Interiors" blocks. */
import { type HeadingParts, isCard, isTimeOfDay, parseHeading } from './patterns.ts';

/** Interior and exterior, also in Hindi: अंदर/भीतर/आंतरिक (inside), बाहर/बाह्य (outside). */
const INTERIOR_WORD =
  '(INT(?:ERIORS?)?|EXT(?:ERIORS?)?|INT\\.?\\s*/\\s*EXT|I\\s*/\\s*E|अंदर|भीतर|आंतरिक|बाहर|बाह्य)';
const TIME_WORD =
  '(DAY|NIGHT|MORNING|EVENING|AFTERNOON|DUSK|DAWN|NOON|MIDNIGHT|SUNSET|SUNRISE|LATE NIGHT|EARLY MORNING|CONTINUOUS|LATER|SAME TIME|दिन|रात|सुबह|शाम|दोपहर)';
const TIME_INTERIOR_RE = new RegExp(
  `^(?:(\\d{1,4}[A-Z]{0,2})[.)]?\\s+)?(?:${TIME_WORD}\\.?\\s*[,/–—-]\\s*${INTERIOR_WORD}|${INTERIOR_WORD}\\.?\\s*[,/–—-]\\s*${TIME_WORD})\\.?$`,
  'i',
);

function interiorOf(word: string): HeadingParts['interior'] {
  const w = word.toUpperCase().replace(/[\s.]/g, '');
  if (w.includes('/')) return 'INT/EXT';
  return w.startsWith('INT') || /^(?:अंदर|भीतर|आंतरिक)$/.test(w) ? 'INT' : 'EXT';
}

/** "Day, Interiors", "Night / Exterior", "5. Int - Day": the time and interior line of Hindi-film scripts. */
export function parseTimeInterior(
  text: string,
): { number: string | null; interior: HeadingParts['interior']; timeOfDay: string } | null {
  const m = TIME_INTERIOR_RE.exec(text.replace(/\s+/g, ' ').trim());
  if (!m) return null;
  const time = (m[2] ?? m[5])!;
  const interior = (m[3] ?? m[4])!;
  return {
    number: m[1]?.toUpperCase() ?? null,
    interior: interiorOf(interior),
    timeOfDay: time.toUpperCase(),
  };
}

/** A heading printed as a scene number alone ("Sc. 16"), waiting for its time and location lines. */
export function isNumberOnly(h: HeadingParts): boolean {
  return h.number !== null && h.interior === null && h.timeOfDay === null && !/\p{L}{3}/u.test(h.location);
}

/** A location line under a "Day, Interiors" line: short text, not a heading, cue furniture or a card. */
export function isLocationLine(text: string): boolean {
  const t = text.trim();
  return (
    t.length > 1 &&
    t.length <= 70 &&
    !/[.!?]$/.test(t) &&
    !parseHeading(t) &&
    !isCard(t) &&
    !t.startsWith('(')
  );
}

/**
 * Joins the next line to a heading that wraps: when the heading ends open ("... MUMBAI -") or the next
 * line completes it with a time of day. Returns null when the next line is not part of the heading.
 */
export function joinHeading(h: HeadingParts, next: string): HeadingParts | null {
  const t = next.replace(/\s+/g, ' ').trim();
  if (t.length === 0 || t.length > 80 || parseHeading(t) || isCard(t)) return null;
  if (/\p{Ll}/u.test(t) && !/\p{Ll}/u.test(h.heading)) return null;
  const open = /[-–—,/&]$/.test(h.heading.trim());
  if (!open && h.timeOfDay !== null) return null;
  const joined = parseHeading(`${h.heading} ${t}`);
  if (!joined) return null;
  if (!open && joined.timeOfDay === null && !isTimeOfDay(t)) return null;
  return { ...joined, number: h.number ?? joined.number };
}
