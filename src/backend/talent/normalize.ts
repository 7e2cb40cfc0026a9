import { canonicalLanguageName } from './values/languages.ts';

/** "marathi ", "Mar", "Bangla" → "Marathi", "Marathi", "Bengali": one spelling per language, so filters and facets match exactly. */
export const canonicalLanguage = canonicalLanguageName;

const NON_ASCII = /[^\u0020-\u007e]/;

/** Lower-cases and strips Latin accents (ā → a) but keeps Indic vowel signs, which are letters, not accents. */
export function foldName(s: string): string {
  // Printable ASCII has no accents to strip and is its own NFKD/NFC form: most names, on the import's hot path.
  if (!NON_ASCII.test(s)) return s.toLowerCase().trim();
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .trim();
}

/** Age in whole years on `today` for an ISO date of birth. */
export function ageOn(dateOfBirth: string, today = new Date()): number {
  // YYYY-MM-DD (the schema's form) read in place: an import computes this for every row with a birth date.
  const iso = dateOfBirth.length === 10 && dateOfBirth[4] === '-' && dateOfBirth[7] === '-';
  const [y, m, d] = iso
    ? [Number(dateOfBirth.slice(0, 4)), Number(dateOfBirth.slice(5, 7)), Number(dateOfBirth.slice(8))]
    : (dateOfBirth.split('-').map(Number) as [number, number, number]);
  let age = today.getUTCFullYear() - y;
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/**
 * The playing-age range used by filters: the entered range where there is one, else the real age ±2
 * (a casting convention: most actors can play a couple of years either side of their age).
 */
export function effectiveAgeRange(t: {
  playingAgeMin?: number | null;
  playingAgeMax?: number | null;
  dateOfBirth?: string | null;
}): { ageFrom: number | null; ageTo: number | null } {
  if (t.playingAgeMin != null || t.playingAgeMax != null) {
    return {
      ageFrom: t.playingAgeMin ?? t.playingAgeMax ?? null,
      ageTo: t.playingAgeMax ?? t.playingAgeMin ?? null,
    };
  }
  if (t.dateOfBirth) {
    const age = ageOn(t.dateOfBirth);
    return { ageFrom: Math.max(0, age - 2), ageTo: age + 2 };
  }
  return { ageFrom: null, ageTo: null };
}

/** Trims, drops empties and case-insensitive duplicates, keeping the first spelling. */
export function uniqueList(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const t = v.trim();
    const k = t.toLowerCase();
    if (t && !seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}
