import { describe, expect, it } from 'vitest';
import { analyzePages } from '../../src/backend/script/analyze.ts';
import { fromMacRoman, looksMacRoman, repairMacRoman } from '../../src/backend/script/macroman.ts';
import { pagesOf } from './fixtures/lines.ts';

describe('Mac Roman text layers', () => {
  it('reads Latin-1 letters back as the Mac Roman punctuation they were', () => {
    expect(fromMacRoman('RANIÕS ÒChalo.Ó Ruko ÑnahiÉ 10Ð12 ÔhaanÕ cafŽ')).toBe(
      'RANI’S “Chalo.” Ruko —nahi… 10–12 ‘haan’ café',
    );
  });

  it('detects the pattern from where the letters stand, not from their presence', () => {
    expect(looksMacRoman(['RANIÕS MOTHER', 'She waitsÉ', 'ÒKab aaoge?Ó she asks.'])).toBe(true);
    // Real accented capitals in Spanish or Portuguese names are left as they are.
    expect(looksMacRoman(['EXT. CAFÉ CORAZÓN - NIGHT', 'NUÑEZ', 'JOÃO and SÉRGIO arrive.'])).toBe(false);
    // One stray letter is not a document's encoding.
    expect(looksMacRoman(['donÕt', 'Nothing else here.'])).toBe(false);
  });

  it('repairs the whole document before classification, and says so', () => {
    const lines = [
      'INT. RANIÕS FLAT - NIGHT',
      '',
      'ÒNot again,Ó says nobody. The fan creaksÉ',
      '',
      '22|RANIÕS MOTHER',
      '10|Kahan thi tuÑitni raat ko?',
      '',
      '22|RANI',
      '10|DonÕt start, Ma.',
    ];
    const a = analyzePages(pagesOf(lines), { fileName: 'x.pdf', metadataTitle: null, warnings: [] });
    expect(a.characters.map((c) => [c.name, c.speeches])).toEqual([
      ["RANI'S MOTHER", 1],
      ['RANI', 1],
    ]);
    expect(a.scenes.find((s) => s.index === 1)!.location).toBe('RANI’S FLAT');
    expect(a.warnings.some((w) => /Mac Roman/.test(w))).toBe(true);
  });

  it('leaves a document without the pattern untouched', () => {
    const pages = pagesOf(['INT. CAFÉ - DAY', '', '22|JOSÉ', '10|Hola.']);
    expect(repairMacRoman(pages).pages).toBe(pages);
  });
});
