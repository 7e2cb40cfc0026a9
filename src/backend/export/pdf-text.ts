// Text for the PDF writers (deck, sides, breakdown): pdf-lib and fontkit loaded on first use, and a Unicode
// font found on the machine so that Devanagari names print as text. The standard PDF fonts cover WinAnsi only;
// text they cannot draw goes to the Unicode font, else shows as '?'.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';

/** Where a Devanagari-capable TrueType font usually is: Debian/Ubuntu (fonts-noto-core), Fedora/Arch, Windows. */
export const DEVANAGARI_FONT_PATHS = [
  '/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf',
  '/usr/share/fonts/noto/NotoSansDevanagari-Regular.ttf',
  '/usr/share/fonts/google-noto/NotoSansDevanagari-Regular.ttf',
  '/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf',
  'C:\\Windows\\Fonts\\Nirmala.ttf',
  'C:\\Windows\\Fonts\\mangal.ttf',
];

/** The bytes of the first Devanagari font found, or null (then such text prints as '?'). */
export async function findDevanagariFont(paths = DEVANAGARI_FONT_PATHS): Promise<Uint8Array | null> {
  const path = paths.find((p) => existsSync(p));
  return path ? readFile(path) : null;
}

const WIN_ANSI_CHARS =
  '\\u0020-\\u007e\\u00a0-\\u00ff\\u2013\\u2014\\u2018\\u2019\\u201c\\u201d\\u2022\\u2026';
const WIN_ANSI_RUN = new RegExp(`([${WIN_ANSI_CHARS}]+)`);
const WIN_ANSI_ONLY = new RegExp(`^[${WIN_ANSI_CHARS}]+$`);

/** True when the standard fonts can draw every character. */
export const isWinAnsi = (s: string): boolean => s === '' || WIN_ANSI_ONLY.test(s);

/** pdf-lib and fontkit, loaded here: ~160 ms that the app's start would otherwise pay. */
export async function loadPdfLib() {
  const [lib, { default: fontkit }] = await Promise.all([
    import('pdf-lib'),
    // fontkit's Indic shaper (Devanagari) is compiled with regenerator and expects its runtime as a global:
    // the runtime is loaded first.
    import('regenerator-runtime/runtime.js').then(() => import('@pdf-lib/fontkit')),
  ]);
  return { ...lib, fontkit };
}
export type PdfLib = Awaited<ReturnType<typeof loadPdfLib>>;

/** Draws mixed-script text: WinAnsi runs in the standard font, the rest in the Unicode font. */
export class TextWriter {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly unicode: PDFFont | null;
  constructor(regular: PDFFont, bold: PDFFont, unicode: PDFFont | null) {
    this.regular = regular;
    this.bold = bold;
    this.unicode = unicode;
  }

  /** A document's writer: Helvetica, Helvetica-Bold, and the Unicode font when given and needed. */
  static async create(lib: PdfLib, doc: PDFDocument, fontBytes: Uint8Array | null): Promise<TextWriter> {
    const regular = await doc.embedFont(lib.StandardFonts.Helvetica);
    const bold = await doc.embedFont(lib.StandardFonts.HelveticaBold);
    let unicode: PDFFont | null = null;
    if (fontBytes) {
      doc.registerFontkit(lib.fontkit);
      unicode = await doc.embedFont(fontBytes, { subset: true });
    }
    return new TextWriter(regular, bold, unicode);
  }

  runs(s: string, f: PDFFont): Array<{ text: string; font: PDFFont }> {
    const out: Array<{ text: string; font: PDFFont }> = [];
    for (const part of s.replace(/[\r\n\t]+/g, ' ').split(WIN_ANSI_RUN)) {
      if (!part) continue;
      if (WIN_ANSI_ONLY.test(part)) out.push({ text: part, font: f });
      else if (this.unicode) out.push({ text: part, font: this.unicode });
      else out.push({ text: '?'.repeat([...part].length), font: f });
    }
    return out;
  }

  width(s: string, size: number, f: PDFFont = this.regular): number {
    return this.runs(s, f).reduce((n, r) => n + r.font.widthOfTextAtSize(r.text, size), 0);
  }

  /** The text shortened with an ellipsis to fit the width. */
  fit(s: string, size: number, w: number, f: PDFFont = this.regular): string {
    let t = s;
    while (t.length > 1 && this.width(t, size, f) > w) t = `${t.slice(0, -2)}…`.replace(/……$/, '…');
    return t;
  }

  draw(
    page: PDFPage,
    s: string,
    o: { x: number; y: number; size: number; font?: PDFFont; maxWidth?: number; color?: RGB },
  ): void {
    const f = o.font ?? this.regular;
    const text = o.maxWidth ? this.fit(s, o.size, o.maxWidth, f) : s;
    let x = o.x;
    for (const r of this.runs(text, f)) {
      page.drawText(r.text, {
        x,
        y: o.y,
        size: o.size,
        font: r.font,
        ...(o.color ? { color: o.color } : {}),
      });
      x += r.font.widthOfTextAtSize(r.text, o.size);
    }
  }

  /** Word-wrapped lines that fit the width (long words are cut). */
  wrap(s: string, size: number, w: number, f: PDFFont = this.regular): string[] {
    const lines: string[] = [];
    for (const para of s.split(/\r?\n/)) {
      let line = '';
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const next = line ? `${line} ${word}` : word;
        if (this.width(next, size, f) <= w) line = next;
        else {
          if (line) lines.push(line);
          line = this.width(word, size, f) <= w ? word : this.fit(word, size, w, f);
        }
      }
      lines.push(line);
    }
    return lines;
  }

  /** The recipient watermark, diagonal and translucent, across the page. */
  watermark(lib: PdfLib, page: PDFPage, text: string): void {
    const { width, height } = page.getSize();
    const size = Math.min(40, (Math.hypot(width, height) * 0.8) / Math.max(1, this.width(text, 1)));
    const angle = Math.atan2(height, width);
    const w = this.width(text, size);
    // Centre the rotated line on the page.
    const x = width / 2 - (Math.cos(angle) * w) / 2 + (Math.sin(angle) * size) / 3;
    const y = height / 2 - (Math.sin(angle) * w) / 2 - (Math.cos(angle) * size) / 3;
    let cx = x;
    let cy = y;
    for (const r of this.runs(text, this.bold)) {
      page.drawText(r.text, {
        x: cx,
        y: cy,
        size,
        font: r.font,
        color: lib.rgb(0.55, 0.55, 0.6),
        opacity: 0.25,
        rotate: lib.radians(angle),
      });
      const rw = r.font.widthOfTextAtSize(r.text, size);
      cx += Math.cos(angle) * rw;
      cy += Math.sin(angle) * rw;
    }
  }
}
