/**
 * Devanagari typed in a legacy font (Kruti Dev, DevLys, Chanakya...): the font draws Hindi letters for
 * plain ASCII codes, so the text layer reads as Latin garbage ("gS" for है, "ugha" for नहीं, "esa" for
 * में). It cannot be turned back into Hindi reliably, so it is reported clearly instead of analysed into
 * garbage names. Found by the fonts' names where the file shows them, else by the words themselves.
 */
import { ScriptError } from './errors.ts';
import type { PageText } from './types.ts';

const LEGACY_FONTS: Array<[RegExp, string]> = [
  [/kruti/i, 'Kruti Dev'],
  [/devlys/i, 'DevLys'],
  [/chanakya/i, 'Chanakya'],
  [/shusha/i, 'Shusha'],
  [/shree[-_ ]?dev/i, 'Shree Dev'],
  [/aps[-_ ]?dv/i, 'APS-DV'],
  [/kundli/i, 'Kundli'],
];

/** The legacy Hindi fonts a PDF names (uncompressed font dictionaries; compressed ones go unseen). */
export function legacyFontNames(data: Uint8Array): string[] {
  const text = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 16 << 20)).toString(
    'latin1',
  );
  const found = new Set<string>();
  for (const m of text.matchAll(/\/(?:BaseFont|FontName)\s*\/([^\s/<>[\]()]{1,80})/g)) {
    const name = m[1]!.replace(/^[A-Z]{6}\+/, '');
    for (const [re, family] of LEGACY_FONTS) if (re.test(name)) found.add(family);
  }
  return [...found];
}

/**
 * Hindi function words as a Kruti Dev keyboard types them (है, हैं, नहीं, में, मैं, का, की, के, को, से, और,
 * तो, भी, पर, हो, कि, यह, वह, क्या, तुम, आप, था, थी, थे, रहा, रही, एक, ये, वो, मुझे, गया, दिया, अब, जो,
 * लिए, साथ, बात, कुछ, चलो, अभी, बहुत, लेकिन, फिर, तक). None is an English or Hinglish word.
 */
const KRUTI_WORDS = new Set(
  'gS gSa ugha esa eSa dk dh ds dks ls vkSj rks Hkh ij gks fd ;g og D;k rqe vki Fkk Fkh Fks jgk jgh ,d ;s oks eq>s x;k fn;k vc tks fy, lkFk ckr dqN pyks vHkh cgqr ysfdu fQj rd'.split(
    ' ',
  ),
);

/** Share of a document's Latin words that are legacy-font Hindi function words. */
export function legacyEvidence(texts: Iterable<string>): { words: number; hits: number } {
  let words = 0;
  let hits = 0;
  for (const t of texts) {
    for (const raw of t.split(/\s+/)) {
      if (!/[A-Za-z]/.test(raw) || /[^\x21-\x7e]/.test(raw)) continue;
      words++;
      // "A" is the danda (।) in Kruti Dev; quotes and stops stand outside words.
      const w = raw.replace(/^["'(]+|["').!?]+$/g, '');
      if (KRUTI_WORDS.has(w) || (w.endsWith('A') && KRUTI_WORDS.has(w.slice(0, -1)))) hits++;
    }
  }
  return { words, hits };
}

function message(family: string | null, part: boolean): string {
  const font = family ?? 'Kruti Dev style';
  const what = part ? 'Some of this script is' : 'This script is';
  return `${what} typed in a legacy Hindi font (${font}); its text cannot be read as Hindi. Export it again with a Unicode font such as Mangal or Noto Sans Devanagari.`;
}

/**
 * Throws GARBLED_TEXT with a legacy-font message when most of the text is legacy-font Hindi; returns a
 * warning when part of it is (the rest is still analysed), else null.
 */
export function checkLegacyHindi(pages: PageText[], fontFamilies: string[] = []): string | null {
  const texts = function* () {
    for (const p of pages) for (const l of p.lines) yield l.text;
  };
  const { words, hits } = legacyEvidence(texts());
  const family = fontFamilies[0] ?? null;
  // Function words are a quarter or more of Hindi prose; one in thirty is already a lot of legacy text.
  const enough = family ? hits >= 3 : hits >= 8 && hits >= words * 0.03;
  if (!enough) return null;
  if (hits >= words * 0.1) throw new ScriptError('GARBLED_TEXT', message(family, false));
  return message(family, true);
}
