import type { TalentCandidate } from '../../shared/headshots.ts';
import { nameVariants } from '../talent/name-variants.ts';

/**
 * Fuzzy matching of a derived name against talent full / stage / native names.
 * Similarity is a symmetric soft token-set score (each word's best Jaro-Winkler partner, averaged over
 * both names' words), so word order and a small misspelling barely matter, while a missing surname does.
 * Jaro-Winkler alone rates a name *inside* another highly (Priya ~ Priyanka 0.93, Priya ~ Supriya 0.84), so
 * a pair is a candidate only when every word of the shorter name is the same word in the other: a known
 * spelling variant (Mohd = Mohammed) or a typo's distance away (see sameWord).
 */

/** Lower-case, Latin accents folded, Devanagari nukta/chandrabindu variants folded, separators → one space. */
export function normalizeName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/(?<=\p{Script=Latin})\p{M}+/gu, '') // é → e, but keep Devanagari vowel signs and virama
    .replace(/\u093C/g, '') // nukta: ख़ान and खान are written interchangeably
    .replace(/\u0901/g, '\u0902') // chandrabindu ≈ anusvara
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’`]/g, '') // D'Souza = DSouza
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

const codes = (w: string): number[] => Array.from(w, (c) => c.codePointAt(0)!);

// Match flags reused across calls (names are short): no allocation per comparison.
let flags1 = new Uint8Array(64);
let flags2 = new Uint8Array(64);

/** Jaro-Winkler similarity of two code point sequences (0..1). */
function jaroWinklerCodes(s1: readonly number[], s2: readonly number[]): number {
  const n1 = s1.length;
  const n2 = s2.length;
  if (n1 === 0 || n2 === 0) return 0;
  if (n1 > flags1.length || n2 > flags2.length) {
    flags1 = new Uint8Array(Math.max(n1, n2) * 2);
    flags2 = new Uint8Array(Math.max(n1, n2) * 2);
  }
  flags1.fill(0, 0, n1);
  flags2.fill(0, 0, n2);
  const range = Math.max(0, Math.floor(Math.max(n1, n2) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < n1; i++) {
    const hi = Math.min(i + range + 1, n2);
    for (let j = Math.max(0, i - range); j < hi; j++) {
      if (flags2[j] === 0 && s1[i] === s2[j]) {
        flags1[i] = 1;
        flags2[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < n1; i++) {
    if (flags1[i] === 0) continue;
    while (flags2[k] === 0) k++;
    if (s1[i] !== s2[k]) t++;
    k++;
  }
  const jaro = (matches / n1 + matches / n2 + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < n1 && prefix < n2 && s1[prefix] === s2[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Jaro-Winkler similarity on code points (0..1). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  return jaroWinklerCodes(codes(a), codes(b));
}

/** A normalised name split into words, as code points, plus its space-free form. */
interface NameCodes {
  norm: string;
  words: number[][];
  joined: number[];
}

/** One spelling for every known variant of a name word (mohd, md, mohammed → one), so they compare equal. */
function canonicalWord(w: string): string {
  const vs = nameVariants(w);
  if (vs.length === 0) return w;
  return [w, ...vs].sort()[0]!;
}

function toCodes(norm: string): NameCodes {
  const words = norm.split(' ').map((w) => codes(canonicalWord(w)));
  // The space-free form keeps the spellings as written ("priyasharma" is one word, no variant of it).
  return { norm, words, joined: codes(norm.replaceAll(' ', '')) };
}

function bestPartnerSum(from: readonly number[][], to: readonly number[][]): number {
  let sum = 0;
  for (const w of from) {
    let best = 0;
    for (const v of to) {
      const s = jaroWinklerCodes(w, v);
      if (s > best) best = s;
      if (best === 1) break;
    }
    sum += best;
  }
  return sum;
}

/** Optimal-string-alignment distance (edits, adjacent swaps counted once), stopping early past `max`. */
function editDistance(a: readonly number[], b: readonly number[], max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Typos allowed between two words: one, two in a long word (Deepak / Deepika are two names, two edits apart). */
function allowedEdits(a: readonly number[], b: readonly number[]): number {
  return Math.min(a.length, b.length) <= 7 ? 1 : 2;
}

/** The same name word: equal (known spellings are made equal), or a typo away (sarma / sharma). */
function sameWord(a: readonly number[], b: readonly number[]): boolean {
  // Known spellings were made one word by toCodes.
  if (a.length === b.length && a.every((c, i) => c === b[i])) return true;
  const max = allowedEdits(a, b);
  return editDistance(a, b, max) <= max;
}

/** Every word of the shorter name has a same-word partner in the longer one. */
function wordsAgree(ta: readonly number[][], tb: readonly number[][]): boolean {
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  return short.every((w) => long.some((v) => sameWord(w, v)));
}

/** Below MATCH_THRESHOLDS.candidate: what a pair of clearly different names scores at most. */
const DIFFERENT = 0.7;

function similarityCodes(a: NameCodes, b: NameCodes): number {
  if (a.norm === b.norm) return 1;
  const ta = a.words;
  const tb = b.words;
  let tokenScore = (bestPartnerSum(ta, tb) + bestPartnerSum(tb, ta)) / (ta.length + tb.length);
  if (!wordsAgree(ta, tb)) tokenScore = Math.min(tokenScore, DIFFERENT);
  // "priyasharma" / "shahrukh khan" vs "priya sharma" / "shah rukh khan": compare with the spaces removed too
  // (as whole strings, within a typo or two).
  let joined = 0;
  if (ta.length !== tb.length) {
    const max = allowedEdits(a.joined, b.joined);
    if (editDistance(a.joined, b.joined, max) <= max) joined = jaroWinklerCodes(a.joined, b.joined);
  }
  return Math.max(tokenScore, joined);
}

/** Similarity of two already-normalised names, 0..1: symmetric soft token-set Jaro-Winkler. */
export function nameSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  return similarityCodes(toCodes(a), toCodes(b));
}

export interface MatchableTalent {
  id: string;
  fullName: string;
  stageName: string | null;
  nativeName: string | null;
  primaryHeadshot: string | null;
}

export type MatchResult =
  | { status: 'matched'; talentId: string; candidates: TalentCandidate[] }
  | { status: 'ambiguous' | 'unmatched'; candidates: TalentCandidate[] };

export const MATCH_THRESHOLDS = {
  /** A candidate at all. */
  candidate: 0.8,
  /** Confident enough to assign without asking… */
  confident: 0.93,
  /** …and this far ahead of the runner-up. */
  margin: 0.04,
  maxCandidates: 5,
} as const;

const FIELDS = [
  ['full_name', 'fullName'],
  ['stage_name', 'stageName'],
  ['native_name', 'nativeName'],
] as const;

interface Prepared {
  talent: MatchableTalent;
  names: { field: TalentCandidate['matchedOn']; codes: NameCodes }[];
}

/** Word initials of a name (first code point of each word). */
function initialsOf(norm: string): Set<number> {
  return new Set(norm.split(' ').map((w) => w.codePointAt(0)!));
}

/** Builds a matcher over the current talent list; results are cached per normalised name (folders repeat). */
export function createMatcher(talents: readonly MatchableTalent[]): (name: string | null) => MatchResult {
  const prepared: Prepared[] = talents.map((talent) => ({
    talent,
    names: FIELDS.flatMap(([field, key]) => {
      const raw = talent[key];
      const norm = raw ? normalizeName(raw) : '';
      return norm ? [{ field, codes: toCodes(norm) }] : [];
    }),
  }));
  // Blocking by word initials: only talents sharing enough initials with the query are scored, so a
  // 100,000-profile library is not compared name by name. (A typo in a first letter is not recovered.)
  const byInitial = new Map<number, number[]>();
  prepared.forEach((p, i) => {
    const initials = new Set(p.names.flatMap((n) => [...initialsOf(n.codes.norm)]));
    for (const c of initials) {
      const list = byInitial.get(c);
      if (list) list.push(i);
      else byInitial.set(c, [i]);
    }
  });
  const shared = new Uint8Array(prepared.length);
  const cache = new Map<string, MatchResult>();

  return (name) => {
    const norm = name ? normalizeName(name) : '';
    if (!norm) return { status: 'unmatched', candidates: [] };
    const hit = cache.get(norm);
    if (hit) return hit;
    const q = toCodes(norm);
    const qInitials = initialsOf(norm);
    // Two shared initials for multi-word queries ("Priya Sarma" ~ "Priya Sharma"); one for one word ("Priyasharma").
    const need = Math.min(2, qInitials.size);
    const pool: number[] = [];
    for (const c of qInitials) {
      for (const i of byInitial.get(c) ?? []) {
        shared[i]!++;
        if (shared[i] === need) pool.push(i);
      }
    }
    for (const c of qInitials) for (const i of byInitial.get(c) ?? []) shared[i] = 0;
    const candidates: TalentCandidate[] = [];
    for (const i of pool) {
      const p = prepared[i]!;
      let best: { score: number; field: TalentCandidate['matchedOn'] } | null = null;
      for (const n of p.names) {
        const score = similarityCodes(q, n.codes);
        if (!best || score > best.score) best = { score, field: n.field };
      }
      if (best && best.score >= MATCH_THRESHOLDS.candidate) {
        const t = p.talent;
        candidates.push({
          talentId: t.id,
          fullName: t.fullName,
          stageName: t.stageName,
          nativeName: t.nativeName,
          score: Math.round(best.score * 1000) / 1000,
          matchedOn: best.field,
          primaryHeadshot: t.primaryHeadshot,
        });
      }
    }
    candidates.sort((a, b) => b.score - a.score || a.fullName.localeCompare(b.fullName));
    const top = candidates.slice(0, MATCH_THRESHOLDS.maxCandidates);
    const first = top[0];
    const second = top[1];
    let result: MatchResult;
    if (!first) result = { status: 'unmatched', candidates: [] };
    else if (
      first.score >= MATCH_THRESHOLDS.confident &&
      (!second || first.score - second.score >= MATCH_THRESHOLDS.margin)
    )
      result = { status: 'matched', talentId: first.talentId, candidates: top };
    else result = { status: 'ambiguous', candidates: top };
    cache.set(norm, result);
    return result;
  };
}
