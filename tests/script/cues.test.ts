/**
 * Classes of cue, name and heading mistakes seen in real scripts, each as a small generated page set:
 * character lists and speech counts must come out exact.
 */
import { describe, expect, it } from 'vitest';
import { analyzePages } from '../../src/backend/script/analyze.ts';
import { pagesOf } from './fixtures/lines.ts';

const analyse = (script: string[]) =>
  analyzePages(pagesOf(script), { fileName: 'test.pdf', metadataTitle: null, warnings: [] });
const speechesOf = (a: ReturnType<typeof analyse>) =>
  Object.fromEntries(a.characters.map((c) => [c.name, c.speeches]));
const headings = (a: ReturnType<typeof analyse>) =>
  a.scenes.filter((s) => s.index > 0).map((s) => [s.number, s.heading]);

const OPEN = ['INT. PLATFORM 4 - DAY', '', 'Crowds. A train is late.', ''];

describe('names as printed', () => {
  it('keeps dotted abbreviations and ampersands, and merges re-spaced spellings', () => {
    const a = analyse([
      ...OPEN,
      '22|P.A. ANNOUNCER',
      '10|Train number one two nine five one is late.',
      '',
      '22|DR. MEHTA',
      '10|Again?',
      '',
      '22|MR. & MRS. KAPOOR',
      '10|Always.',
      '',
      '22|P. A. ANNOUNCER (V.O.)',
      '10|We regret the delay.',
      '',
      '22|DR.MEHTA',
      '10|Of course you do.',
    ]);
    expect(speechesOf(a)).toEqual({ 'P.A. ANNOUNCER': 2, 'DR. MEHTA': 2, 'MR. & MRS. KAPOOR': 1 });
  });

  it('drops revision marks after a cue and still reads it as a cue', () => {
    const a = analyse([
      ...OPEN,
      '22|RAHUL †',
      '10|Kahan hai?',
      '',
      '22|ANJALI*',
      '10|Yahin.',
      '',
      '22|RAHUL (CONT’D) ‡',
      '10|Dikh nahi raha.',
      '',
      '22|ANJALI<<gap>>62|*',
      '10|Peeche dekh.',
      '',
      '22|RAHUL<<gap>>62|14',
      '10|Mil gaya.',
      '',
      '22|VENDOR **',
      '10|Chai!',
    ]);
    expect(speechesOf(a)).toEqual({ RAHUL: 3, ANJALI: 2, VENDOR: 1 });
  });
});

describe('Devanagari and mixed Hinglish cues', () => {
  it('reads Devanagari names and a Latin name with its Devanagari spelling as one character', () => {
    const a = analyse([
      ...OPEN,
      '22|राज',
      '10|Kahan ho tum?',
      '',
      '22|PRIYA (प्रिया)',
      '10|Yahin hoon.',
      '',
      '22|PRIYA',
      '10|Aa jao.',
      '',
      '22|श्रीमती वर्मा',
      '10|चाय लोगे?',
    ]);
    expect(speechesOf(a)).toEqual({ राज: 1, PRIYA: 2, 'श्रीमती वर्मा': 1 });
  });
});

describe('speeches split by a page break', () => {
  const page1 = [
    ...OPEN,
    '22|RAHUL',
    '10|Main ek baat bolun? Yeh kahani',
    '10|bahut lambi hai aur',
    '22|(MORE)',
    '\f',
  ];
  it.each([
    ['a page number right above CONTINUED:', ['60|2.', 'CONTINUED:', '', '22|RAHUL (CONT’D)']],
    [
      'a running header right above CONTINUED:',
      ['40|Blue Rev. 02/12/26 2.', 'CONTINUED: (2)', '22|RAHUL (CONT’D)'],
    ],
    [
      'CONTINUED: with scene numbers',
      ['60|2.', '', '-8|14<<gap>>0|CONTINUED:<<gap>>64|14', '', '22|RAHUL (CONT’D)'],
    ],
  ])('continues the speech after %s', (_label, top) => {
    const a = analyse([
      ...page1,
      ...(top as string[]),
      '10|abhi khatam nahi hui.',
      '',
      '22|ANJALI',
      '10|Chup.',
      '\f',
      ...(top as string[]).slice(0, -1).map((l) => l.replace('2.', '3.')),
      'She leaves.',
    ]);
    expect(speechesOf(a)).toEqual({ RAHUL: 1, ANJALI: 1 });
    const rahul = a.speeches.find((s) => s.character === 'RAHUL')!;
    expect(rahul.words).toBe(14);
    expect(a.speeches.every((s) => s.rects.every((r) => Number.isFinite(r.x)))).toBe(true);
  });
});

describe('text that is not a character', () => {
  it('skips a title card on page 2 behind a placeholder title page', () => {
    const a = analyse([
      '',
      '',
      '',
      '',
      '24|DRAFT',
      '\f',
      '',
      '',
      '',
      '',
      '17|THE MONSOON FILES',
      '',
      '21|written by',
      '',
      '20|MEERA RAO',
      '19|ARJUN DESAI',
      '',
      '',
      '15|Based on a story by',
      '17|KAVITA NAIR',
      '\f',
      ...OPEN,
      '22|RAHUL',
      '10|Chalo.',
    ]);
    expect(speechesOf(a)).toEqual({ RAHUL: 1 });
  });

  it('does not take chapter cards and day markers for cues or headings', () => {
    const a = analyse([
      '25|CHAPTER 4 - THE CITY',
      '',
      ...OPEN,
      '22|RAHUL',
      '10|Kitne baje?',
      '',
      '28|PART TWO',
      '',
      '28|2ND DAY',
      '',
      'EXT. MARINE DRIVE - NIGHT',
      '',
      '28|DAY 3',
      '28|THE SEA FRONT',
      '',
      'Waves.',
      '',
      '22|ANJALI',
      '10|Aa gaye?',
      '',
      '2ND DAY',
      '',
      'CHAPTER FIVE',
      '',
      'Rain.',
    ]);
    expect(speechesOf(a)).toEqual({ RAHUL: 1, ANJALI: 1 });
    expect(headings(a)).toEqual([
      [null, 'INT. PLATFORM 4 - DAY'],
      [null, 'EXT. MARINE DRIVE - NIGHT'],
    ]);
  });

  it('does not take wrapped shot lines laid out like cues for characters', () => {
    const a = analyse([
      ...OPEN,
      '22|INSERT - THE LETTER',
      '22|IN ANJALI’S HAND',
      '10|"Do not come back."',
      '',
      'CLOSE ON',
      'THE TORN ENVELOPE',
      '10|Postmarked Pune.',
      '',
      '22|RAHUL',
      '10|Pune?',
    ]);
    expect(speechesOf(a)).toEqual({ RAHUL: 1 });
  });

  it('keeps a cold open in its own group before the first scene', () => {
    const a = analyse([
      'FADE IN:',
      '',
      '22|NEWS ANCHOR (V.O.)',
      '10|Heavy rain in Mumbai today.',
      '',
      ...OPEN,
      '22|RAHUL',
      '10|Phir se.',
    ]);
    expect(a.scenes[0]!.index).toBe(0);
    expect(a.scenes[0]!.speakers.map((s) => s.name)).toEqual(['NEWS ANCHOR']);
  });
});

describe('scene headings', () => {
  it('joins a heading that wraps onto a second line, also across a page break', () => {
    const a = analyse([
      'INT. KITCHEN - RAO FAMILY FLAT - BANDRA WEST, MUMBAI -',
      'CONTINUOUS',
      '',
      'Steam.',
      '',
      '22|RAHUL',
      '10|Chai?',
      '',
      'Rain on the glass.',
      '',
      'EXT. THE LONG ROAD FROM THE STATION TO THE OLD FORT OF',
      '\f',
      'SINHAGAD - NIGHT',
      '',
      'Headlights.',
      '',
      '22|ANJALI',
      '10|Ruko.',
    ]);
    expect(headings(a)).toEqual([
      [null, 'INT. KITCHEN - RAO FAMILY FLAT - BANDRA WEST, MUMBAI - CONTINUOUS'],
      [null, 'EXT. THE LONG ROAD FROM THE STATION TO THE OLD FORT OF SINHAGAD - NIGHT'],
    ]);
    expect(a.scenes.find((s) => s.index === 1)!.timeOfDay).toBe('CONTINUOUS');
    expect(a.scenes.find((s) => s.index === 2)!.timeOfDay).toBe('NIGHT');
    expect(speechesOf(a)).toEqual({ RAHUL: 1, ANJALI: 1 });
  });

  it('joins a scene number on its own line to the slug under it', () => {
    const a = analyse([
      'Scene 12',
      'INT. FLAT - DAY',
      '',
      'Rain.',
      '',
      'SCENE 13',
      '',
      'EXT. ROAD - NIGHT',
      '',
      'Cars.',
    ]);
    expect(a.scenes.map((s) => [s.index, s.number, s.heading])).toEqual([
      [1, '12', 'INT. FLAT - DAY'],
      [2, '13', 'EXT. ROAD - NIGHT'],
    ]);
  });

  it('keeps a bracketed year or time as part of the heading', () => {
    const a = analyse([
      'EXT. CHAWL ROOFTOP - NIGHT (1984)',
      '',
      'Kites.',
      '',
      '12 INT. MILL - DAY (10:30 AM) 12',
      '',
      'Looms.',
    ]);
    expect(headings(a)).toEqual([
      [null, 'EXT. CHAWL ROOFTOP - NIGHT (1984)'],
      ['12', 'INT. MILL - DAY (10:30 AM)'],
    ]);
  });

  it('reads combined interior/exterior prefixes and lettered numbers on either side', () => {
    const a = analyse([
      'EXT/INT. RAHUL’S CAR - MOVING - NIGHT',
      '',
      'Wipers.',
      '',
      'INT/EXT. AUTO RICKSHAW - DAY',
      '',
      'Honking.',
      '',
      'I/E. CHAWL CORRIDOR - EVENING',
      '',
      'Children.',
      '',
      '10A INT. STAIRWELL - NIGHT',
      '',
      'Dark.',
      '',
      'INT. TERRACE - NIGHT 10C',
      '',
      'Stars.',
    ]);
    expect(a.scenes.map((s) => [s.number, s.heading, s.interior])).toEqual([
      [null, 'EXT/INT. RAHUL’S CAR - MOVING - NIGHT', 'INT/EXT'],
      [null, 'INT/EXT. AUTO RICKSHAW - DAY', 'INT/EXT'],
      [null, 'I/E. CHAWL CORRIDOR - EVENING', 'INT/EXT'],
      ['10A', 'INT. STAIRWELL - NIGHT', 'INT'],
      ['10C', 'INT. TERRACE - NIGHT', 'INT'],
    ]);
  });

  it('reads Hindi-film scene codes with reel numbers and "Day, Interiors" lines', () => {
    const a = analyse([
      'R2/14B I/E. HAVELI COURTYARD - DAY',
      '',
      'Pigeons.',
      '',
      '22|THAKUR',
      '10|Bulao usse.',
      '',
      '15C. I/E. HAVELI GATE - NIGHT',
      '',
      'Torches.',
      '',
      'Sc. 16',
      'Day, Interiors',
      'Sharma Residence - Living Room',
      '',
      'Ma dusts the photographs.',
      '',
      '22|MAA',
      '10|Aa gaya?',
      '',
      'Night / Exterior',
      'Railway Crossing',
      '',
      'A train roars past.',
    ]);
    expect(a.scenes.map((s) => [s.number, s.interior, s.location, s.timeOfDay])).toEqual([
      ['R2/14B', 'INT/EXT', 'HAVELI COURTYARD', 'DAY'],
      ['15C', 'INT/EXT', 'HAVELI GATE', 'NIGHT'],
      ['16', 'INT', 'SHARMA RESIDENCE - LIVING ROOM', 'DAY'],
      [null, 'EXT', 'RAILWAY CROSSING', 'NIGHT'],
    ]);
    expect(speechesOf(a)).toEqual({ THAKUR: 1, MAA: 1 });
  });

  it('reads the same blocks written in Hindi', () => {
    const a = analyse([
      'दृश्य 7',
      'रात / अंदर',
      'शर्मा निवास - रसोई',
      '',
      'Bartan.',
      '',
      'दिन, बाहर',
      'रेलवे फाटक',
      '',
      'Train.',
    ]);
    expect(a.scenes.map((s) => [s.number, s.interior, s.location, s.timeOfDay])).toEqual([
      ['7', 'INT', 'शर्मा निवास - रसोई', 'रात'],
      [null, 'EXT', 'रेलवे फाटक', 'दिन'],
    ]);
  });
});

describe('introductions', () => {
  it('takes the sentences of the first action naming the character, without cue furniture', () => {
    const a = analyse([
      ...OPEN,
      'A taxi stops. VIKRAM (40s), tired, steps out with a file. He looks around. INSPECTOR RAO (50) waits by the pillar, chewing paan.',
      '',
      '22|VIKRAM',
      '10|Rao saab.',
      '',
      '22|INSPECTOR RAO',
      '10|Late.',
    ]);
    const vikram = a.characters.find((c) => c.name === 'VIKRAM')!;
    expect(vikram.intro).toBe('VIKRAM (40s), tired, steps out with a file. He looks around.');
    const rao = a.characters.find((c) => c.name === 'INSPECTOR RAO')!;
    expect(rao.intro).toBe('INSPECTOR RAO (50) waits by the pillar, chewing paan.');
    expect(rao.age).toMatchObject({ min: 50, max: 50 });
  });

  it('takes the intro from the first action naming a character who first speaks off screen', () => {
    const a = analyse([
      ...OPEN,
      '22|MEERA (O.S.)',
      '10|Koi hai?',
      '',
      'Footsteps. VIKRAM looks up from the bench.',
      '',
      '22|VIKRAM',
      '10|Idhar.',
      '',
      'MEERA (30s), in a wet raincoat, steps onto the platform. She shakes out her umbrella. VIKRAM (cont’d) waves.',
      '',
      '22|MEERA (CONT’D)',
      '10|Train kab hai?',
    ]);
    const meera = a.characters.find((c) => c.name === 'MEERA')!;
    expect(meera.intro).toBe(
      'MEERA (30s), in a wet raincoat, steps onto the platform. She shakes out her umbrella.',
    );
    expect(meera.age).toMatchObject({ min: 30, max: 39 });
    expect(meera.gender?.value).toBe('female');
    const vikram = a.characters.find((c) => c.name === 'VIKRAM')!;
    expect(vikram.intro).toBe('VIKRAM looks up from the bench.');
    // Never named in action: no intro rather than cue text.
    const b = analyse([...OPEN, '22|ANNOUNCER (V.O.)', '10|Platform badal gaya hai.']);
    expect(b.characters[0]!.intro).toBeNull();
  });
});
