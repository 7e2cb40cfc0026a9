import type { AgeHint, GenderHint } from '../../shared/script.ts';

const DECADES: Record<string, number> = {
  teens: 10,
  twenties: 20,
  thirties: 30,
  forties: 40,
  fifties: 50,
  sixties: 60,
  seventies: 70,
  eighties: 80,
  nineties: 90,
};

function decadeRange(qual: string | undefined, base: number): [number, number] {
  if (base === 10) return [13, 19];
  const q = (qual ?? '').toLowerCase();
  if (q.startsWith('early')) return [base, base + 3];
  if (q.startsWith('mid')) return [base + 3, base + 6];
  if (q.startsWith('late')) return [base + 6, base + 9];
  return [base, base + 9];
}

const QUAL = '(early|mid|late)?[\\s-]*';
const AGE_PATTERNS: Array<{ re: RegExp; build: (m: RegExpExecArray) => [number, number] | null }> = [
  { re: /^\s*[,(]\s*(\d{1,2})\s*[-–to]+\s*(\d{1,2})\s*\)?/i, build: (m) => [Number(m[1]), Number(m[2])] },
  {
    re: new RegExp(`^\\s*[,(]\\s*${QUAL}(\\d)0\\s*'?s\\b`, 'i'),
    build: (m) => decadeRange(m[1], Number(m[2]) * 10),
  },
  {
    re: new RegExp(
      `^\\s*[,(]\\s*${QUAL}(teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\\b`,
      'i',
    ),
    build: (m) => decadeRange(m[1], DECADES[m[2]!.toLowerCase()]!),
  },
  {
    re: /^\s*[,(]\s*(\d{1,3})\s*(?:yrs?|years?(?:\s+old)?|y\.?o\.?)?\s*[),]/i,
    build: (m) => [Number(m[1]), Number(m[1])],
  },
  { re: /^\s*\(\s*(\d{1,3})\s*$/i, build: (m) => [Number(m[1]), Number(m[1])] },
  { re: /^\s*,\s*(\d{1,3})\s*(?:[.;]|$)/i, build: (m) => [Number(m[1]), Number(m[1])] },
];
const SENTENCE_AGE: Array<{ re: RegExp; build: (m: RegExpExecArray) => [number, number] | null }> = [
  {
    re: new RegExp(`\\b(?:in\\s+(?:his|her|their)\\s+)${QUAL}(\\d)0\\s*'?s\\b`, 'i'),
    build: (m) => decadeRange(m[1], Number(m[2]) * 10),
  },
  {
    re: new RegExp(
      `\\b(?:in\\s+(?:his|her|their)\\s+)${QUAL}(teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\\b`,
      'i',
    ),
    build: (m) => decadeRange(m[1], DECADES[m[2]!.toLowerCase()]!),
  },
  { re: /\b(\d{1,2})[-\s](?:year|yr)s?[-\s]old\b/i, build: (m) => [Number(m[1]), Number(m[1])] },
];

/** Parses an age hint from the text right after a character's name in its introduction. */
export function parseAge(after: string): AgeHint | null {
  const head = after.slice(0, 60);
  for (const p of AGE_PATTERNS) {
    const m = p.re.exec(head);
    if (m) {
      const r = p.build(m);
      if (r && r[0] <= r[1] && r[1] <= 110)
        return { min: r[0], max: r[1], text: m[0].replace(/^[\s,(]+|[\s,)]+$/g, '') };
    }
  }
  const sentence = after.split(/(?<=[.!?])\s/)[0] ?? after;
  for (const p of SENTENCE_AGE) {
    const m = p.re.exec(sentence.slice(0, 200));
    if (m) {
      const r = p.build(m);
      if (r && r[0] <= r[1] && r[1] <= 110) return { min: r[0], max: r[1], text: m[0].trim() };
    }
  }
  return null;
}

const FEMALE_TITLES =
  /^(?:MRS|MS|MISS|SMT|SHRIMATI|KUMARI|KU|MADAM|MADAME|LADY|AUNTY|AUNTIE|DADI|NANI|MAA|MA|MOTHER|SISTER|SIS|GIRL|WOMAN|BIBI|BEGUM|DIDI|BHABHI|QUEEN|RANI|MAUSI|BUA|CHACHI|MAMI|GRANDMA|GRANNY|NURSE|MOM|MUM|WIFE|DAUGHTER|BRIDE|YOUNG WOMAN|OLD WOMAN)\b/;
const MALE_TITLES =
  /^(?:MR|SHRI|SRI|SIR|UNCLE|DADA|NANA|BHAIYA|BHAI|FATHER|BROTHER|BRO|BOY|MAN|KING|RAJA|CHACHA|MAMA|MAMU|GRANDPA|DAD|PAPA|HUSBAND|SON|GROOM|PANDIT|YOUNG MAN|OLD MAN|MASTER|SAHEB|SAHIB|BABU)\b/;
const FEMALE_WORDS =
  /\b(she|her|hers|herself|woman|women|girl|lady|wife|mother|daughter|sister|actress|grandmother|aunt|bride|queen|heroine|housewife|widow|mom|mum|girlfriend|niece)\b/gi;
const MALE_WORDS =
  /\b(he|his|him|himself|man|men|boy|guy|husband|father|son|brother|actor|grandfather|uncle|groom|king|hero|widower|dad|boyfriend|nephew|gentleman)\b/gi;

/** Gender hint: from an honorific in the name, else from the words of the introducing sentence. */
export function parseGender(name: string, after: string): GenderHint | null {
  const n = name.toUpperCase().replace(/\./g, '');
  const ft = FEMALE_TITLES.exec(n);
  if (ft) return { value: 'female', cue: ft[0] };
  const mt = MALE_TITLES.exec(n);
  if (mt) return { value: 'male', cue: mt[0] };
  // "RAHUL (28), her colleague, ...": a possessive right after the name points at someone else, and so
  // does an object pronoun after a preposition ("jogs behind her").
  const own = after
    .replace(/^\s*(?:\([^)]*\))?\s*,\s*(?:his|her|their)\b[^,.;]*/i, '')
    .replace(
      /\b(?:behind|with|to|at|for|from|beside|towards?|past|near|on|of|about|by|after|before|than|like)\s+(?:him\b|her(?=\s*(?:[.,;:!?]|$|\s+(?:with|and|to|as|while|in|into|on|at|from)\b)))/gi,
      ' ',
    );
  const text = (
    own
      .split(/(?<=[.!?])\s+/)
      .slice(0, 2)
      .join(' ') || own
  ).slice(0, 300);
  const f = text.match(FEMALE_WORDS) ?? [];
  const m = text.match(MALE_WORDS) ?? [];
  if (f.length > m.length) return { value: 'female', cue: f[0]!.toLowerCase() };
  if (m.length > f.length) return { value: 'male', cue: m[0]!.toLowerCase() };
  return null;
}

/** Cue furniture that leaks into action text when a cue line was not read as one. */
const CUE_FURNITURE_RE =
  /\s*\(\s*(?:cont(?:'|’)?d|continued|v\.?\s?o\.?|o\.?\s?s\.?|o\.?\s?c\.?|more)\s*\)/gi;
const ABBREVIATION_RE =
  /(?:^|[\s(])(?:mr|mrs|ms|dr|st|jr|sr|prof|insp|capt|lt|col|gen|sgt|no|vs|etc|smt|shri|[a-z])\.$/i;
const PRONOUN_START_RE = /^["“]?(?:he|she|they|his|her|their|him|it)\b/i;

/** Splits prose into sentences, not at the dots of abbreviations ("DR. MEHTA", "P.A."). */
export function sentences(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  const re = /[.!?…]+["”’)]*\s+(?=["“(]?[\p{Lu}\p{Lo}\d])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const stop = m.index + m[0].trimEnd().length;
    if (ABBREVIATION_RE.test(text.slice(Math.max(start, m.index - 6), m.index + 1))) continue;
    out.push({ start, end: stop });
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

/**
 * A character's introduction: the sentence of an action paragraph that names them, and the sentences
 * right after it that go on about them ("He looks around."), without cue furniture.
 */
export function introSentences(text: string, at: number): string {
  const ss = sentences(text);
  const i = ss.findIndex((s) => at >= s.start && at < s.end + 1);
  if (i < 0) return text.replace(CUE_FURNITURE_RE, '').trim();
  let end = i;
  while (end + 1 < ss.length && PRONOUN_START_RE.test(text.slice(ss[end + 1]!.start, ss[end + 1]!.end)))
    end++;
  return text.slice(ss[i]!.start, ss[end]!.end).replace(CUE_FURNITURE_RE, '').replace(/\s+/g, ' ').trim();
}
