import { describe, expect, it } from 'vitest';
import { parseAge, parseGender } from '../../src/backend/script/intro.ts';
import {
  isContinuedExtension,
  isNameText,
  isShot,
  isTransition,
  nameKey,
  parseBareSlug,
  parseHeading,
  splitCue,
} from '../../src/backend/script/patterns.ts';

describe('scene headings', () => {
  it.each([
    ['INT. KITCHEN - DAY', null, 'INT', 'KITCHEN', 'DAY'],
    ['EXT. MARINE DRIVE - NIGHT', null, 'EXT', 'MARINE DRIVE', 'NIGHT'],
    ['INT./EXT. TAXI - MOVING - DAY', null, 'INT/EXT', 'TAXI - MOVING', 'DAY'],
    ['I/E CAR - CONTINUOUS', null, 'INT/EXT', 'CAR', 'CONTINUOUS'],
    ['EST. MUMBAI SKYLINE - DAWN', null, null, 'MUMBAI SKYLINE', 'DAWN'],
    ['12 INT. KITCHEN - DAY 12', '12', 'INT', 'KITCHEN', 'DAY'],
    ['12A. EXT. ROOF - NIGHT', '12A', 'EXT', 'ROOF', 'NIGHT'],
    ['EXT. ROOF - NIGHT 14', '14', 'EXT', 'ROOF', 'NIGHT'],
    ['SCENE 12 - INT. CHAWL - NIGHT', '12', 'INT', 'CHAWL', 'NIGHT'],
    ['SC. 7 EXT. BEACH – DAY', '7', 'EXT', 'BEACH', 'DAY'],
    ['Sc 7: Ext. Beach - Day', '7', 'EXT', 'Beach', 'DAY'],
    ['SCENE 4 - CHAWL - NIGHT', '4', null, 'CHAWL', 'NIGHT'],
    ['Int. Kitchen - Morning', null, 'INT', 'Kitchen', 'MORNING'],
    ['INT. HOSPITAL - CORRIDOR (NIGHT)', null, 'INT', 'HOSPITAL - CORRIDOR', 'NIGHT'],
    ['INT. OFFICE - DAY (FLASHBACK)', null, 'INT', 'OFFICE', 'DAY (FLASHBACK)'],
    ['दृश्य 3 - INT. घर - रात', '3', 'INT', 'घर', 'रात'],
  ])('%s', (text, number, interior, location, time) => {
    const h = parseHeading(text);
    expect(h).not.toBeNull();
    expect(h!.number).toBe(number);
    expect(h!.interior).toBe(interior);
    expect(h!.location.toUpperCase()).toBe(location.toUpperCase());
    expect(h!.timeOfDay).toBe(time);
  });

  it.each([
    'Interior design was her passion.',
    'Internally, she panics.',
    'Extra! Extra!',
    'He walks into the int. office without a word and sits down at the desk by the window.',
    'INTO THE NIGHT',
    'Scenes like this one never end.',
  ])('rejects prose: %s', (text) => {
    expect(parseHeading(text)).toBeNull();
  });

  it('accepts a bare slug only in capitals with a time of day', () => {
    expect(parseBareSlug("RAHUL'S FLAT - NIGHT")?.location).toBe("RAHUL'S FLAT");
    expect(parseBareSlug('LATER')).toBeNull();
    expect(parseBareSlug('Rahul runs - fast')).toBeNull();
  });
});

describe('cues', () => {
  it.each([
    ['RAHUL (V.O.)', 'RAHUL', ['(V.O.)']],
    ["RAHUL (CONT'D)", 'RAHUL', ["(CONT'D)"]],
    ['RAHUL (O.S.) (CONT’D)', 'RAHUL', ['(O.S.)', '(CONT’D)']],
    ['MRS. IYER (INTO PHONE)', 'MRS. IYER', ['(INTO PHONE)']],
    ['RAHUL (cont.)', 'RAHUL', ['(cont.)']],
    ['RAHUL V.O.', 'RAHUL', ['V.O.']],
    ['PRIYA:', 'PRIYA', []],
    ['BOB ^', 'BOB', []],
  ])('%s', (cue, name, ext) => {
    expect(splitCue(cue)).toEqual({ name, extensions: ext });
  });

  it('recognises continued extensions in their spellings', () => {
    for (const e of ["(CONT'D)", '(CONT’D)', '(CONTD)', '(cont.)', '(CONTINUING)', '(CONT)'])
      expect(isContinuedExtension(e), e).toBe(true);
    expect(isContinuedExtension('(V.O.)')).toBe(false);
  });

  it.each([
    'RAHUL',
    'MRS. IYER',
    "DR. D'SOUZA",
    'COP #2',
    'YOUNG PRIYA',
    'McCOY',
    'JEAN-LUC',
    'RAHUL & PRIYA',
    'राधा',
    '2ND OFFICER',
  ])('accepts the name %s', (n) => expect(isNameText(n, true)).toBe(true));

  it.each([
    'SILENCE.',
    'BOOM!',
    'THE END',
    'FADE OUT',
    'CUT TO:',
    'Rahul',
    'WHAT?',
    'A VERY LONG LINE OF CAPITALS THAT IS NOT A NAME',
    '12',
    'LATER',
    'INSERT',
  ])('rejects %s as a strict name', (n) => expect(isNameText(n, true)).toBe(false));

  it('allows capitalised names where case is not strict', () => {
    expect(isNameText('Rahul', false)).toBe(true);
    expect(isNameText('Mrs. Iyer', false)).toBe(true);
    expect(isNameText('the doctor', false)).toBe(false);
  });

  it('normalises names for matching', () => {
    expect(nameKey('Mrs. Iyer')).toBe(nameKey('MRS IYER'));
    expect(nameKey('D’SOUZA')).toBe(nameKey("D'SOUZA"));
  });

  it('knows transitions and shots', () => {
    for (const t of [
      'CUT TO:',
      'SMASH CUT TO:',
      'DISSOLVE TO:',
      'FADE OUT.',
      'FADE IN:',
      'MATCH CUT:',
      'FADE TO BLACK.',
    ])
      expect(isTransition(t), t).toBe(true);
    expect(isTransition('RAHUL')).toBe(false);
    for (const s of [
      'CLOSE ON - THE LETTER',
      'ANGLE ON RAHUL',
      "PRIYA'S POV",
      'INSERT - PHONE SCREEN',
      'BACK TO SCENE',
    ])
      expect(isShot(s), s).toBe(true);
    expect(isShot('Close on the letter.')).toBe(false);
  });
});

describe('introductions', () => {
  it.each([
    [' (28), sharp-eyed', 28, 28],
    [', 60s, in a saree', 60, 69],
    [' (late 20s) jogs in', 26, 29],
    [' (mid-40s), tired', 43, 46],
    [' (early thirties)', 30, 33],
    [', 35, a builder', 35, 35],
    [' (17-19)', 17, 19],
    [', a woman in her forties, sits.', 40, 49],
    [', a 12-year-old boy, runs.', 12, 12],
  ])('age in "%s"', (after, min, max) => {
    expect(parseAge(after)).toMatchObject({ min, max });
  });

  it('finds no age where there is none', () => {
    expect(parseAge(' enters the room.')).toBeNull();
    expect(parseAge(' (V.O.) speaks.')).toBeNull();
  });

  it('reads gender from honorifics and from the introduction', () => {
    expect(parseGender('MRS. IYER', '')?.value).toBe('female');
    expect(parseGender('SHRI VERMA', '')?.value).toBe('male');
    expect(parseGender('PRIYA', ' (28) pushes through with her camera bag.')?.value).toBe('female');
    expect(parseGender('ZOYA', ' (19), a college girl, rolls her eyes.')?.value).toBe('female');
    expect(parseGender('KABIR', ' (35) smiles. He is lying.')?.value).toBe('male');
    // "her colleague" and "behind her" are about someone else.
    expect(parseGender('RAHUL', ' (late 20s), her rumpled colleague, jogs behind her with chai.')).toBeNull();
  });
});
