/**
 * Mac Roman text layers. Older Final Draft versions on the Mac wrote their text as Mac Roman bytes under a
 * font that declares Windows (WinAnsi) encoding, so a reader sees "RANIÕS" for "RANI’S", "ÒHelloÓ" for
 * "“Hello”" and "Ñ" for an em dash. The pattern is detected per document from where these letters stand
 * (an "Õ" between lower-case letters is never Portuguese) and repaired before classification.
 */
import type { PageText } from './types.ts';

/** Mac Roman bytes 0x80–0xFF as Unicode (Apple's table; 0xF0, the Apple logo, is private use). */
const MAC_ROMAN_HIGH =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';
/** Windows-1252 bytes 0x80–0x9F as Unicode; undefined bytes read as the C1 control of the same value. */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * What a Mac Roman byte reads as under WinAnsi → what it meant. Typographic punctuation that WinAnsi
 * itself prints (’ “ – … •) is left alone: in a mixed document it is more likely right than a Mac letter.
 */
const REPAIR: Map<string, string> = (() => {
  const m = new Map<string, string>();
  const mac = [...MAC_ROMAN_HIGH];
  const c1 = [...CP1252_C1];
  for (let b = 0x80; b <= 0xff; b++) {
    const meant = mac[b - 0x80]!;
    const latin1 = String.fromCharCode(b);
    if (b >= 0xa0) m.set(latin1, meant);
    else {
      m.set(latin1, meant); // a C1 control (a reader without the Windows table)
      const win = c1[b - 0x80]!;
      if (/[ŠšŽžŒœŸƒ\u0080-\u009f]/u.test(win)) m.set(win, meant);
    }
  }
  m.set('Ê', ' '); // Mac's no-break space
  return m;
})();

/** Places where a Mac Roman punctuation byte shows as a Latin-1 letter: the evidence. */
const EVIDENCE: RegExp[] = [
  /\p{L}Õ(?:\p{L}|\s|$)/gu, // ’ inside or after a word: "RANIÕS", "donÕt", "girlsÕ"
  /(?:^|[\s(])Ô\p{L}/gu, // ‘ opening a word
  /(?:^|[\s(—-])Ò[\p{L}\d.]/gu, // “ opening a word
  /[\p{L}\d.,!?]Ó(?:[\s),.;:]|$)/gu, // ” closing one
  /\p{Ll}\s?Ñ|Ñ\s?\p{Ll}|\sÑ\s/gu, // — between words
  /\sÐ\s|\dÐ\d/gu, // – between words or numbers
  /\p{Ll}É(?=\s|$)/gu, // … after a word
];
const SUSPECTS = /[ÕÔÒÓÑÐÉ]/gu;

/** Counts the Mac Roman evidence in a text, and the suspect letters standing where real ones could. */
export function macRomanEvidence(text: string): { hits: number; others: number } {
  let hits = 0;
  for (const re of EVIDENCE) hits += text.match(re)?.length ?? 0;
  const suspects = text.match(SUSPECTS)?.length ?? 0;
  return { hits, others: Math.max(0, suspects - hits) };
}

/** Whether a document's text reads as Mac Roman bytes taken for WinAnsi. */
export function looksMacRoman(texts: Iterable<string>): boolean {
  let hits = 0;
  let others = 0;
  for (const t of texts) {
    const e = macRomanEvidence(t);
    hits += e.hits;
    others += e.others;
  }
  return hits >= 2 && hits >= others * 2;
}

/** Re-reads a string's Latin-1 letters as the Mac Roman bytes they were written as. */
export function fromMacRoman(text: string): string {
  let out = '';
  for (const ch of text) out += REPAIR.get(ch) ?? ch;
  return out;
}

/** Repairs every line of a document whose text layer is Mac Roman; returns the pages unchanged otherwise. */
export function repairMacRoman(pages: PageText[]): { pages: PageText[]; repaired: boolean } {
  const texts = function* () {
    for (const p of pages) for (const l of p.lines) yield l.text;
  };
  if (!looksMacRoman(texts())) return { pages, repaired: false };
  const fix = (s: string) => fromMacRoman(s).replace(/\s+/g, ' ').trim();
  return {
    repaired: true,
    pages: pages.map((p) => ({
      ...p,
      lines: p.lines.map((l) => ({
        ...l,
        text: fix(l.text),
        segments: l.segments.map((s) => ({ ...s, text: fix(s.text) })),
      })),
    })),
  };
}
