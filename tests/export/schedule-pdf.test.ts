// The day's audition schedule as PDF draws through the shared TextWriter: a Devanagari name or place prints as
// text where a Devanagari font is found, and as '?' (never a crash) where none is; long cells are shortened.
import { describe, expect, it } from 'vitest';
import { findDevanagariFont } from '../../src/backend/export/pdf-text.ts';
import { tablePdf } from '../../src/backend/export/schedule-pdf.ts';
import type { PdfTable } from '../../src/shared/casting.ts';
import { pageTexts } from './read-pdf.ts';

const table: PdfTable = {
  title: 'Monsoon Diaries — auditions, 14 Dec 2026',
  subtitle: 'Role: PRIYA',
  header: ['Start', 'Talent', 'Place', 'Notes'],
  rows: [
    ['10:00', 'मीरा देसाई', 'जुहू स्टूडियो', 'Bring sides'],
    ['10:30', 'Ravi Menon', 'Juhu', `Long note ${'word '.repeat(60)}`],
  ],
  widths: [1, 3, 3, 3],
};

describe('schedule PDF', () => {
  it('prints Devanagari names and places as text with a Devanagari font', async () => {
    const font = await findDevanagariFont();
    expect(font, 'fonts-noto-core provides NotoSansDevanagari (installed by .ci/run)').not.toBeNull();
    const text = (await pageTexts(await tablePdf(table, font))).join('\n');
    expect(text).toContain('मीरा');
    expect(text).toContain('जुहू');
    expect(text).toContain('Ravi Menon');
    expect(text).toContain('…'); // the long note was shortened to its column
    expect(text).not.toContain('word word word word word word word word word word word word word word word');
  });

  it('prints "?" for Devanagari without a font, and keeps the Latin text', async () => {
    const text = (await pageTexts(await tablePdf(table, null))).join('\n');
    expect(text).not.toContain('मीरा');
    expect(text).toMatch(/\?{3,}/);
    expect(text).toContain('Bring sides');
  });
});
