// 100,000 talents for the headshot name matcher, many sharing a first name (as an office's database does):
// the same deterministic list for the behaviour test and for `npm run bench -- names`.
import type { MatchableTalent } from '../../src/backend/headshots/match.ts';

const FIRSTS = ['Priya', 'Pooja', 'Prakash', 'Rahul', 'Rohan', 'Sunita', 'Shreya', 'Amit', 'Anita', 'Kavya'];

export function manyTalents(count = 100_000): MatchableTalent[] {
  let seed = 7;
  const letter = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(97 + (seed % 26));
  };
  const word = () => Array.from({ length: 7 }, letter).join('');
  return Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    fullName: `${FIRSTS[i % FIRSTS.length]} ${word()}`,
    stageName: null,
    nativeName: null,
    primaryHeadshot: null,
  }));
}
