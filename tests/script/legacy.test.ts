import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../src/backend/script/errors.ts';
import { checkLegacyHindi, legacyEvidence, legacyFontNames } from '../../src/backend/script/legacy.ts';
import { analyzePdfBytes } from '../../src/backend/script/pipeline.ts';
import { pagesOf } from './fixtures/lines.ts';
import { rng } from './fixtures/screenplay.ts';

// Hindi as a Kruti Dev keyboard types it: "तुम कहाँ थे? मैं घर में नहीं था।" and the like.
const KRUTI = (
  'rqe dgk¡ Fks eSa ?kj esa ugha Fkk vkSj og Hkh ;gk¡ ugha gS D;k gqvk ckcwth us dgk Fkk dy lqcg Ldwy esa feyuk gS ' +
  'pk; ihvksxs vHkh ugha ;g ckr rks lgh gS ysfdu eq>s ugha irk fQj ls cksyks ge pyrs gSa'
).split(' ');

function krutiLines(r: () => number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 6 + Math.floor(r() * 8);
    out.push(Array.from({ length: len }, () => KRUTI[Math.floor(r() * KRUTI.length)]).join(' '));
  }
  return out;
}

/** A script typed wholly in Kruti Dev: ASCII codes drawn by a font named KrutiDev-010. */
async function krutiPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.CourierBold);
  const r = rng(7);
  for (let p = 0; p < 3; p++) {
    const page = doc.addPage([612, 792]);
    krutiLines(r, 40).forEach((t, i) => {
      page.drawText(t.replace(/[^\x20-\x7e]/g, ''), { x: 72, y: 720 - i * 14, size: 11, font });
    });
  }
  const bytes = await doc.save({ useObjectStreams: false });
  // Same length, so the cross-reference table stays right.
  const text = Buffer.from(bytes).toString('latin1').replaceAll('/Courier-Bold', '/KrutiDev-010');
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

describe('legacy-font Hindi (Kruti Dev style)', () => {
  it('names the legacy font in the file and refuses the text with a clear message', async () => {
    const pdf = await krutiPdf();
    expect(legacyFontNames(pdf)).toEqual(['Kruti Dev']);
    const err = await analyzePdfBytes(pdf, { fileName: 'kruti.pdf' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScriptError);
    expect((err as ScriptError).code).toBe('GARBLED_TEXT');
    expect((err as ScriptError).message).toMatch(/legacy Hindi font \(Kruti Dev\).*Unicode font/);
  });

  it('recognises the text without a font name, from its words', () => {
    const pages = pagesOf(['INT. HAVELI - NIGHT', '', ...krutiLines(rng(3), 30)]);
    expect(() => checkLegacyHindi(pages)).toThrow(/legacy Hindi font \(Kruti Dev style\)/);
  });

  it('warns, and lets the rest be analysed, when only part of the script is legacy-font text', () => {
    const english = Array.from(
      { length: 120 },
      (_, i) => `Line ${i}: the rain keeps falling on the tin roof of the chawl.`,
    );
    const warning = checkLegacyHindi(pagesOf([...english, ...krutiLines(rng(5), 6)]));
    expect(warning).toMatch(/^Some of this script is typed in a legacy Hindi font/);
  });

  it('leaves English, Hinglish and Unicode Devanagari alone', () => {
    const text = [
      'Arre yaar kya hua tum kahan the, main wait kar rahi thi.',
      'The builder knows more than he is telling us. Chalo nikalte hain.',
      'क्या हुआ तुम कहाँ थे मैं घर जा रही हूँ',
    ];
    expect(legacyEvidence(text).hits).toBe(0);
    expect(checkLegacyHindi(pagesOf(Array.from({ length: 60 }, (_, i) => text[i % 3]!)))).toBeNull();
  });
});
