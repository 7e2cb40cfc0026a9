// Spreadsheet columns → profile fields: suggesting a mapping from headers, and reading each cell the way
// Indian agency sheets write it ("5'6\"", "DD/MM/YYYY", "Hindi (native), Marathi - fluent", "F").

import { FLUENCY_LABELS, type TalentInput } from '../../../shared/talent.ts';
import type { ColumnMapping, ImportField } from '../../../shared/talent-import.ts';
import { canonicalLanguage } from '../normalize.ts';

const SYNONYMS: Record<ImportField, string[]> = {
  fullName: [
    'name',
    'full name',
    'fullname',
    'actor',
    'artist',
    'artist name',
    'talent',
    'talent name',
    'नाम',
  ],
  nativeName: [
    'native name',
    'name (hindi)',
    'hindi name',
    'name in hindi',
    'devanagari',
    'name native',
    'local name',
  ],
  stageName: ['stage name', 'screen name', 'alias'],
  gender: ['gender', 'sex', 'm/f'],
  dateOfBirth: ['dob', 'date of birth', 'birth date', 'birthdate', 'born'],
  age: ['age', 'current age'],
  playingAge: ['playing age', 'playing range', 'age range', 'screen age'],
  heightCm: ['height', 'height (cm)', 'height cm', 'ht'],
  build: ['build', 'body type', 'physique'],
  languages: ['languages', 'language', 'languages known', 'langs'],
  dialects: ['dialects', 'accents', 'dialect', 'accent'],
  skills: ['skills', 'special skills', 'talents', 'abilities'],
  city: ['city', 'location', 'based in', 'current city', 'base'],
  homeState: ['state', 'home state', 'native state', 'hometown'],
  agency: ['agency', 'agency name', 'management'],
  agentName: ['agent', 'agent name', 'manager', 'coordinator'],
  agentPhone: ['agent phone', 'agent mobile', 'agent contact', 'manager phone'],
  agentEmail: ['agent email', 'manager email'],
  unionName: ['union', 'association', 'membership'],
  unionNumber: ['union number', 'membership number', 'membership no', 'union no'],
  cintaa: ['cintaa', 'cintaa no', 'cintaa number', 'cintaa id'],
  phone: ['phone', 'mobile', 'contact', 'phone number', 'mobile number', 'contact number', 'whatsapp'],
  email: ['email', 'e-mail', 'email id', 'mail'],
  showreelUrl: ['showreel', 'reel', 'showreel link', 'video link', 'demo reel'],
  tags: ['tags', 'category', 'categories', 'type'],
  notes: ['notes', 'remarks', 'comments', 'comment', 'note'],
  rating: ['rating', 'stars', 'score'],
  availability: ['availability', 'available', 'status'],
};

const norm = (s: string) => s.toLowerCase().replace(/[_.]+/g, ' ').replace(/\s+/g, ' ').trim();

export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const used = new Set<ImportField>();
  const mapping: ColumnMapping = {};
  headers.forEach((h, i) => {
    const n = norm(h);
    let field: ImportField | null = null;
    for (const [f, names] of Object.entries(SYNONYMS) as [ImportField, string[]][]) {
      if (!used.has(f) && names.includes(n)) field = f;
    }
    if (field) used.add(field);
    mapping[String(i)] = field;
  });
  return mapping;
}

const list = (s: string) =>
  s
    .split(/[,;|/\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function parseGender(s: string): TalentInput['gender'] {
  const v = norm(s);
  if (!v) return null;
  if (['f', 'female', 'woman', 'w', 'girl', 'महिला', 'स्त्री'].includes(v)) return 'female';
  if (['m', 'male', 'man', 'boy', 'पुरुष'].includes(v)) return 'male';
  if (['nb', 'non binary', 'non-binary', 'enby'].includes(v)) return 'non_binary';
  if (['trans woman', 'transwoman', 'trans female'].includes(v)) return 'trans_woman';
  if (['trans man', 'transman', 'trans male'].includes(v)) return 'trans_man';
  if (['genderfluid', 'gender fluid'].includes(v)) return 'genderfluid';
  if (['prefer not to say', 'undisclosed', 'na', 'n/a'].includes(v)) return 'undisclosed';
  return 'other';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  const ok = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return ok ? `${y}-${pad(m)}-${pad(d)}` : undefined;
}

/** ISO, DD/MM/YYYY and DD-MM-YYYY (day first, as India writes dates), "12 Mar 1994"; impossible dates are refused. */
export function parseDate(s: string): string | null | undefined {
  const v = s.trim();
  if (!v) return null;
  const iso = parseDateParts(v);
  return iso ? validDate(...iso) : undefined;
}

function parseDateParts(v: string): [number, number, number] | undefined {
  let m = v.match(/^(\d{4})-(\d{1,2})-(\d{1,2})/);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = v.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (m) return [Number(m[3]), Number(m[2]), Number(m[1])];
  m = v.match(/^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    if (month > 0) return [Number(m[3]), month, Number(m[1])];
  }
  return undefined; // unreadable: reported by the caller
}

/** "168", "168 cm", "1.68 m", "5'6\"", "5 ft 6 in", "5.6 ft" → centimetres. */
export function parseHeight(s: string): number | null | undefined {
  const v = s.trim().toLowerCase();
  if (!v) return null;
  let m = v.match(/^(\d)\s*(?:'|ft|feet|foot)\s*(\d{1,2})?\s*(?:"|''|in|inch|inches)?$/);
  if (m) return Math.round((Number(m[1]) * 12 + Number(m[2] ?? 0)) * 2.54);
  m = v.match(/^(\d)\.(\d{1,2})\s*(?:ft|feet)$/);
  if (m) return Math.round((Number(m[1]) * 12 + Number(m[2])) * 2.54);
  m = v.match(/^(\d(?:\.\d+)?)\s*m$/);
  if (m) return Math.round(Number(m[1]) * 100);
  m = v.match(/^(\d{2,3})(?:\.\d+)?\s*(?:cm|cms)?$/);
  if (m) return Number(m[1]);
  return undefined;
}

const FLUENCY_WORDS: [RegExp, number][] = [
  [/native|mother ?tongue|first/, 5],
  [/fluent|excellent/, 4],
  [/professional|good|working/, 3],
  [/conversational|intermediate|medium/, 2],
  [/basic|beginner|learning|some/, 1],
];

/** "Hindi (native), Marathi - fluent; English: 3" → [{language, fluency}]. A bare language counts as fluent. */
export function parseLanguages(s: string): { language: string; fluency: number }[] {
  return list(s).flatMap((part) => {
    const m = part.match(/^([^\d(:-]+?)\s*(?:[(:-]\s*([^)]*?)\s*\)?)?$/);
    if (!m) return [];
    const language = canonicalLanguage(m[1]!);
    const level = (m[2] ?? '').toLowerCase();
    let fluency = 4;
    const n = Number(level);
    if (level && Number.isInteger(n) && n >= 1 && n <= 5) fluency = n;
    else if (level) {
      const byLabel = FLUENCY_LABELS.findIndex((l) => l && l.toLowerCase() === level);
      fluency = byLabel > 0 ? byLabel : (FLUENCY_WORDS.find(([re]) => re.test(level))?.[1] ?? 4);
    }
    return language ? [{ language, fluency }] : [];
  });
}

function parseAvailability(s: string): TalentInput['availability'] {
  const v = norm(s);
  if (!v) return 'unknown';
  if (/^(yes|y|available|free|open)$/.test(v)) return 'available';
  if (/shoot|project|busy|booked/.test(v)) return 'on_project';
  if (/^(no|n|unavailable|not available)$/.test(v)) return 'unavailable';
  return 'unknown';
}

export interface ConvertedRow {
  input: TalentInput;
  /** Cells that could not be read, each "Field: reason". */
  errors: string[];
}

/** One spreadsheet row → profile input; unreadable cells are reported rather than guessed. */
export function convertRow(row: readonly string[], mapping: ColumnMapping): ConvertedRow {
  const input: TalentInput = { fullName: '' };
  const errors: string[] = [];
  for (const [col, field] of Object.entries(mapping)) {
    if (!field) continue;
    const raw = (row[Number(col)] ?? '').trim();
    if (!raw) continue;
    switch (field) {
      case 'gender':
        input.gender = parseGender(raw);
        break;
      case 'dateOfBirth': {
        const d = parseDate(raw);
        if (d === undefined)
          errors.push(`Date of birth: "${raw}" is not a date (use DD/MM/YYYY or YYYY-MM-DD)`);
        else input.dateOfBirth = d;
        break;
      }
      case 'age': {
        const a = Number.parseInt(raw, 10);
        if (!Number.isFinite(a) || a < 0 || a > 120) errors.push(`Age: "${raw}" is not an age`);
        else {
          input.playingAgeMin ??= Math.max(0, a - 2);
          input.playingAgeMax ??= a + 2;
        }
        break;
      }
      case 'playingAge': {
        const m = raw.match(/^(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})$/);
        if (!m) errors.push(`Playing age: "${raw}" should look like 25-30`);
        else {
          input.playingAgeMin = Number(m[1]);
          input.playingAgeMax = Number(m[2]);
        }
        break;
      }
      case 'heightCm': {
        const h = parseHeight(raw);
        if (h === undefined) errors.push(`Height: "${raw}" is not a height (e.g. 168 cm or 5'6")`);
        else input.heightCm = h;
        break;
      }
      case 'languages':
        input.languages = parseLanguages(raw);
        break;
      case 'dialects':
      case 'skills':
      case 'tags':
        input[field] = list(raw);
        break;
      case 'cintaa':
        input.unionName = 'CINTAA';
        input.unionNumber = raw;
        break;
      case 'rating': {
        const r = Number(raw);
        if (!Number.isInteger(r) || r < 0 || r > 5) errors.push(`Rating: "${raw}" should be 0–5`);
        else input.rating = r;
        break;
      }
      case 'availability':
        input.availability = parseAvailability(raw);
        break;
      case 'showreelUrl':
        if (/^https?:\/\//i.test(raw)) input.showreelUrl = raw;
        else errors.push(`Showreel: "${raw}" is not a link`);
        break;
      case 'email':
      case 'agentEmail':
        input[field] = raw.toLowerCase();
        break;
      default:
        input[field] = raw;
    }
  }
  return { input, errors };
}
