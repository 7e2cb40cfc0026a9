// The profile schema's checks, written out by hand for the values convertRow produces. An import validates
// 100k rows; running zod's object machinery on each was a quarter of the validation thread's time (profiled).
// Every check here is the one talentInputSchema makes; where a value passes them all the result is what zod
// returns (trimmed strings, defaults filled, unknown keys dropped), and anything this does not vouch for —
// one value that fails, a field it does not know — returns null, and the caller runs zod as before, which
// also says why. tests/talent/fast-input.test.ts compares both on generated rows, messy and clean.
import { z } from 'zod';
import {
  AVAILABILITY,
  GENDERS,
  type TalentInput,
  type TalentInputParsed,
  talentInputSchema,
} from '../../../shared/talent.ts';

const shape = talentInputSchema.shape;
const GENDER_SET = new Set<unknown>(GENDERS);
const AVAILABILITY_SET = new Set<unknown>(AVAILABILITY);
const PHONE = /^[+()\d\s-]{6,40}$/;
/** z.email()'s own pattern. */
const EMAIL = z.regexes.email;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today as the date check compares it (to the second: it only moves at midnight). */
let todayAt = 0;
let todayIso = '';
function today(): string {
  const now = Date.now();
  if (now - todayAt > 1000) {
    todayAt = now;
    todayIso = new Date(now).toISOString().slice(0, 10);
  }
  return todayIso;
}

/** Thrown (and caught in fastTalentInput) when a value needs zod's verdict. */
const ASK_ZOD = Symbol('ask zod');
const refuse = (): never => {
  throw ASK_ZOD;
};

/** z.string().trim().max(max) with min length `min`: the trimmed string. */
function text(v: unknown, max: number, min = 0): string {
  if (typeof v !== 'string') return refuse();
  const t = v.trim();
  return t.length > max || t.length < min ? refuse() : t;
}

/** shortText.nullable().optional() */
const short = (v: unknown): string | null | undefined => (v == null ? v : text(v, 200));

/** z.number().int().min(min).max(max).nullable().optional() */
function int(v: unknown, min: number, max: number): number | null | undefined {
  if (v == null) return v;
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : refuse();
}

/**
 * Frozen lists that passed a check unchanged, one record per kind of list (a verdict on a list of strings says
 * nothing of it as languages). The import's cell memo hands every row with the same cell the same frozen list;
 * such a list is its own parse, so it is checked once and passed on as it is (and toColumns caches its JSON by it).
 */
function passesAsIs<T>(
  checked: WeakSet<object>,
  v: readonly T[],
  out: readonly T[],
  same: (a: T, b: T) => boolean,
): boolean {
  if (!Object.isFrozen(v)) return false;
  for (let i = 0; i < v.length; i++) if (!same(v[i]!, out[i]!)) return false;
  checked.add(v);
  return true;
}

/** Frozen string lists that are their own parse (their length is still checked against each field's max). */
const checkedStrings = new WeakSet<object>();

/** z.array(shortText).max(max).default([]) */
function shortList(v: unknown, max: number): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > max) return refuse();
  if (checkedStrings.has(v)) return v;
  const out = v.map((s) => text(s, 200));
  return passesAsIs(checkedStrings, v, out, (a, b) => a === b) ? v : out;
}

/** z.email().max(200).nullable().optional() */
function email(v: unknown): string | null | undefined {
  if (v == null) return v;
  return typeof v === 'string' && v.length <= 200 && EMAIL.test(v) ? v : refuse();
}

/** isoDate.nullable().optional(): a real date, not after today. */
function isoDate(v: unknown): string | null | undefined {
  if (v == null) return v;
  return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) && v <= today()
    ? v
    : refuse();
}

/** A field whose check is not simple (links): zod's own schema for that one field. */
function viaField<K extends 'showreelUrl'>(field: K, v: unknown): TalentInputParsed[K] {
  if (v == null) return v as TalentInputParsed[K];
  const r = shape[field].safeParse(v);
  return r.success ? (r.data as TalentInputParsed[K]) : refuse();
}

type Language = TalentInputParsed['languages'][number];
/** The same language entry as zod's parse of it, with no other keys (zod would drop them). */
const sameLanguage = (a: Language, b: Language) =>
  a.language === b.language && a.fluency === b.fluency && Object.keys(a).length === 2;

/** Frozen language lists that are their own parse. */
const checkedLanguages = new WeakSet<object>();

function languages(v: unknown): TalentInputParsed['languages'] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > 30) return refuse();
  if (checkedLanguages.has(v)) return v;
  const out = v.map((l: unknown) => {
    if (typeof l !== 'object' || l === null) return refuse();
    const { language, fluency } = l as { language: unknown; fluency: unknown };
    return { language: text(language, 40, 1), fluency: int(fluency, 1, 5) ?? refuse() };
  });
  return passesAsIs(checkedLanguages, v, out, sameLanguage) ? v : out;
}

/** The schema's fields this checks; an input with another of them goes to zod (keys not in the schema, zod drops). */
const HANDLED = new Set<string>([
  'fullName',
  'nativeName',
  'stageName',
  'gender',
  'dateOfBirth',
  'playingAgeMin',
  'playingAgeMax',
  'heightCm',
  'build',
  'languages',
  'dialects',
  'skills',
  'city',
  'homeState',
  'agency',
  'agentName',
  'agentPhone',
  'agentEmail',
  'unionName',
  'unionNumber',
  'phone',
  'email',
  'links',
  'showreelUrl',
  'tags',
  'notes',
  'rating',
  'availability',
]);

/** talentInputSchema.parse(input) when every value passes its check; null when zod must decide. */
export function fastTalentInput(input: TalentInput): TalentInputParsed | null {
  for (const k in input) if (!HANDLED.has(k) && k in shape) return null;
  // Links: the import has none to give (the showreel has its own field).
  if (input.links !== undefined && !(Array.isArray(input.links) && input.links.length === 0)) return null;
  try {
    const i = input as Record<keyof TalentInput, unknown>;
    const out: TalentInputParsed = {
      fullName: text(i.fullName, 200, 1),
      languages: languages(i.languages),
      dialects: shortList(i.dialects, 30),
      skills: shortList(i.skills, 60),
      links: [],
      tags: shortList(i.tags, 50),
      availability:
        i.availability === undefined ? 'unknown' : (i.availability as TalentInputParsed['availability']),
    };
    if (!AVAILABILITY_SET.has(out.availability)) return null;
    if (i.gender != null && !GENDER_SET.has(i.gender)) return null;
    if ('gender' in i) out.gender = i.gender as TalentInputParsed['gender'];
    const set = <K extends keyof TalentInputParsed>(k: K, v: TalentInputParsed[K]) => {
      if (k in i) out[k] = v;
    };
    set('nativeName', short(i.nativeName));
    set('stageName', short(i.stageName));
    set('dateOfBirth', isoDate(i.dateOfBirth));
    set('playingAgeMin', int(i.playingAgeMin, 0, 120));
    set('playingAgeMax', int(i.playingAgeMax, 0, 120));
    set('heightCm', int(i.heightCm, 40, 260));
    set('build', short(i.build));
    set('city', short(i.city));
    set('homeState', short(i.homeState));
    set('agency', short(i.agency));
    set('agentName', short(i.agentName));
    set('agentPhone', short(i.agentPhone));
    set('agentEmail', email(i.agentEmail));
    set('unionName', short(i.unionName));
    set('unionNumber', short(i.unionNumber));
    if (i.phone != null) {
      const p = text(i.phone, 40);
      if (!PHONE.test(p)) return null;
      out.phone = p;
    } else set('phone', i.phone as null | undefined);
    set('email', email(i.email));
    set('showreelUrl', viaField('showreelUrl', i.showreelUrl));
    if (i.notes != null && (typeof i.notes !== 'string' || i.notes.length > 20_000)) return null;
    set('notes', i.notes as string | null | undefined);
    set('rating', int(i.rating, 0, 5));
    // The schema's refine: playing age "from" not above "to".
    if (out.playingAgeMin != null && out.playingAgeMax != null && out.playingAgeMin > out.playingAgeMax)
      return null;
    return out;
  } catch (e) {
    if (e === ASK_ZOD) return null;
    throw e;
  }
}
