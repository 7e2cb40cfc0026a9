import { ScriptError } from './errors.ts';
import type { PageText } from './types.ts';

/**
 * Rejects documents whose text layer is missing (scans) or unreadable (fonts without a Unicode mapping,
 * which pdf.js reports as control characters, private-use code points or consonant soup).
 */
export function checkTextQuality(pages: PageText[]): void {
  let chars = 0;
  let bad = 0;
  let latinWords = 0;
  let vowelless = 0;
  let pagesWithText = 0;
  for (const p of pages) {
    let pageChars = 0;
    for (const l of p.lines) {
      for (const ch of l.text) {
        if (ch === ' ') continue;
        chars++;
        pageChars++;
        const c = ch.codePointAt(0)!;
        if (
          c < 0x20 ||
          (c >= 0x7f && c < 0xa0) ||
          (c >= 0xe000 && c <= 0xf8ff) ||
          c === 0xfffd ||
          c >= 0xf0000
        )
          bad++;
      }
      for (const w of l.text.split(/\s+/)) {
        const letters = w.replace(/[^A-Za-z]/g, '');
        if (letters.length >= 4 && letters.length === w.replace(/[^\p{L}]/gu, '').length) {
          latinWords++;
          if (!/[aeiouyAEIOUY]/.test(letters)) vowelless++;
        }
      }
    }
    if (pageChars >= 40) pagesWithText++;
  }
  if (pages.length > 0 && (chars < 20 * pages.length * 0.2 || pagesWithText < pages.length * 0.2)) {
    throw new ScriptError('NO_TEXT_LAYER');
  }
  if (bad > chars * 0.15 || (latinWords >= 50 && vowelless > latinWords * 0.35)) {
    throw new ScriptError('GARBLED_TEXT');
  }
}
