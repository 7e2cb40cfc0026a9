import { ScriptError } from './errors.ts';
import type { PageText } from './types.ts';

/** Visible characters on a page (spaces aside). */
function visibleChars(p: PageText): number {
  let n = 0;
  for (const l of p.lines) for (const ch of l.text) if (ch !== ' ') n++;
  return n;
}

/** Pages with (almost) no text: a page of a script carries far more than 40 characters. */
export function pagesWithoutText(pages: PageText[]): number[] {
  return pages.filter((p) => visibleChars(p) < 40).map((p) => p.page);
}

/** Whether the document has a text layer at all (a scan has none, or a few stray characters). */
export function hasTextLayer(pages: PageText[]): boolean {
  const chars = pages.reduce((n, p) => n + visibleChars(p), 0);
  const withText = pages.length - pagesWithoutText(pages).length;
  return pages.length === 0 || (chars >= 20 * pages.length * 0.2 && withText >= pages.length * 0.2);
}

/**
 * Rejects documents whose text layer is missing (scans) or unreadable (fonts without a Unicode mapping,
 * which pdf.js reports as control characters, private-use code points or consonant soup).
 */
export function checkTextQuality(pages: PageText[], noTextMessage?: string): void {
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
    throw new ScriptError('NO_TEXT_LAYER', noTextMessage);
  }
  if (bad > chars * 0.15 || (latinWords >= 50 && vowelless > latinWords * 0.35)) {
    throw new ScriptError('GARBLED_TEXT');
  }
}
