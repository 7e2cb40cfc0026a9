// The office's own spellings of skills, cities, unions and tags. Filters match them exactly (talent_skill,
// talent_filter.city …), so a value typed by a person or written by Claude ("horse-riding", "MUMBAI") is
// first mapped to the spelling the office uses ("Horse riding", "Mumbai"); a value nobody has is reported,
// not guessed.
import type { AppDatabase } from '../store/db.ts';

export type VocabularyKind = 'skills' | 'cities' | 'unions' | 'tags';

// Most used first, so the spelling a filter picks is the one most profiles carry.
const SQL: Record<VocabularyKind, string> = {
  skills: 'SELECT skill AS v, count(*) AS n FROM talent_skill GROUP BY skill ORDER BY n DESC',
  tags: 'SELECT tag AS v, count(*) AS n FROM talent_tag GROUP BY tag ORDER BY n DESC',
  cities:
    'SELECT city AS v, count(*) AS n FROM talent_filter WHERE city IS NOT NULL GROUP BY city ORDER BY n DESC',
  unions:
    'SELECT union_name AS v, count(*) AS n FROM talent_filter WHERE union_name IS NOT NULL GROUP BY union_name ORDER BY n DESC',
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

/** Folded value → every spelling the office uses for it, most used first. */
type Vocabulary = Map<string, string[]>;
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
      const list = vocab.get(k);
      if (list) list.push(v);
      else vocab.set(k, [v]);
    }
    entry.byKind.set(kind, vocab);
  }
  return vocab;
}

export type ResolvedValues = { resolved: string[]; unknown: string[] };

/** Maps each value to the office's most used spelling; values no profile has are returned in `unknown`. */
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
    const hit = vocab.get(foldValue(value))?.[0];
    if (hit) {
      if (!resolved.includes(hit)) resolved.push(hit);
    } else unknown.push(value);
  }
  return { resolved, unknown };
}

/** Every spelling the office uses for each value (ranking counts "horse riding" and "Horse-riding" alike). */
export function allSpellings(db: AppDatabase, kind: VocabularyKind, values: readonly string[]): string[] {
  const vocab = vocabulary(db, kind);
  return [...new Set(values.flatMap((v) => vocab.get(foldValue(v)) ?? [v]))];
}
