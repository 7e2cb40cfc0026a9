// The office's own spellings of skills, cities, unions and tags. Filters match them exactly (talent_skill,
// talent_filter.city …), so a value typed by a person or written by Claude ("horse-riding", "MUMBAI") is
// first mapped to the spelling the office uses ("Horse riding", "Mumbai"); a value nobody has is reported,
// not guessed.
import type { AppDatabase } from '../store/db.ts';

export type VocabularyKind = 'skills' | 'cities' | 'unions' | 'tags';

const SQL: Record<VocabularyKind, string> = {
  skills: 'SELECT DISTINCT skill AS v FROM talent_skill',
  tags: 'SELECT DISTINCT tag AS v FROM talent_tag',
  cities: 'SELECT DISTINCT city AS v FROM talent_filter WHERE city IS NOT NULL',
  unions: 'SELECT DISTINCT union_name AS v FROM talent_filter WHERE union_name IS NOT NULL',
};

/** Case, accents, punctuation and spacing do not tell two skills apart: "Horse-riding" = "horse riding". */
export function foldValue(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\-_./,&'’]+/gu, ' ')
    .trim();
}

type Vocabulary = Map<string, string>;
// Kept per connection until the next commit (from this connection or another, an import worker's included).
const cache = new WeakMap<
  AppDatabase['sqlite'],
  { version: string; byKind: Map<VocabularyKind, Vocabulary> }
>();

function vocabulary(db: AppDatabase, kind: VocabularyKind): Vocabulary {
  const changes = (db.sqlite.prepare('SELECT total_changes() AS c').get() as { c: number }).c;
  const version = `${db.sqlite.pragma('data_version', { simple: true })}:${changes}`;
  let entry = cache.get(db.sqlite);
  if (entry?.version !== version) {
    entry = { version, byKind: new Map() };
    cache.set(db.sqlite, entry);
  }
  let vocab = entry.byKind.get(kind);
  if (!vocab) {
    vocab = new Map();
    for (const { v } of db.sqlite.prepare(SQL[kind]).all() as { v: string }[]) {
      const k = foldValue(v);
      // The most common spelling would be better; the first seen is stable and good enough.
      if (!vocab.has(k)) vocab.set(k, v);
    }
    entry.byKind.set(kind, vocab);
  }
  return vocab;
}

export type ResolvedValues = { resolved: string[]; unknown: string[] };

/** Maps each value to the office's spelling; values no profile has are returned in `unknown`. */
export function resolveValues(
  db: AppDatabase,
  kind: VocabularyKind,
  values: readonly string[],
): ResolvedValues {
  if (values.length === 0) return { resolved: [], unknown: [] };
  const vocab = vocabulary(db, kind);
  const resolved: string[] = [];
  const unknown: string[] = [];
  for (const value of values) {
    const hit = vocab.get(foldValue(value));
    if (hit) {
      if (!resolved.includes(hit)) resolved.push(hit);
    } else unknown.push(value);
  }
  return { resolved, unknown };
}
