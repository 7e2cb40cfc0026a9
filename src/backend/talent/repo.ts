import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { AppError } from '../../shared/errors.ts';
import {
  type Talent,
  type TalentInput,
  type TalentInputParsed,
  talentInputSchema,
} from '../../shared/talent.ts';
import { parseOrThrow } from '../../shared/validate.ts';
import type { AppDatabase } from '../store/db.ts';
import { uuidv7Batch } from '../store/ids.ts';
import { BulkTalentInsert } from './derived.ts';
import { canonicalLanguage, effectiveAgeRange, foldName, uniqueList } from './normalize.ts';

/** The talent row as SQLite holds it. */
export interface TalentRow {
  id: string;
  full_name: string;
  native_name: string | null;
  stage_name: string | null;
  gender: string | null;
  date_of_birth: string | null;
  playing_age_min: number | null;
  playing_age_max: number | null;
  height_cm: number | null;
  build: string | null;
  languages: string;
  dialects: string;
  skills: string;
  city: string | null;
  home_state: string | null;
  agency: string | null;
  agent_name: string | null;
  agent_phone: string | null;
  agent_email: string | null;
  union_name: string | null;
  union_number: string | null;
  phone: string | null;
  email: string | null;
  links: string;
  showreel_url: string | null;
  tags: string;
  notes: string | null;
  rating: number | null;
  availability: string;
  primary_headshot: string | null;
  /** Other spellings of the name, one a line (absent from rows built in memory). */
  aliases?: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** The aliases column (one spelling a line) as a list. */
export const splitAliases = (text: string | null | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((a) => a.trim())
    .filter(Boolean);

export function rowToTalent(r: TalentRow): Talent {
  return {
    id: r.id,
    fullName: r.full_name,
    nativeName: r.native_name,
    stageName: r.stage_name,
    gender: r.gender as Talent['gender'],
    dateOfBirth: r.date_of_birth,
    playingAgeMin: r.playing_age_min,
    playingAgeMax: r.playing_age_max,
    heightCm: r.height_cm,
    build: r.build,
    languages: JSON.parse(r.languages),
    dialects: JSON.parse(r.dialects),
    skills: JSON.parse(r.skills),
    city: r.city,
    homeState: r.home_state,
    agency: r.agency,
    agentName: r.agent_name,
    agentPhone: r.agent_phone,
    agentEmail: r.agent_email,
    unionName: r.union_name,
    unionNumber: r.union_number,
    phone: r.phone,
    email: r.email,
    links: JSON.parse(r.links),
    showreelUrl: r.showreel_url,
    tags: JSON.parse(r.tags),
    notes: r.notes,
    rating: r.rating,
    availability: r.availability as Talent['availability'],
    primaryHeadshot: r.primary_headshot,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    // Only where there are some: most profiles have none, and callers compare profiles whole.
    ...(r.aliases ? { aliases: splitAliases(r.aliases) } : {}),
  };
}

const COLUMNS = [
  'full_name',
  'native_name',
  'stage_name',
  'gender',
  'date_of_birth',
  'playing_age_min',
  'playing_age_max',
  'height_cm',
  'build',
  'languages',
  'dialects',
  'skills',
  'city',
  'home_state',
  'agency',
  'agent_name',
  'agent_phone',
  'agent_email',
  'union_name',
  'union_number',
  'phone',
  'email',
  'links',
  'showreel_url',
  'tags',
  'notes',
  'rating',
  'availability',
  'sort_name',
  'age_from',
  'age_to',
] as const;
type Column = (typeof COLUMNS)[number];
type ColumnValues = Record<Column, string | number | null>;

/** A validated profile as positional column values in COLUMNS order: cheap to send between threads. */
export type TalentValues = (string | number | null)[];

export const columnIndex = (c: Column): number => COLUMNS.indexOf(c);

/**
 * An imported row may carry the profile's other spellings (the aliases column, one a line) after its columns:
 * the office's own export has them. Not a column of COLUMNS, which updates rewrite: a profile's aliases
 * change only through merges (import/merge.ts).
 */
export const ALIASES_AT = COLUMNS.length;
// insertStatement caches statements by a 32-bit mask of the columns a row binds, the aliases bit included.
if (ALIASES_AT > 31) throw new Error('Too many talent columns for the insert statement cache key');

/** Each language once, canonically named, at the highest fluency given. */
function canonicalLanguages(list: TalentInputParsed['languages']) {
  const languages = new Map<string, { language: string; fluency: number }>();
  for (const l of list) {
    const language = canonicalLanguage(l.language);
    const prev = languages.get(language);
    if (!prev || prev.fluency < l.fluency) languages.set(language, { language, fluency: l.fluency });
  }
  return [...languages.values()];
}

// An import's cell memo gives every row with the same cell one frozen list (import/fast-input.ts): its column
// JSON is made once per list rather than once per row. One cache per way of making it.
function cachedJson<T extends readonly unknown[]>(make: (list: T) => unknown): (list: T) => string {
  const cache = new WeakMap<object, string>();
  return (list) => {
    if (list.length === 0) return '[]';
    if (!Object.isFrozen(list)) return JSON.stringify(make(list));
    let json = cache.get(list);
    if (json === undefined) {
      json = JSON.stringify(make(list));
      cache.set(list, json);
    }
    return json;
  };
}
const languagesJson = cachedJson(canonicalLanguages);
const uniqueListJson = cachedJson(uniqueList);

/** Validated input → column values (keys in COLUMNS order), including the derived sort name and effective age range. */
export function toColumns(t: TalentInputParsed): ColumnValues {
  const { ageFrom, ageTo } = effectiveAgeRange(t);
  return {
    full_name: t.fullName,
    native_name: t.nativeName || null,
    stage_name: t.stageName || null,
    gender: t.gender ?? null,
    date_of_birth: t.dateOfBirth ?? null,
    playing_age_min: t.playingAgeMin ?? null,
    playing_age_max: t.playingAgeMax ?? null,
    height_cm: t.heightCm ?? null,
    build: t.build || null,
    languages: languagesJson(t.languages),
    dialects: uniqueListJson(t.dialects),
    skills: uniqueListJson(t.skills),
    city: t.city || null,
    home_state: t.homeState || null,
    agency: t.agency || null,
    agent_name: t.agentName || null,
    agent_phone: t.agentPhone || null,
    agent_email: t.agentEmail || null,
    union_name: t.unionName || null,
    union_number: t.unionNumber || null,
    phone: t.phone || null,
    email: t.email ? t.email.toLowerCase() : null,
    links: JSON.stringify(t.links),
    showreel_url: t.showreelUrl || null,
    tags: uniqueListJson(t.tags),
    notes: t.notes || null,
    rating: t.rating ?? null,
    availability: t.availability,
    sort_name: foldName(t.stageName || t.fullName),
    age_from: ageFrom,
    age_to: ageTo,
  };
}

export function toValues(t: TalentInputParsed): TalentValues {
  // toColumns lists its keys in COLUMNS order (tests/talent/bulk.test.ts checks it): no lookup per column.
  return Object.values(toColumns(t));
}

/** The profile input back from its column values (an import merging a row into an existing profile). */
export function valuesToInput(values: TalentValues): TalentInputParsed {
  const row = Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]]));
  return parseTalentInput(rowToTalent(row as unknown as TalentRow));
}

export function parseTalentInput(input: unknown): TalentInputParsed {
  return parseOrThrow(talentInputSchema, input);
}

const updateSql = `UPDATE talent SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at
  WHERE id = @id AND deleted_at IS NULL`;

export const BULK_THRESHOLD = 500;

// better-sqlite3 spends ~140 ns binding each parameter, null or not: most of the time of a bulk insert.
// So a row binds only the columns it fills, and the others take their NULL or '[]' defaults. An agency
// sheet fills about half the columns; each shape of row gets its own cached statement.
const LIST_COLUMNS = new Set<Column>(['languages', 'dialects', 'skills', 'links', 'tags']);
const statementsByShape = new WeakMap<Database.Database, Map<number, Statement>>();

function insertStatement(sqlite: Database.Database, shape: number): Statement {
  let byShape = statementsByShape.get(sqlite);
  if (!byShape) {
    byShape = new Map();
    statementsByShape.set(sqlite, byShape);
  }
  let stmt = byShape.get(shape);
  if (!stmt) {
    const cols: string[] = COLUMNS.filter((_, i) => shape & (1 << i));
    if (shape & (1 << ALIASES_AT)) cols.push('aliases');
    stmt = sqlite.prepare(
      `INSERT INTO talent (id, ${cols.map((c) => `${c}, `).join('')}created_at, updated_at)
       VALUES (${Array.from({ length: cols.length + 3 }, () => '?').join(', ')})`,
    );
    byShape.set(shape, stmt);
  }
  return stmt;
}

/** Inserts column values as new talent rows (the caller holds the transaction); returns their ids. */
export function insertTalentValues(
  db: AppDatabase,
  rows: readonly TalentValues[],
  now = Date.now(),
): string[] {
  const ids = uuidv7Batch(rows.length, now);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r]!;
    const args: (string | number | null)[] = [ids[r]!];
    let shape = 0;
    for (let i = 0; i < COLUMNS.length; i++) {
      const v = values[i]!;
      if (v === null || (v === '[]' && LIST_COLUMNS.has(COLUMNS[i]!))) continue;
      shape |= 1 << i;
      args.push(v);
    }
    const aliases = values[ALIASES_AT];
    if (aliases != null) {
      shape |= 1 << ALIASES_AT;
      args.push(aliases);
    }
    args.push(now, now);
    insertStatement(db.sqlite, shape).run(...args);
  }
  return ids;
}

/**
 * Inserts already-validated talent in one transaction; used by the form and the demo seeder. Large
 * batches take the bulk path (see derived.ts).
 */
export function insertTalentRows(
  db: AppDatabase,
  rows: readonly TalentInputParsed[],
  now = Date.now(),
): string[] {
  const values = rows.map(toValues);
  const ids = db.sqlite.transaction(() => {
    if (rows.length < BULK_THRESHOLD) return insertTalentValues(db, values, now);
    const bulk = new BulkTalentInsert(db, rows.length);
    const inserted = insertTalentValues(db, values, now);
    bulk.finish();
    return inserted;
  })();
  // Fresh statistics let the query planner pick the selective index after a big import.
  if (rows.length >= 10_000) analyzeAfterBulkInsert(db);
  return ids;
}

export function analyzeAfterBulkInsert(db: AppDatabase): void {
  db.sqlite.exec('PRAGMA analysis_limit = 1000; ANALYZE;');
}

export function createTalent(db: AppDatabase, input: TalentInput): Talent {
  const [id] = insertTalentRows(db, [parseTalentInput(input)]);
  return getTalent(db, id!);
}

export function getTalent(db: AppDatabase, id: string): Talent {
  const row = db.sqlite.prepare('SELECT * FROM talent WHERE id = ? AND deleted_at IS NULL').get(id) as
    | TalentRow
    | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That profile does not exist or was deleted.');
  return rowToTalent(row);
}

export function updateTalent(db: AppDatabase, id: string, input: TalentInput): Talent {
  const cols = toColumns(parseTalentInput(input));
  const info = db.sqlite.prepare(updateSql).run({ id, ...cols, updated_at: Date.now() });
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'That profile does not exist or was deleted.');
  return getTalent(db, id);
}

/** Tombstones the profile (it disappears from search) so that undo and sync can bring it back. */
export function deleteTalent(db: AppDatabase, id: string): void {
  const now = Date.now();
  const info = db.sqlite
    .prepare('UPDATE talent SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
    .run(now, now, id);
  if (info.changes === 0)
    throw new AppError('NOT_FOUND', 'That profile does not exist or was already deleted.');
}

export function restoreTalent(db: AppDatabase, id: string): Talent {
  const info = db.sqlite
    .prepare('UPDATE talent SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL')
    .run(Date.now(), id);
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'There is no deleted profile to restore.');
  return getTalent(db, id);
}

export function talentCount(db: AppDatabase): number {
  return (
    db.sqlite.prepare('SELECT count(*) AS n FROM talent WHERE deleted_at IS NULL').get() as { n: number }
  ).n;
}
