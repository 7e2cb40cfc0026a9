// The headshot name matcher over 100,000 talents (a folder name → the person), per name, against a same-run
// reference: one plain pass over the same normalised names with String.includes (the least any matcher does).
import { createMatcher, normalizeName } from '../src/backend/headshots/match.ts';
import { manyTalents } from '../tests/support/many-names.ts';

const TARGET_MS = 50;
const talents = manyTalents();
talents.push({
  id: 'me',
  fullName: 'Priya Sharma',
  stageName: null,
  nativeName: null,
  primaryHeadshot: null,
});
const queries = Array.from({ length: 21 }, (_, i) => `Priya Sharma ${'x'.repeat(i)}`);

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const t0 = performance.now();
const m = createMatcher(talents);
const buildMs = performance.now() - t0;

// Each round uses a fresh matcher for the timed names, so its per-name cache does not hide the work.
const perName: number[] = [];
for (let round = 0; round < 5; round++) {
  const fresh = createMatcher(talents);
  const t = performance.now();
  for (const q of queries) fresh(q);
  perName.push((performance.now() - t) / queries.length);
}
if (m('Priya Sharma').status !== 'matched') throw new Error('the matcher no longer finds Priya Sharma');

const norms = talents.map((t) => normalizeName(t.fullName));
const scan: number[] = [];
let hits = 0;
for (let round = 0; round < 5; round++) {
  const t = performance.now();
  for (const q of queries) {
    const n = normalizeName(q);
    for (const s of norms) if (s.includes(n)) hits++;
  }
  scan.push((performance.now() - t) / queries.length);
}

const ms = median(perName);
const ref = median(scan);
console.log(`names.build_matcher_ms=${buildMs.toFixed(0)} talents=${talents.length} (hits ${hits})`);
console.log(`names.match_ms=${ms.toFixed(2)} target<=${TARGET_MS} reference_scan_ms=${ref.toFixed(2)}`);
console.log(`BENCH names match_100k_ms=${ms.toFixed(2)} ratio_vs_scan=${(ms / ref).toFixed(2)}`);
