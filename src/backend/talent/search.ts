// The one talent search: the UI, the CLI and Claude's search_talent tool all call searchTalent().
import { AppError } from '../../shared/errors.ts';
import {
  type TalentFacets,
  type TalentFilters,
  type TalentQuery,
  type TalentQueryParsed,
  type TalentSearchResult,
  talentQuerySchema,
} from '../../shared/talent.ts';
import { parseOrThrow } from '../../shared/validate.ts';
import type { AppDatabase } from '../store/db.ts';
import { CARD_COLUMNS, type CardRow, toCard } from './cards.ts';
import { nameVariants } from './name-variants.ts';
import { canonicalLanguage } from './normalize.ts';

type Param = string | number;
type FilterKey = keyof TalentFilters;

/**
 * Turns what a person typed into a safe FTS5 query: every word becomes a quoted prefix term, so FTS
 * operators, quotes, column filters and SQL in the text are searched for as words, never interpreted.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words || words.length === 0) return null;
  // A name word with other common spellings ("preeya", "mohd") also finds them, in the name columns
  // only: "md" in someone's notes is not a Mohammed. The word as typed still searches everything.
  let expanded = false;
  const terms = words.slice(0, 12).map((w) => {
    const variants = nameVariants(w);
    if (!variants.length) return `"${w}"*`;
    expanded = true;
    return `("${w}"* OR {names stage_name} : (${variants.map((v) => `"${v}"*`).join(' OR ')}))`;
  });
  // FTS5 takes no implicit AND after a bracketed group: spell it out then.
  const query = terms.join(expanded ? ' AND ' : ' ');
  // The first keystrokes ("p", "pr") look for names only: matching every skill, city and note that starts
  // with two letters is noise, and costly.
  if (words.join('').length >= 3) return query;
  return `{names stage_name} : ${expanded ? `(${query})` : query}`;
}

interface Where {
  clauses: string[];
  params: Param[];
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/**
 * SQL conditions for the structured filters; `skip` leaves one dimension out (for its own facet counts).
 * Languages, skills and tags are tested as `rowid IN (list)` for the planner's own plans, or, for a walk
 * along a sort index that tests row after row (`perRow`), as an EXISTS probe of the rowid-keyed index.
 */
function filterWhere(f: TalentFilters, skip?: FilterKey, perRow = false): Where {
  // `t` is talent_filter: a narrow copy of the filterable columns of live talent only (see the migration).
  const clauses: string[] = [];
  const params: Param[] = [];
  if (skip !== 'genders' && f.genders.length) {
    clauses.push(`t.gender IN (${placeholders(f.genders.length)})`);
    params.push(...f.genders);
  }
  if (f.ageMin != null) {
    clauses.push('t.age_to >= ?');
    params.push(f.ageMin);
  }
  if (f.ageMax != null) {
    clauses.push('t.age_from <= ?');
    params.push(f.ageMax);
  }
  if (f.heightMin != null) {
    clauses.push('t.height_cm >= ?');
    params.push(f.heightMin);
  }
  if (f.heightMax != null) {
    clauses.push('t.height_cm <= ?');
    params.push(f.heightMax);
  }
  const member = (table: string, test: string) =>
    perRow
      ? `EXISTS (SELECT 1 FROM ${table} m WHERE m.talent_rowid = t.rowid AND ${test})`
      : `t.rowid IN (SELECT talent_rowid FROM ${table} m WHERE ${test})`;
  if (skip !== 'languages') {
    for (const l of f.languages) {
      clauses.push(member('talent_language', 'm.language = ? AND m.fluency >= ?'));
      params.push(canonicalLanguage(l.language), l.minFluency);
    }
  }
  if (skip !== 'skills') {
    for (const s of f.skills) {
      clauses.push(member('talent_skill', 'm.skill = ?'));
      params.push(s);
    }
  }
  if (skip !== 'tags') {
    for (const s of f.tags) {
      clauses.push(member('talent_tag', 'm.tag = ?'));
      params.push(s);
    }
  }
  if (skip !== 'cities' && f.cities.length) {
    clauses.push(`t.city IN (${placeholders(f.cities.length)})`);
    params.push(...f.cities);
  }
  if (skip !== 'unions' && f.unions.length) {
    clauses.push(`t.union_name IN (${placeholders(f.unions.length)})`);
    params.push(...f.unions);
  }
  if (skip !== 'availability' && f.availability.length) {
    clauses.push(`t.availability IN (${placeholders(f.availability.length)})`);
    params.push(...f.availability);
  }
  // Build is not copied into talent_filter (rarely filtered): tested on the talent row itself, by rowid.
  if (skip !== 'builds' && f.builds?.length) {
    const test = `b.build IN (${placeholders(f.builds.length)})`;
    clauses.push(
      perRow
        ? `EXISTS (SELECT 1 FROM talent b WHERE b.rowid = t.rowid AND ${test})`
        : `t.rowid IN (SELECT b.rowid FROM talent b WHERE ${test})`,
    );
    params.push(...f.builds);
  }
  return { clauses, params };
}

type Cursor = [number | string, number];

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      ['number', 'string'].includes(typeof v[0]) &&
      Number.isInteger(v[1])
    ) {
      return v as Cursor;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('BAD_CURSOR', 'The page cursor is not valid; start the search again.');
}

/** Totals above this are reported as "at least" (totalCapped). */
export const COUNT_CAP = 10_000;

/** How far a page walks a sort index before handing over to the planner's plan (see probeSql). */
const PROBE_ROWS = 4000;

export interface SearchPlan {
  /** One page of keys (rowid, id, sort key) — narrow, so SQLite can answer it from covering indexes. */
  sql: string;
  params: Param[];
  /** The card columns for the page's rowids (a JSON array), fetched once the page is known. */
  cardsSql: string;
  /** null when the page query itself carries the count (total_n). */
  countSql: string | null;
  countParams: Param[];
  /** A first try at the page (name and updated sorts): its rows are the page if there are more than `limit`. */
  probe: { sql: string; params: Param[] } | null;
  /** First pages sorted by name or date: up to limit + 1 matches unordered, and the SQL that sorts them. */
  few: { sql: string; params: Param[]; sortSql: string } | null;
}

/** Builds the SQL for one page; exported so the benchmark can run the very same SQL raw. */
export function planSearch(q: TalentQueryParsed): SearchPlan {
  const fts = toFtsQuery(q.text);
  const where = filterWhere(q.filters);
  const hasFilters = where.clauses.length > 0;
  // Ranking a one- or two-letter prefix is noise and costs a bm25 score per match: such results (and
  // searches without text) are ordered by name.
  const shortText = q.text.replace(/[^\p{L}\p{N}]/gu, '').length < 3;
  const sort = q.sort === 'relevance' && (!fts || shortText) ? 'name' : q.sort;
  let from: string;
  let clauses: string[];
  let params: Param[];
  let row = 't.rowid';
  if (sort === 'relevance' && !hasFilters) {
    // Only the FTS index is needed to rank and page; talent rows are read for the page's cards alone.
    from = 'talent_fts f';
    row = 'f.rowid';
    clauses = ['talent_fts MATCH ?'];
    params = [fts!];
  } else if (sort === 'relevance') {
    from = 'talent_fts f JOIN talent_filter t ON t.rowid = f.rowid';
    clauses = ['talent_fts MATCH ?', ...where.clauses];
    params = [fts!, ...where.params];
  } else {
    // Walk the sort index and test membership in the (materialised) set of text matches.
    from = 'talent_filter t';
    clauses = fts
      ? ['t.rowid IN (SELECT rowid FROM talent_fts WHERE talent_fts MATCH ?)', ...where.clauses]
      : where.clauses;
    params = fts ? [fts, ...where.params] : where.params;
  }
  const sortKey = sort === 'relevance' ? 'f.rank' : sort === 'name' ? 't.sort_name' : 't.updated_at';
  const desc = sort === 'updated';
  // FTS rows exist only for live talent, so with no structured filter the count need not touch talent.
  // Counting stops past COUNT_CAP: "10,000+ profiles" says all a person needs, and a count never costs
  // more than that many index steps.
  const countFrom =
    fts && !hasFilters
      ? 'SELECT 1 FROM talent_fts WHERE talent_fts MATCH ?'
      : `SELECT 1 FROM ${from} WHERE ${clauses.join(' AND ') || '1'}`;
  const countSql = `SELECT count(*) AS n FROM (${countFrom} LIMIT ${COUNT_CAP + 1})`;
  const pageClauses = [...clauses];
  const pageParams = [...params];
  // Keyset paging on (sort key, rowid): every index on talent already ends in the rowid, so ties cost nothing.
  if (q.cursor) {
    const [key, rid] = decodeCursor(q.cursor);
    pageClauses.push(`(${sortKey}, ${row}) ${desc ? '<' : '>'} (?, ?)`);
    pageParams.push(key, rid);
  }
  const dir = desc ? 'DESC' : 'ASC';
  // Ranking visits every match anyway, so a first page ranked by relevance counts them in the same pass
  // (a window count) instead of matching the text a second time.
  const countInPage = sort === 'relevance' && q.withTotal && !q.cursor;
  const walksSortIndex = sort !== 'relevance' && clauses.length > 0;
  return {
    sql: `SELECT ${row} AS rid, ${sortKey} AS sort_key${countInPage ? ', count(*) OVER () AS total_n' : ''}
      FROM ${from} WHERE ${pageClauses.join(' AND ') || '1'}
      ORDER BY ${sortKey} ${dir}, ${row} ${dir} LIMIT ?`,
    params: [...pageParams, q.limit + 1],
    cardsSql: `SELECT t.rowid AS rid, ${CARD_COLUMNS} FROM talent t WHERE t.rowid IN (SELECT value FROM json_each(?))`,
    countSql: countInPage ? null : countSql,
    countParams: fts && !hasFilters ? [fts] : params,
    probe: walksSortIndex ? probeSql(q, fts, sortKey, dir) : null,
    few:
      walksSortIndex && !q.cursor
        ? {
            sql: `SELECT ${row} AS rid FROM ${from} WHERE ${clauses.join(' AND ')} LIMIT ?`,
            params: [...params, q.limit + 1],
            sortSql: `SELECT t.rowid AS rid, ${sortKey} AS sort_key FROM talent_filter t
              WHERE t.rowid IN (SELECT value FROM json_each(?)) ORDER BY ${sortKey} ${dir}, t.rowid ${dir}`,
          }
        : null,
  };
}

/**
 * For a broad filter ("women 25–35") SQLite prefers an index on the filter and a sort of every match
 * (10–15 ms on 100k profiles) to walking the sort index until the page is full (1–2 ms): it cannot see
 * that the LIMIT stops the walk early. So a page sorted by name or date may first walk the sort index, at
 * most PROBE_ROWS entries (see shouldProbe). If that fills the page, it is exactly the page; if not, the
 * planner's plan runs.
 */
function probeSql(
  q: TalentQueryParsed,
  fts: string | null,
  sortKey: string,
  dir: string,
): SearchPlan['probe'] {
  const where = filterWhere(q.filters, undefined, true);
  const clauses = fts
    ? ['t.rowid IN (SELECT rowid FROM talent_fts WHERE talent_fts MATCH ?)', ...where.clauses]
    : where.clauses;
  const params: Param[] = fts ? [fts, ...where.params] : where.params;
  const index = sortKey === 't.sort_name' ? 'talent_filter_name' : 'talent_filter_updated';
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const walk = `SELECT t.rowid AS rowid, t.* FROM talent_filter t INDEXED BY ${index}
    ${cursor ? `WHERE (${sortKey}, t.rowid) ${dir === 'DESC' ? '<' : '>'} (?, ?)` : ''}
    ORDER BY ${sortKey} ${dir}, t.rowid ${dir} LIMIT ${PROBE_ROWS}`;
  return {
    sql: `SELECT t.rowid AS rid, ${sortKey} AS sort_key FROM (${walk}) t WHERE ${clauses.join(' AND ')}
      ORDER BY ${sortKey} ${dir}, t.rowid ${dir} LIMIT ?`,
    params: [...(cursor ?? []), ...params, q.limit + 1],
  };
}

/**
 * Whether to walk the sort index first: when the count says matches are dense enough for the walk to fill
 * the page within half its bound, or when there is no count (later pages), where the bound caps the loss.
 */
function shouldProbe(
  plan: SearchPlan,
  counted: number | null,
  tableRows: () => number,
  limit: number,
): boolean {
  if (!plan.probe) return false;
  if (counted === null) return true;
  if (counted <= limit) return false;
  return ((limit + 1) * tableRows()) / counted <= PROBE_ROWS / 2;
}

/** About how many rows talent_filter holds (rowids run without many gaps): one index step, not a count. */
const TABLE_ROWS_SQL = 'SELECT coalesce(max(rowid), 0) AS n FROM talent_filter';

export function parseTalentQuery(query: TalentQuery): TalentQueryParsed {
  return parseOrThrow(talentQuerySchema, query);
}

/** A statement searchTalent ran: the benchmark replays them raw through better-sqlite3. */
export interface TracedStatement {
  sql: string;
  params: Param[];
  mode: 'all' | 'get';
}

type Key = { rid: number; sort_key: number | string; total_n?: number };

export function searchTalent(
  db: AppDatabase,
  query: TalentQuery,
  trace?: (s: TracedStatement) => void,
): TalentSearchResult {
  const q = parseTalentQuery(query);
  const plan = planSearch(q);
  const all = <T>(sql: string, params: Param[]) => {
    trace?.({ sql, params, mode: 'all' });
    return db.sqlite.prepare(sql).all(...params) as T[];
  };
  const get = <T>(sql: string, params: Param[]) => {
    trace?.({ sql, params, mode: 'get' });
    return db.sqlite.prepare(sql).get(...params) as T;
  };
  let counted: number | null = null;
  let keys: Key[] | null = null;
  if (plan.probe && plan.few && q.withTotal) {
    // A narrow filter: up to a page of matches, in whatever order the planner finds them cheapest. If
    // that is all of them, it is both the count and (once sorted) the page.
    const few = all<{ rid: number }>(plan.few.sql, plan.few.params);
    if (few.length <= q.limit) {
      counted = few.length;
      keys = all<Key>(plan.few.sortSql, [JSON.stringify(few.map((k) => k.rid))]);
    }
  }
  if (keys === null) {
    if (q.withTotal && plan.countSql) counted = get<{ n: number }>(plan.countSql, plan.countParams).n;
    // The table's size is looked up only when the count leaves the choice open.
    const tableRows = () => get<{ n: number }>(TABLE_ROWS_SQL, []).n;
    const probed =
      plan.probe && shouldProbe(plan, counted, tableRows, q.limit)
        ? all<Key>(plan.probe.sql, plan.probe.params)
        : [];
    keys = probed.length > q.limit ? probed : all<Key>(plan.sql, plan.params);
    if (q.withTotal && !plan.countSql) counted = keys[0]?.total_n ?? 0;
  }
  const more = keys.length > q.limit;
  const page = more ? keys.slice(0, q.limit) : keys;
  const last = page.at(-1);
  const rows = all<CardRow & { rid: number }>(plan.cardsSql, [JSON.stringify(page.map((k) => k.rid))]);
  const cards = new Map(rows.map((r) => [r.rid, r]));
  const totalCapped = counted != null && counted > COUNT_CAP;
  const total = totalCapped ? COUNT_CAP : counted;
  return {
    items: page.flatMap((k) => {
      const row = cards.get(k.rid);
      return row ? [toCard(row)] : [];
    }),
    total,
    totalCapped,
    nextCursor: more && last ? encodeCursor([last.sort_key, last.rid]) : null,
  };
}

const FACET_LIMIT = 40;

/**
 * Counts for the filter sidebar. Each dimension is counted over the matches of every *other* filter, so
 * ticking "Female" still shows how many men there are to add.
 */
export function talentFacets(db: AppDatabase, query: TalentQuery): TalentFacets {
  const q = parseTalentQuery(query);
  const fts = toFtsQuery(q.text);
  if (!fts && filterWhere(q.filters).clauses.length === 0) return officeFacets(db);
  const count = (
    skip: FilterKey,
    select: string,
    join: string,
    group: string,
  ): { value: string; count: number }[] => {
    const w = filterWhere(q.filters, skip);
    const clauses = fts
      ? ['t.rowid IN (SELECT rowid FROM talent_fts WHERE talent_fts MATCH ?)', ...w.clauses]
      : w.clauses;
    const params = fts ? [fts, ...w.params] : w.params;
    const sql = `SELECT ${select} AS value, count(*) AS count FROM talent_filter t ${join}
      WHERE ${[...clauses, `${select} IS NOT NULL`].join(' AND ')} GROUP BY ${group} ORDER BY count DESC, value LIMIT ${FACET_LIMIT}`;
    return db.sqlite.prepare(sql).all(...params) as { value: string; count: number }[];
  };
  return db.sqlite.transaction(() => ({
    genders: count('genders', 't.gender', '', 't.gender'),
    languages: count(
      'languages',
      'l.language',
      'JOIN talent_language l ON l.talent_rowid = t.rowid',
      'l.language',
    ),
    skills: count('skills', 's.skill', 'JOIN talent_skill s ON s.talent_rowid = t.rowid', 's.skill'),
    cities: count('cities', 't.city', '', 't.city'),
    unions: count('unions', 't.union_name', '', 't.union_name'),
    tags: count('tags', 'g.tag', 'JOIN talent_tag g ON g.talent_rowid = t.rowid', 'g.tag'),
    availability: count('availability', 't.availability', '', 't.availability'),
    builds: count('builds', 'b.build', 'JOIN talent b ON b.rowid = t.rowid', 'b.build'),
  }))();
}

// The whole office's facets (~100 ms on 100k profiles) are asked for whenever the filters are cleared, and
// change only when talent does: kept per connection until the next commit, from this connection
// (total_changes) or any other, an import worker's included (data_version).
const officeFacetsCache = new WeakMap<AppDatabase['sqlite'], { version: string; facets: TalentFacets }>();

function officeFacets(db: AppDatabase): TalentFacets {
  const v = db.sqlite.prepare('SELECT total_changes() AS c').get() as { c: number };
  const version = `${db.sqlite.pragma('data_version', { simple: true })}:${v.c}`;
  const cached = officeFacetsCache.get(db.sqlite);
  if (cached?.version === version) return cached.facets;
  const facets = countOfficeFacets(db);
  officeFacetsCache.set(db.sqlite, { version, facets });
  return facets;
}

/** Facets of the whole office: straight group-bys over covering indexes (derived tables hold live talent only). */
function countOfficeFacets(db: AppDatabase): TalentFacets {
  const group = (sql: string) =>
    db.sqlite.prepare(`${sql} ORDER BY count DESC, value LIMIT ${FACET_LIMIT}`).all() as {
      value: string;
      count: number;
    }[];
  const column = (c: string) =>
    group(`SELECT ${c} AS value, count(*) AS count FROM talent_filter WHERE ${c} IS NOT NULL GROUP BY ${c}`);
  return db.sqlite.transaction(() => ({
    genders: column('gender'),
    languages: group(
      'SELECT language AS value, count(DISTINCT talent_rowid) AS count FROM talent_language GROUP BY language',
    ),
    skills: group('SELECT skill AS value, count(*) AS count FROM talent_skill GROUP BY skill'),
    cities: column('city'),
    unions: column('union_name'),
    tags: group('SELECT tag AS value, count(*) AS count FROM talent_tag GROUP BY tag'),
    availability: column('availability'),
    builds: group(
      'SELECT build AS value, count(*) AS count FROM talent WHERE deleted_at IS NULL AND build IS NOT NULL GROUP BY build',
    ),
  }))();
}
