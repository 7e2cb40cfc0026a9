// One spreadsheet row → profile input, each cell read the way Indian agency sheets write it (see
// ../values/). A cell that cannot be read never costs the person: it is left empty and returned as a
// field problem, which the caller keeps on the profile and in the report.

import type { TalentInput } from '../../../shared/talent.ts';
import type { ColumnMapping, ImportField } from '../../../shared/talent-import.ts';
import { ageToDateOfBirth, parsePlayingAge } from '../values/age.ts';
import { parseCity } from '../values/city.ts';
import { parseDate } from '../values/date.ts';
import { parseEmails } from '../values/email.ts';
import { isEmptyValue, unneutralise } from '../values/empty.ts';
import { parseHeight } from '../values/height.ts';
import { parseLanguageList } from '../values/languages.ts';
import { parseName } from '../values/name.ts';
import { parsePhones } from '../values/phone.ts';
import { CellMemo } from './cell-memo.ts';
import { splitList } from './lists.ts';

export { parseDate } from '../values/date.ts';
export { parseHeight } from '../values/height.ts';
export { parseLanguageList as parseLanguages } from '../values/languages.ts';
export { suggestMapping } from './columns.ts';

const norm = (s: string) => s.toLowerCase().replace(/[_.]+/g, ' ').replace(/\s+/g, ' ').trim();

const GENDERS: Record<string, NonNullable<TalentInput['gender']>> = {};
for (const [g, words] of Object.entries({
  female: ['f', 'female', 'woman', 'w', 'girl', 'lady', 'fem', 'महिला', 'स्त्री'],
  male: ['m', 'male', 'man', 'boy', 'gent', 'पुरुष'],
  non_binary: ['nb', 'non binary', 'non-binary', 'enby'],
  trans_woman: ['trans woman', 'transwoman', 'trans female'],
  trans_man: ['trans man', 'transman', 'trans male'],
  genderfluid: ['genderfluid', 'gender fluid'],
  other: ['other', 'others'],
  undisclosed: ['prefer not to say', 'undisclosed'],
}))
  for (const w of words) GENDERS[w] = g as NonNullable<TalentInput['gender']>;

/** A gender; null for an empty cell; undefined when the word is not one we know. */
export function parseGender(s: string): TalentInput['gender'] | undefined {
  if (isEmptyValue(s)) return null;
  return GENDERS[norm(s)];
}

function parseAvailability(s: string): TalentInput['availability'] {
  const v = norm(s);
  if (!v) return 'unknown';
  if (/^(yes|y|available|free|open)$/.test(v)) return 'available';
  if (/shoot|project|busy|booked/.test(v)) return 'on_project';
  if (/^(no|n|unavailable|not available)$/.test(v)) return 'unavailable';
  return 'unknown';
}

const STARS = /^[★⭐*]{1,5}$/u;
const RATING = /^([0-5])(?:\s*\/\s*5)?$/;

function parseRating(s: string): number | undefined {
  if (STARS.test(s)) return [...s].length;
  const m = RATING.exec(s.trim());
  return m ? Number(m[1]) : undefined;
}

const LINK = /^(?:https?:\/\/|www\.|youtu\.?be|youtube\.com|vimeo\.com|drive\.google\.com|instagram\.com)/i;

/** A cell that could not be read: the column (index in the row), its text, and why. */
export interface FieldProblem {
  column: number;
  value: string;
  why: string;
}

export interface ConvertedRow {
  input: TalentInput;
  problems: FieldProblem[];
  /** Lines for the profile's notes: originals kept where the reading was a guess, other contacts, locality. */
  notes: string[];
  /** Other spellings of the name (the office's own export has them): searchable, kept beside the profile. */
  aliases: string[];
}

/** The mapped columns of a mapping, once per file rather than once per row. */
export type CompiledMapping = readonly (readonly [column: number, field: ImportField])[];

const compiled = new WeakMap<ColumnMapping, CompiledMapping>();

/** The same compiled mapping for the same mapping object: an import's chunks then share one cell memo. */
export function compileMapping(mapping: ColumnMapping): CompiledMapping {
  let c = compiled.get(mapping);
  if (!c) {
    c = compileMappingOnce(mapping);
    compiled.set(mapping, c);
  }
  return c;
}

function compileMappingOnce(mapping: ColumnMapping): CompiledMapping {
  return Object.entries(mapping)
    .filter((e): e is [string, ImportField] => e[1] != null)
    .map(([c, f]) => [Number(c), f] as const)
    .sort((a, b) => a[0] - b[0]);
}

const HEIGHT_IN_CM = /^\d{2,3}(?:\.\d+)?\s*(?:cms?)?$/i;

/** One memo of repeated cells per compiled mapping, so per import (the city table may change between them). */
const memos = new WeakMap<CompiledMapping, CellMemo>();

function memoFor(columns: CompiledMapping): CellMemo {
  let m = memos.get(columns);
  if (!m) {
    m = new CellMemo();
    memos.set(columns, m);
  }
  return m;
}

const readHeight = (raw: string) => {
  const cm = parseHeight(raw);
  return { cm, asWritten: cm != null && !HEIGHT_IN_CM.test(raw) };
};
const readPlayingAge = (raw: string) => {
  const range = parsePlayingAge(raw);
  return { range, asWritten: !!range && /[a-z]/i.test(raw.replace(/\b(?:yrs?|years?)\b/gi, '')) };
};

/** One spreadsheet row → profile input. `headers` name the columns in notes ("Other contact (WhatsApp No.)"). */
export function convertRow(
  row: readonly string[],
  columns: CompiledMapping,
  headers: readonly string[],
  today: Date,
): ConvertedRow {
  const input: TalentInput = { fullName: '' };
  const problems: FieldProblem[] = [];
  const notes: string[] = [];
  const otherPhones: string[] = [];
  const aliases: string[] = [];
  let notesCell: string | null = null;
  const bad = (column: number, value: string, why: string) => problems.push({ column, value, why });
  const memo = memoFor(columns);
  for (const [col, field] of columns) {
    const cell = row[col];
    if (!cell) continue;
    const raw = unneutralise(cell.trim());
    if (!raw || (field !== 'notes' && isEmptyValue(raw))) continue;
    switch (field) {
      case 'fullName': {
        const n = parseName(raw);
        input.fullName = n.fullName;
        if (n.nativeName) input.nativeName ??= n.nativeName;
        if (n.changed && n.fullName) notes.push(`Name as written in the file: ${raw}`);
        break;
      }
      case 'nativeName':
        input.nativeName = parseName(raw).fullName || raw;
        break;
      case 'gender': {
        const g = memo.read('gender', raw, parseGender);
        if (g === undefined) bad(col, raw, 'not a gender we know (e.g. F, M, Female, Male)');
        else input.gender = g;
        break;
      }
      case 'dateOfBirth': {
        const d = parseDate(raw, today);
        if (d === undefined) bad(col, raw, 'not a date (use DD/MM/YYYY or YYYY-MM-DD)');
        else input.dateOfBirth = d;
        break;
      }
      case 'age': {
        // A real age: a date there is a date of birth, a number an approximate one.
        const asDate = raw.length >= 6 ? parseDate(raw, today) : undefined;
        const fromAge = asDate ? asDate : ageToDateOfBirth(raw, today);
        if (fromAge) {
          input.dateOfBirth ??= fromAge;
          if (!asDate)
            notes.push(
              `Age ${raw} in the file on ${today.toISOString().slice(0, 10)} (date of birth estimated)`,
            );
          break;
        }
        const range = parsePlayingAge(raw);
        if (range) {
          input.playingAgeMin ??= range.min;
          input.playingAgeMax ??= range.max;
        } else bad(col, raw, 'not an age');
        break;
      }
      case 'playingAge': {
        const { range: r, asWritten } = memo.read('playingAge', raw, readPlayingAge);
        if (!r) bad(col, raw, 'not an age range (e.g. 25-30, early 40s)');
        else {
          input.playingAgeMin = r.min;
          input.playingAgeMax = r.max;
          if (asWritten) notes.push(`Playing age as written in the file: ${raw}`);
        }
        break;
      }
      case 'heightCm': {
        const { cm: h, asWritten } = memo.read('heightCm', raw, readHeight);
        if (h == null) bad(col, raw, 'not a height (e.g. 168 cm or 5\'6")');
        else {
          input.heightCm = h;
          if (asWritten) notes.push(`Height as written in the file: ${raw}`);
        }
        break;
      }
      // A row's only list of a field is the memo's own (frozen) list: the steps after this cache by it.
      case 'languages': {
        const list = memo.read('languages', raw, parseLanguageList);
        input.languages = input.languages ? [...input.languages, ...list] : list;
        break;
      }
      case 'dialects':
      case 'skills':
      case 'tags': {
        const list = memo.read(field, raw, splitList);
        input[field] = input[field] ? [...input[field], ...list] : list;
        break;
      }
      case 'aliases':
        aliases.push(...splitList(raw));
        break;
      case 'city': {
        const c = memo.read('city', raw, parseCity);
        input.city = c.city;
        if (c.locality) notes.push(`Locality: ${c.locality}`);
        break;
      }
      case 'cintaa':
        input.unionName = 'CINTAA';
        input.unionNumber = raw;
        break;
      case 'rating': {
        const r = parseRating(raw);
        if (r === undefined) bad(col, raw, 'should be 0–5');
        else input.rating = r;
        break;
      }
      case 'availability':
        input.availability = memo.read('availability', raw, parseAvailability);
        break;
      case 'showreelUrl':
        if (LINK.test(raw)) input.showreelUrl = /^https?:/i.test(raw) ? raw : `https://${raw}`;
        else bad(col, raw, 'not a link');
        break;
      case 'phone':
      case 'otherPhone': {
        const p = parsePhones(raw);
        if (p.error) bad(col, raw, p.error);
        const found = p.phone ? [p.phone, ...p.others] : p.others;
        if (field === 'phone' && found[0] && !input.phone) input.phone = found.shift()!;
        for (const n of found) otherPhones.push(`${n} (${headers[col]?.trim() || 'phone'})`);
        break;
      }
      case 'agentPhone':
        input.agentPhone = parsePhones(raw).phone ?? raw;
        break;
      case 'email':
      case 'agentEmail': {
        const e = parseEmails(raw);
        if (e.error) bad(col, raw, e.error);
        if (e.email) input[field] = e.email;
        for (const o of e.others) notes.push(`Other email: ${o}`);
        break;
      }
      case 'notes':
        notesCell = notesCell ? `${notesCell}\n${raw}` : raw;
        break;
      default:
        input[field] = raw;
    }
  }
  // A WhatsApp or alternate number is the phone when the sheet has no other.
  if (!input.phone && otherPhones.length) input.phone = otherPhones.shift()!.replace(/ \(.*$/, '');
  for (const o of otherPhones) notes.push(`Other contact: ${o}`);
  if (notesCell) input.notes = notesCell;
  return { input, problems, notes, aliases };
}
