// Column names as agencies write them ("Contact No.", "WhatsApp No.", "Mob", "CINTAA Card No.", "Ht",
// "D.O.B", "नाम", "मोबाइल नंबर") → profile fields; also how well a row looks like a header row.
import type { ColumnMapping, ImportField } from '../../../shared/talent-import.ts';

const SYNONYMS: Record<ImportField, string[]> = {
  fullName: [
    'name',
    'full name',
    'fullname',
    'actor',
    'actor name',
    'artist',
    'artist name',
    'artiste',
    'artiste name',
    'talent',
    'talent name',
    'candidate',
    'candidate name',
    'name of artist',
    'name of the artist',
    'model name',
    'नाम',
    'पूरा नाम',
    'कलाकार',
    'कलाकार का नाम',
  ],
  nativeName: [
    'native name',
    'name (hindi)',
    'hindi name',
    'name in hindi',
    'devanagari',
    'name native',
    'local name',
    'name in devanagari',
    'हिंदी नाम',
    'नाम (हिंदी)',
  ],
  stageName: ['stage name', 'screen name', 'alias'],
  // The office's own export names it "Other spellings" (merges keep them; search finds people by them).
  aliases: ['other spellings', 'other spellings of the name', 'aliases', 'also known as', 'aka', 'a k a'],
  gender: ['gender', 'sex', 'm/f', 'male/female', 'लिंग'],
  dateOfBirth: [
    'dob',
    'd o b',
    'date of birth',
    'birth date',
    'birthdate',
    'born',
    'birthday',
    'जन्म तिथि',
    'जन्मतिथि',
    'जन्म दिनांक',
  ],
  age: ['age', 'current age', 'actual age', 'real age', 'age (years)', 'age (yrs)', 'उम्र', 'आयु'],
  playingAge: [
    'playing age',
    'playing range',
    'playing age range',
    'age range',
    'screen age',
    'can play',
    'play age',
  ],
  heightCm: [
    'height',
    'height (cm)',
    'height cm',
    'height (ft)',
    'height (feet)',
    'ht',
    'ht (cm)',
    'ht (ft)',
    'ऊंचाई',
    'ऊँचाई',
    'लंबाई',
    'कद',
  ],
  build: ['build', 'body type', 'physique', 'body'],
  languages: [
    'languages',
    'language',
    'languages known',
    'langs',
    'lang',
    'language known',
    'भाषा',
    'भाषाएं',
    'भाषाएँ',
  ],
  dialects: ['dialects', 'accents', 'dialect', 'accent'],
  skills: ['skills', 'special skills', 'talents', 'abilities', 'skill', 'special skill', 'कौशल'],
  city: [
    'city',
    'location',
    'based in',
    'current city',
    'base',
    'residence',
    'area',
    'address',
    'locality',
    'शहर',
    'स्थान',
  ],
  homeState: ['state', 'home state', 'native state', 'hometown', 'native place', 'native', 'राज्य'],
  agency: ['agency', 'agency name', 'management', 'एजेंसी'],
  agentName: ['agent', 'agent name', 'manager', 'coordinator', 'co-ordinator', 'coordinator name'],
  agentPhone: [
    'agent phone',
    'agent mobile',
    'agent contact',
    'manager phone',
    'coordinator phone',
    'coordinator no',
  ],
  agentEmail: ['agent email', 'manager email', 'coordinator email'],
  unionName: ['union', 'association', 'membership'],
  unionNumber: ['union number', 'membership number', 'membership no', 'union no', 'union card no'],
  cintaa: [
    'cintaa',
    'cintaa no',
    'cintaa number',
    'cintaa id',
    'cintaa card',
    'cintaa card no',
    'cintaa card number',
    'cintaa membership no',
    'cintaa membership number',
    'cintaa reg no',
  ],
  phone: [
    'phone',
    'mobile',
    'contact',
    'phone number',
    'mobile number',
    'contact number',
    'contact no',
    'mobile no',
    'mob',
    'mob no',
    'cell',
    'cell no',
    'phone no',
    'ph no',
    'tel',
    'telephone',
    'contact details',
    'number',
    'whatsapp',
    'whatsapp no',
    'whatsapp number',
    'फ़ोन',
    'फोन',
    'फ़ोन नंबर',
    'फोन नंबर',
    'फ़ोन नं',
    'मोबाइल',
    'मोबाइल नंबर',
    'मोबाइल नं',
    'मो',
    'मो नं',
    'संपर्क',
    'संपर्क नंबर',
  ],
  otherPhone: [
    'alternate number',
    'alternate no',
    'alt no',
    'alt number',
    'other number',
    'phone 2',
    'mobile 2',
    'whatsapp',
    'whatsapp no',
    'whatsapp number',
    'landline',
  ],
  email: ['email', 'e-mail', 'email id', 'e-mail id', 'mail', 'mail id', 'email address', 'ईमेल'],
  showreelUrl: [
    'showreel',
    'reel',
    'showreel link',
    'video link',
    'demo reel',
    'audition link',
    'youtube link',
  ],
  tags: ['tags', 'category', 'categories', 'type'],
  notes: ['notes', 'remarks', 'comments', 'comment', 'note', 'remark', 'टिप्पणी'],
  rating: ['rating', 'stars', 'score'],
  availability: ['availability', 'available', 'status'],
};

/** Header cell → comparable text: case, dots, underscores, colons, "#" and spacing ignored. */
export const normHeader = (s: string): string =>
  s
    // फ़ is typed as one letter or as फ + nukta: NFC makes them one spelling.
    .normalize('NFC')
    .toLowerCase()
    .replace(/[_.:#*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Spelling → the fields it can mean, in preference order ("whatsapp" is the phone, or another phone). */
const FIELDS_BY_NAME = new Map<string, ImportField[]>();
for (const [field, names] of Object.entries(SYNONYMS) as [ImportField, string[]][]) {
  for (const n of names) {
    const k = normHeader(n);
    FIELDS_BY_NAME.set(k, [...(FIELDS_BY_NAME.get(k) ?? []), field]);
  }
}
const BRACKETS = /\s*\([^)]*\)\s*/g;

function fieldsFor(header: string): ImportField[] {
  const n = normHeader(header);
  return FIELDS_BY_NAME.get(n) ?? FIELDS_BY_NAME.get(normHeader(n.replace(BRACKETS, ' '))) ?? [];
}

export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const used = new Set<ImportField>();
  const mapping: ColumnMapping = {};
  headers.forEach((h, i) => {
    const field = fieldsFor(h).find((f) => !used.has(f)) ?? null;
    if (field) used.add(field);
    mapping[String(i)] = field;
  });
  return mapping;
}

/**
 * How many different fields the cells of a row name: the header row is the one that scores best. Distinct
 * fields, not cells: a merged title cell ("Talent" across the sheet) repeats its text in every column it spans.
 */
export function headerScore(row: readonly string[]): number {
  const named = new Set<ImportField>();
  for (const cell of row) if (cell && cell.length < 60) for (const f of fieldsFor(cell)) named.add(f);
  // "WhatsApp" names a phone or another phone; count a cell once.
  return Math.min(named.size, row.filter((c) => c && c.length < 60 && fieldsFor(c).length).length);
}
