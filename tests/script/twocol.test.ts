/** Two-column table scripts built line by line: the layout is found from where the columns stand. */
import { describe, expect, it } from 'vitest';
import { analyzePages } from '../../src/backend/script/analyze.ts';
import { pagesOf } from './fixtures/lines.ts';

const analyse = (script: string[]) =>
  analyzePages(pagesOf(script), { fileName: 'test.pdf', metadataTitle: null, warnings: [] });
const speechesOf = (a: ReturnType<typeof analyse>) =>
  Object.fromEntries(a.characters.map((c) => [c.name, c.speeches]));

// Names at the margin, speech from 16 characters in; "<<gap>>" separates the cells.
const row = (name: string, text: string) => `0|${name}<<gap>>16|${text}`;
const cont = (text: string) => `16|${text}`;

describe('two-column scripts', () => {
  it('reads name cells beside speeches, wrapped names and rows without padding', () => {
    const a = analyse([
      'Scene 1',
      'Night / Interior',
      'Rao Family Flat - Kitchen',
      '',
      row('PRIYA', 'Kitne baje aaoge?'),
      row('RAHUL', 'Pata nahi yaar, traffic'),
      cont('bahut hai aaj.'),
      row('INSPECTOR', 'Darwaza kholo.'),
      '0|SHARMA',
      row('PRIYA', '(softly)'),
      cont('Kaun hai?'),
      row('RAHUL', 'Police.'),
      '',
      cont('(The kettle whistles.)'),
      '',
      row('INSPECTOR', 'Aap log ghar pe'),
      row('SHARMA', 'the kal raat?'),
      '',
      row('PRIYA', 'Haan.'),
      '',
      row('RAHUL', 'Nahi.'),
    ]);
    expect(a.layout).toBe('flat');
    expect(speechesOf(a)).toEqual({ PRIYA: 3, RAHUL: 3, 'INSPECTOR SHARMA': 2 });
    expect(a.scenes.find((s) => s.index === 1)).toMatchObject({
      number: '1',
      location: 'RAO FAMILY FLAT - KITCHEN',
      timeOfDay: 'NIGHT',
    });
    // Wrapped speeches are one speech each; the stage direction standing alone in the right column is
    // neither a speech nor part of "Police.".
    expect(a.speeches.map((s) => s.words)).toEqual([3, 7, 2, 2, 1, 7, 1, 1]);
  });

  it('drops separators, reel numbers and timecodes, and never takes stamps for names', () => {
    const tc = (n: number) => `01:0${n}:12:0${n}`;
    const lines = ['DUBBING COPY', '', '-12|REEL<<gap>>-8|TC IN<<gap>>0|CHARACTER<<gap>>16|DIALOGUE'];
    for (let i = 0; i < 4; i++) {
      lines.push(`-12|R${i + 1}<<gap>>-8|${tc(i)}<<gap>>0|MEERA :<<gap>>16|Chalo, der ho rahi hai.`);
      lines.push(cont('Jaldi karo.'), '');
      lines.push(`-12|R${i + 1}<<gap>>-8|${tc(i + 5)}<<gap>>0|DEV<<gap>>14|:<<gap>>16|Bas do minute.`, '');
    }
    lines.push('0|SOUND & VISION STUDIOS<<gap>>16|All rights reserved.');
    const a = analyse(lines);
    expect(speechesOf(a)).toEqual({ MEERA: 4, DEV: 4 });
    // The timecodes and separators are not spoken words.
    expect(a.speeches.map((s) => s.words)).toEqual([7, 3, 7, 3, 7, 3, 7, 3]);
  });
});
