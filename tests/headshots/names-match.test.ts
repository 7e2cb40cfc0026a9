import { describe, expect, it } from 'vitest';
import {
  createMatcher,
  jaroWinkler,
  type MatchableTalent,
  nameSimilarity,
  normalizeName,
} from '../../src/backend/headshots/match.ts';
import { deriveName } from '../../src/backend/headshots/names.ts';
import { manyTalents } from '../support/many-names.ts';

describe('deriveName', () => {
  const cases: [string, string[], string | null, 'file' | 'folder' | null][] = [
    ['Priya_Sharma_02.jpg', [], 'Priya Sharma', 'file'],
    ['priya-sharma.jpeg', [], 'Priya Sharma', 'file'],
    ['1.jpg', ['Agency X', 'Priya Sharma'], 'Priya Sharma', 'folder'],
    ['IMG_1234.JPG', ['Priya Sharma'], 'Priya Sharma', 'folder'],
    ['DSC_0042.jpg', [], null, null],
    ['PXL_20240101_123456789.jpg', [], null, null],
    ['WhatsApp Image 2024-03-01 at 10.22.33.jpeg', ['Rohan Mehra'], 'Rohan Mehra', 'folder'],
    ['PriyaSharma final copy (1).png', [], 'Priya Sharma', 'file'],
    ['Rohan Mehra headshot 2023 HQ.jpg', [], 'Rohan Mehra', 'file'],
    ['ROHAN.MEHRA.JPG', [], 'Rohan Mehra', 'file'],
    ['Anita DSouza B.jpg', [], 'Anita DSouza', 'file'],
    ['प्रिया_शर्मा_01.jpg', [], 'प्रिया शर्मा', 'file'],
    ['अमिताभ बच्चन फोटो 2.png', [], 'अमिताभ बच्चन', 'file'],
    ['003.jpg', ['Downloads', 'शाहरुख़ ख़ान'], 'शाहरुख़ ख़ान', 'folder'],
    ['final.jpg', ['headshots'], null, null],
  ];
  for (const [file, folders, name, source] of cases) {
    it(`${[...folders, file].join('/')} → ${name}`, () => {
      expect(deriveName(file, folders)).toEqual({ name, source });
    });
  }
});

describe('normalizeName / similarity', () => {
  it('folds case, Latin diacritics and separators but keeps Devanagari intact', () => {
    expect(normalizeName('  Zoë_ÅNGSTRÖM-Smith ')).toBe('zoe angstrom smith');
    expect(normalizeName("Anita D'Souza")).toBe('anita dsouza');
    expect(normalizeName('प्रिया  शर्मा')).toBe('प्रिया शर्मा');
    // nukta variants are written interchangeably
    expect(normalizeName('शाहरुख़ ख़ान')).toBe(normalizeName('शाहरुख खान'));
  });

  it('Jaro-Winkler has the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('is order-insensitive and tolerant of one typo, not of a different surname', () => {
    expect(nameSimilarity('sharma priya', 'priya sharma')).toBe(1);
    expect(nameSimilarity('priya sarma', 'priya sharma')).toBeGreaterThan(0.95);
    expect(nameSimilarity('priyasharma', 'priya sharma')).toBe(1);
    expect(nameSimilarity('priya verma', 'priya sharma')).toBeLessThan(0.93);
  });
});

describe('createMatcher', () => {
  const T: MatchableTalent[] = [
    {
      id: 'priya',
      fullName: 'Priya Sharma',
      stageName: null,
      nativeName: 'प्रिया शर्मा',
      primaryHeadshot: null,
    },
    { id: 'priyav', fullName: 'Priya Verma', stageName: null, nativeName: null, primaryHeadshot: null },
    {
      id: 'srk',
      fullName: 'Shah Rukh Khan',
      stageName: 'SRK',
      nativeName: 'शाहरुख़ ख़ान',
      primaryHeadshot: null,
    },
    { id: 'zoe', fullName: 'Zoë Ångström', stageName: null, nativeName: null, primaryHeadshot: null },
    { id: 'r1', fullName: 'Rohan Mehra', stageName: null, nativeName: null, primaryHeadshot: null },
    { id: 'r2', fullName: 'Rohan  Mehra', stageName: null, nativeName: null, primaryHeadshot: null },
    { id: 'kavya', fullName: 'Kavya Sen', stageName: 'Kavya', nativeName: null, primaryHeadshot: null },
  ];
  const match = createMatcher(T);
  const matched = (q: string, id: string) => {
    const r = match(q);
    expect(r.status).toBe('matched');
    if (r.status === 'matched') expect(r.talentId).toBe(id);
  };

  it('matches confident names (full, stage, native; typos; word order; accents)', () => {
    matched('Priya Sharma', 'priya');
    matched('Sharma Priya', 'priya');
    matched('Priya Sarma', 'priya');
    matched('Priyasharma', 'priya');
    matched('Zoe Angstrom', 'zoe');
    matched('Shahrukh Khan', 'srk');
    matched('Kavya', 'kavya');
  });

  it('matches Devanagari names against native_name, nukta-insensitively', () => {
    matched('प्रिया शर्मा', 'priya');
    matched('शाहरुख खान', 'srk');
    const r = match('प्रिया शर्मा');
    expect(r.candidates[0]?.matchedOn).toBe('native_name');
  });

  it('is ambiguous for namesakes and for a lone first name shared by several people', () => {
    const twins = match('Rohan Mehra');
    expect(twins.status).toBe('ambiguous');
    expect(twins.candidates.map((c) => c.talentId).sort()).toEqual(['r1', 'r2']);
    const priya = match('Priya');
    expect(priya.status).toBe('ambiguous');
    expect(priya.candidates.map((c) => c.talentId).sort()).toEqual(['priya', 'priyav']);
  });

  it('is unmatched for strangers and for no name', () => {
    expect(match('Amit Kumar')).toEqual({ status: 'unmatched', candidates: [] });
    expect(match(null)).toEqual({ status: 'unmatched', candidates: [] });
    expect(match('अमिताभ बच्चन').status).toBe('unmatched');
  });

  it('never offers a clearly different name for a folder named for a person (near-miss Indian names)', () => {
    const people: MatchableTalent[] = [
      ['priyanka', 'Priyanka Sharma'],
      ['supriya', 'Supriya Verma'],
      ['priyav', 'Priya Verma'],
      ['arif', 'Mohammed Arif'],
      ['ansh', 'Ansh Mehta'],
      ['anshul', 'Anshul Mehta'],
      ['deepika', 'Deepika Rao'],
      ['deepak', 'Deepak Rao'],
      ['rakesh', 'Rakesh Kumar'],
      ['mukesh', 'Mukesh Kumar'],
      ['kavita', 'Kavitha Nair'],
      ['sanjana', 'Sanjana Iyer'],
    ].map(([id, fullName]) => ({
      id: id!,
      fullName: fullName!,
      stageName: null,
      nativeName: null,
      primaryHeadshot: null,
    }));
    const m = createMatcher(people);
    const offered = (q: string) => m(q).candidates.map((c) => c.talentId);
    // A name inside another name, or one letter's sound apart at the start, is a different person.
    expect(offered('Priya Sharma')).toEqual([]);
    expect(m('Priya Sharma').status).toBe('unmatched');
    expect(offered('Priya Verma')).toEqual(['priyav']);
    expect(offered('Ansh Mehta')).toEqual(['ansh']);
    expect(offered('Deepak Rao')).toEqual(['deepak']);
    expect(offered('Rakesh Kumar')).toEqual(['rakesh']);
    expect(offered('Sanjay Iyer')).toEqual([]);
    expect(offered('Supriya Sharma')).toEqual([]);
    // Spellings of one name still match: a known variant, and a typo.
    expect(m('Mohd Arif')).toMatchObject({ status: 'matched', talentId: 'arif' });
    expect(m('Md. Arif')).toMatchObject({ status: 'matched', talentId: 'arif' });
    expect(m('Kavita Nair')).toMatchObject({ status: 'matched', talentId: 'kavita' });
    expect(m('Priyanka Sarma')).toMatchObject({ status: 'matched', talentId: 'priyanka' });
    expect(nameSimilarity('priya sharma', 'priyanka sharma')).toBeLessThan(0.8);
    expect(nameSimilarity('priya sharma', 'supriya verma')).toBeLessThan(0.8);
  });

  // Its speed is measured by `npm run bench -- names`; here, that it still finds the one right person.
  it('finds the right person among 100,000 talents, many sharing first names', () => {
    const many = manyTalents();
    many.push(T[0]!);
    const m = createMatcher(many);
    expect(m('Priya Sharma')).toMatchObject({ status: 'matched', talentId: T[0]!.id });
  });
});
