import { describe, expect, it } from 'vitest';
import { analyzePages } from '../../src/backend/script/analyze.ts';
import { pagesOf } from './fixtures/lines.ts';

const analyse = (script: string[]) =>
  analyzePages(pagesOf(script), { fileName: 'test.pdf', metadataTitle: null, warnings: [] });
const speechesOf = (a: ReturnType<typeof analyse>) =>
  Object.fromEntries(a.characters.map((c) => [c.name, c.speeches]));

// A page of standard screenplay: action at 0, dialogue at 10, parenthetical at 16, cue at 22 characters.
const SCENE = [
  'INT. CHAWL - NIGHT',
  '',
  'RAHUL (28) sits on the step. ANJALI, 60s, watches him.',
  '',
  '22|RAHUL',
  '10|Kya hua, Maa? Sab theek hai?',
  '',
  '22|ANJALI',
  '16|(quietly)',
  '10|Khana kha le.',
  '',
];

describe('screenplay layout', () => {
  it('treats a cue repeated after (MORE) at the top of the next page as the same speech', () => {
    const a = analyse([
      ...SCENE,
      '22|RAHUL',
      '10|Main ek baat bolun? Yeh kahani',
      '22|(MORE)',
      '\f',
      '22|RAHUL (CONT’D)',
      '10|abhi khatam nahi hui.',
      '',
      '22|ANJALI',
      '10|Chup.',
      '',
      '22|RAHUL (CONT’D)',
      '10|Theek hai.',
    ]);
    // The second RAHUL (CONT'D) follows ANJALI: it is a new speech; the one after (MORE) is not.
    expect(speechesOf(a)).toEqual({ RAHUL: 3, ANJALI: 2 });
    const split = a.speeches.find((s) => s.rects.some((r) => r.page === 2) && s.page === 1)!;
    expect(split.character).toBe('RAHUL');
    expect(split.words).toBe(10);
  });

  it('does not take capitals in action, transitions or shots for cues', () => {
    const a = analyse([
      ...SCENE,
      'SILENCE.',
      '',
      '22|BOOM!',
      '',
      'The door SLAMS. RAHUL jumps.',
      '',
      'CLOSE ON - THE LETTER',
      '',
      '50|CUT TO:',
      '',
      'EXT. STREET - CONTINUOUS',
      '',
      '22|McCOY (O.S.)',
      '10|Oi! Taxi!',
    ]);
    expect(a.characters.map((c) => c.name).sort()).toEqual(['ANJALI', 'MCCOY', 'RAHUL']);
    expect(a.scenes.map((s) => s.heading)).toEqual(['INT. CHAWL - NIGHT', 'EXT. STREET - CONTINUOUS']);
  });

  it('reads numbers on both sides, revision marks and page furniture', () => {
    const a = analyse([
      '60|2.',
      '',
      '-8|12<<gap>>0|INT. CHAWL - NIGHT<<gap>>64|12',
      '',
      'Rahul waits.<<gap>>66|*',
      '',
      '22|RAHUL',
      '10|Maa?',
      '',
      '-8|12A<<gap>>0|EXT. CHAWL - NIGHT<<gap>>64|12A',
      '',
      '22|ANJALI',
      '10|Andar aa.',
    ]);
    expect(a.scenes.map((s) => [s.number, s.heading])).toEqual([
      ['12', 'INT. CHAWL - NIGHT'],
      ['12A', 'EXT. CHAWL - NIGHT'],
    ]);
    expect(a.scenes[0]!.revised).toBe(true);
    expect(a.scenes[1]!.revised).toBe(false);
  });

  it('splits dual dialogue into two speakers', () => {
    const a = analyse([
      ...SCENE,
      '6|RAHUL<<gap>>38|ANJALI',
      '0|Main jaa raha hoon.<<gap>>32|Kahin nahi jaoge.',
      '0|Abhi.<<gap>>32|Baith.',
      '',
    ]);
    const dual = a.speeches.filter((s) => s.dual);
    expect(dual.map((s) => [s.character, s.words])).toEqual([
      ['RAHUL', 5],
      ['ANJALI', 4],
    ]);
  });

  it('parses introductions: ages and gender hints', () => {
    const a = analyse(SCENE);
    const rahul = a.characters.find((c) => c.name === 'RAHUL')!;
    expect(rahul.intro).toContain('RAHUL (28)');
    expect(rahul.age).toEqual({ min: 28, max: 28, text: '28' });
    const anjali = a.characters.find((c) => c.name === 'ANJALI')!;
    expect(anjali.age).toMatchObject({ min: 60, max: 69 });
    expect(rahul.firstPage).toBe(1);
    expect(rahul.firstScene).toBe(1);
  });
});

describe('Word-style layouts', () => {
  it('reads NAME: dialogue lines, Title-case names and Devanagari names', () => {
    const a = analyse([
      'SCENE 12 - INT. CHAWL - NIGHT',
      '',
      'Rahul sits on the step.',
      '',
      'RAHUL: Kya hua, Maa?',
      '',
      'Anjali: (softly) Kuch nahi beta. Khana',
      'kha le.',
      '',
      'राहुल: मुझे भूख नहीं है।',
      '',
      'Anjali: Chup.',
      '',
      'NOTE: the scene is lit by a single bulb.',
      '',
      'SC. 13 EXT. STREET - DAY',
      '',
      'राहुल: ठीक है।',
    ]);
    expect(a.layout).toBe('flat');
    expect(speechesOf(a)).toEqual({ RAHUL: 1, ANJALI: 2, राहुल: 2 });
    expect(a.scenes.map((s) => [s.number, s.location, s.timeOfDay])).toEqual([
      ['12', 'CHAWL', 'NIGHT'],
      ['13', 'STREET', 'DAY'],
    ]);
    const anjali = a.characters.find((c) => c.name === 'ANJALI')!;
    expect(anjali.words).toBe(7); // "(softly)" is a direction; the wrapped line is dialogue
  });

  it('reads names standing on their own line above dialogue', () => {
    const a = analyse([
      'Sc. 4 Int. Kitchen - Morning',
      '',
      'Steam rises from the pot.',
      '',
      'PRIYA',
      'Chai bani?',
      '',
      'Dadi',
      'Haan, le ja.',
      '',
      'Dadi',
      'Aur biscuit bhi.',
      '',
      'THE END',
    ]);
    expect(speechesOf(a)).toEqual({ DADI: 2, PRIYA: 1 });
    expect(a.scenes).toHaveLength(1);
    expect(a.scenes[0]!.timeOfDay).toBe('MORNING');
  });
});

describe('titles', () => {
  it('takes the title from a title page and skips its credits', () => {
    const a = analyse([
      '',
      '',
      '',
      '',
      '',
      '',
      '20|"GHAR WAPSI"',
      '',
      '22|Written by',
      '',
      '21|Meera Rao',
      '\f',
      ...SCENE,
    ]);
    expect(a.title).toBe('GHAR WAPSI');
    expect(a.hasTitlePage).toBe(true);
    expect(a.characters.every((c) => c.firstPage === 2)).toBe(true);
  });

  it('falls back to the file name', () => {
    expect(analyse(SCENE).title).toBe('test');
  });
});

describe('producer quirks', () => {
  it('reads Word lines that separate the name with a dash', () => {
    const a = analyse([
      'SCENE 1 - INT. DHABA - NIGHT',
      '',
      'RAHUL – Do chai, bhaiya.',
      '',
      'BHOLA – Abhi laya.',
      '',
      'RAHUL – Aur ek bun maska.',
      '',
      'BHOLA – Ho gaya.',
      '',
      'TRUCK DRIVERS - all of them - turn to look.',
    ]);
    expect(speechesOf(a)).toEqual({ RAHUL: 2, BHOLA: 2 });
  });
});

describe('multi-camera format', () => {
  it('keeps double-spaced dialogue and parentheticals in one speech', () => {
    const a = analyse([
      'INT. LIVING ROOM - NIGHT',
      '',
      '22|PAPA',
      '10|WHERE IS THE REMOTE?',
      '',
      '16|(beat)',
      '',
      '10|I SAID, WHERE IS IT?',
      '',
      '22|BUNTY',
      '10|UNDER YOUR CUSHION, PAPA.',
      '',
      'Papa finds it.',
    ]);
    expect(a.speeches.map((s) => [s.character, s.words])).toEqual([
      ['PAPA', 9],
      ['BUNTY', 4],
    ]);
  });
});
