// Ages as offices write them. A playing-age column holds a range ("25-30", "25 to 30 yrs", "early 40s",
// "Early 20's", a single 49); an "Age" column holds the person's real age, kept as an approximate date of
// birth, or a date of birth itself.
import { isEmptyValue } from './empty.ts';

export interface AgeRange {
  min: number;
  max: number | null;
}

const MAX_AGE = 120;
const DASHES = /[–—−~]/g;
const YEARS = /\s*\b(?:yrs?|years?|y\/?o|yo)\b\.?/g;
const RANGE = /^(\d{1,3})\s*(?:-|to)\s*(\d{1,3})$/;
const OPEN_RANGE = /^(\d{1,3})\s*(?:\+|-|and above|onwards|plus)$/;
const SINGLE = /^(\d{1,3})$/;
const DECADE = /^(?:(early|mid|late)[\s-]*)?(\d)0\s*'?s$/;
const TEENS = /^(?:(early|mid|late)[\s-]*)?teens?$/;

const PART = { early: [0, 3], mid: [4, 6], late: [7, 9] } as const;

function clean(raw: string): string {
  return raw.trim().toLowerCase().replace(DASHES, '-').replace(/’/g, "'").replace(YEARS, '').trim();
}

/** A playing-age range; null for an empty cell, undefined when the cell is not an age. */
export function parsePlayingAge(raw: string): AgeRange | null | undefined {
  if (isEmptyValue(raw)) return null;
  const v = clean(raw);
  let m = RANGE.exec(v);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a > MAX_AGE || b > MAX_AGE ? undefined : { min: Math.min(a, b), max: Math.max(a, b) };
  }
  m = SINGLE.exec(v);
  if (m) return Number(m[1]) <= MAX_AGE ? { min: Number(m[1]), max: Number(m[1]) } : undefined;
  m = OPEN_RANGE.exec(v);
  if (m) return Number(m[1]) <= MAX_AGE ? { min: Number(m[1]), max: null } : undefined;
  m = DECADE.exec(v);
  if (m) {
    const decade = Number(m[2]) * 10;
    const [from, to] = m[1] ? PART[m[1] as keyof typeof PART] : [0, 9];
    return { min: decade + from, max: decade + to };
  }
  m = TEENS.exec(v);
  if (m) {
    const [from, to] = m[1]
      ? ({ early: [13, 14], mid: [15, 16], late: [17, 19] } as const)[m[1] as 'early']
      : [13, 19];
    return { min: from, max: to };
  }
  return undefined;
}

const REAL_AGE = /^(\d{1,3})(?:\.\d+)?$/;

/**
 * A real age on `today` → an approximate ISO date of birth: half a year before the last birthday that
 * age implies, so the profile shows that age for about the next six months.
 */
export function ageToDateOfBirth(raw: string, today: Date): string | null | undefined {
  if (isEmptyValue(raw)) return null;
  const m = REAL_AGE.exec(clean(raw));
  if (!m) return undefined;
  const age = Number(m[1]);
  if (age < 1 || age > MAX_AGE) return undefined;
  const d = new Date(Date.UTC(today.getUTCFullYear() - age, today.getUTCMonth(), today.getUTCDate()));
  d.setUTCMonth(d.getUTCMonth() - 6);
  return d.toISOString().slice(0, 10);
}
