// Languages as offices write them: "Hin, Eng & Mar", "Hindi (native) / Marathi - fluent", "Bangla",
// "हिंदी, मराठी" → one canonical name per language, so a Hindi filter finds everyone who speaks Hindi.
import { FLUENCY_LABELS } from '../../../shared/talent.ts';
import { isEmptyValue } from './empty.ts';

/** Lower-cased spellings and abbreviations → the canonical name (COMMON_LANGUAGES spelling). */
const ALIASES: Record<string, string> = {};
const add = (name: string, ...spellings: string[]) => {
  for (const s of [name.toLowerCase(), ...spellings]) ALIASES[s] = name;
};
add('Hindi', 'hin', 'hnd', 'hindhi', 'hindustani', 'हिंदी', 'हिन्दी');
add('English', 'eng', 'engl', 'en', 'englsh', 'inglish', 'अंग्रेज़ी', 'अंग्रेजी', 'इंग्लिश');
add('Marathi', 'mar', 'mara', 'marathi', 'मराठी');
add('Tamil', 'tam', 'tamizh', 'தமிழ்', 'तमिल');
add('Telugu', 'tel', 'tel.', 'telegu', 'తెలుగు', 'तेलुगु');
add('Bengali', 'ben', 'beng', 'bangla', 'bengla', 'বাংলা', 'बंगाली', 'बांग्ला');
add('Gujarati', 'guj', 'gujrati', 'gujarathi', 'ગુજરાતી', 'गुजराती');
add('Punjabi', 'pun', 'punj', 'pnj', 'panjabi', 'ਪੰਜਾਬੀ', 'पंजाबी');
add('Malayalam', 'mal', 'mala', 'malyalam', 'മലയാളം', 'मलयालम');
add('Kannada', 'kan', 'kann', 'kannad', 'canarese', 'ಕನ್ನಡ', 'कन्नड़');
add('Urdu', 'urd', 'اردو', 'उर्दू');
add('Bhojpuri', 'bhoj', 'bhojp', 'भोजपुरी');
add('Haryanvi', 'har', 'hary', 'हरियाणवी');
add('Odia', 'oriya', 'ori', 'odiya', 'ଓଡ଼ିଆ', 'ओड़िया');
add('Assamese', 'asm', 'assam', 'অসমীয়া');
add('Konkani', 'kon', 'konk', 'कोंकणी');
add('Rajasthani', 'raj', 'marwari', 'marwadi', 'राजस्थानी');
add('Sindhi', 'sin', 'sindi', 'सिंधी');
add('Kashmiri', 'kas', 'kash', 'कश्मीरी');
add('Tulu', 'tcy');
add('French', 'fre', 'fr');
add('Spanish', 'spa', 'esp');
add('German', 'ger');
add('Arabic', 'arb', 'ara');

/** " and " between two languages ("Hindi and English"), looked at one character either side. */
const AND = /^\sand(?:\s|$)/i;

/** Splits a cell into languages; a bracket is one language's note ("Hindi (read/write/speak)"), never split. */
function splitLanguages(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && /[,;/&+|\n]/.test(c)) {
      parts.push(raw.slice(from, i));
      from = i + 1;
    } else if (depth === 0 && i > 0 && AND.test(raw.slice(i - 1, i + 4))) {
      parts.push(raw.slice(from, i));
      from = i + 3;
    }
  }
  parts.push(raw.slice(from));
  return parts;
}
// "Hindi (native)", "Hindi(Fluent)", "Marathi - fluent", "English: 3", "Tamil – basic"
const WITH_LEVEL = /^(.+?)\s*(?:[([]\s*([^)\]]*?)\s*[)\]]?|\s[-–:]\s*(.+)|[-–:]\s*(\S.*))$/;
const FLUENCY_WORDS: [RegExp, number][] = [
  [/\b(?:native|mother ?tongue|first|mt)\b/, 5],
  [/\b(?:fluent|fluently|excellent|expert|very good|v\.? ?good)\b/, 4],
  [/\b(?:professional|good|working|comfortable)\b/, 3],
  [/\b(?:conversational|intermediate|medium|average|ok|okay|decent)\b/, 2],
  [/\b(?:basic|beginner|learning|some|little|weak|understands?|understanding)\b/, 1],
];
const FLUENT = 4;

/** The canonical name for a language spelling; an unknown one is kept, capitalised. */
export function canonicalLanguageName(s: string): string {
  const t = s.trim().replace(/\.$/, '');
  const known = ALIASES[t.toLowerCase()];
  if (known) return known;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export const isKnownLanguage = (s: string): boolean => ALIASES[s.trim().toLowerCase()] !== undefined;

function fluencyOf(level: string): number | undefined {
  const l = level.trim().toLowerCase();
  if (!l) return undefined;
  const n = Number(l);
  if (Number.isInteger(n) && n >= 1 && n <= 5) return n;
  const byLabel = FLUENCY_LABELS.findIndex((x) => x && x.toLowerCase() === l);
  if (byLabel > 0) return byLabel;
  return FLUENCY_WORDS.find(([re]) => re.test(l))?.[1];
}

export interface LanguageSkill {
  language: string;
  fluency: number;
}

/** Every language in a cell, each once (the highest fluency given wins). A bare language counts as fluent. */
export function parseLanguageList(raw: string): LanguageSkill[] {
  if (isEmptyValue(raw)) return [];
  const out: LanguageSkill[] = [];
  const put = (language: string, fluency: number) => {
    if (!language || isEmptyValue(language)) return;
    const existing = out.find((l) => l.language === language);
    if (existing) existing.fluency = Math.max(existing.fluency, fluency);
    else out.push({ language, fluency });
  };
  for (const part of splitLanguages(raw)) {
    const p = part.trim();
    if (!p) continue;
    const m = WITH_LEVEL.exec(p);
    const name = m ? m[1]! : p;
    const level = m ? (m[2] ?? m[3] ?? m[4] ?? '') : '';
    // "Hindi-English": what follows the dash is another language, not a level.
    if (level && isKnownLanguage(level) && fluencyOf(level) === undefined) {
      put(canonicalLanguageName(name), FLUENT);
      put(canonicalLanguageName(level), FLUENT);
      continue;
    }
    put(canonicalLanguageName(name), fluencyOf(level) ?? FLUENT);
  }
  return out;
}
