// The breakdown document's PDF draws through the shared TextWriter: Devanagari prints as text where a font
// is found, and as '?' (never a crash) where none is.
import { describe, expect, it } from 'vitest';
import { breakdownPdf } from '../../src/backend/export/breakdown-pdf.ts';
import { findDevanagariFont } from '../../src/backend/export/pdf-text.ts';
import { pageTexts } from './read-pdf.ts';

const doc = {
  title: 'चॉल (The Chawl)',
  roles: [
    {
      title: 'मीरा / MEERA',
      facts: ['Age: 28–32', 'Languages: Marathi, Hindi'],
      sections: [{ heading: 'DESCRIPTION', lines: ['Sharp-eyed, runs the chawl’s tiffin service.'] }],
    },
  ],
};

describe('breakdown PDF', () => {
  it('prints Devanagari role names as text with a Devanagari font', async () => {
    const font = await findDevanagariFont();
    expect(font, 'fonts-noto-core provides NotoSansDevanagari (installed by .ci/run)').not.toBeNull();
    const text = (await pageTexts(await breakdownPdf(doc, font))).join('\n');
    expect(text).toContain('मीरा');
    expect(text).toContain('MEERA');
    expect(text).toContain('Sharp-eyed');
  });

  it('prints "?" for Devanagari without a font, and keeps the Latin text', async () => {
    const text = (await pageTexts(await breakdownPdf(doc, null))).join('\n');
    expect(text).not.toContain('मीरा');
    expect(text).toContain('???? / MEERA');
    expect(text).toContain('Languages: Marathi, Hindi');
  });
});
