// The one talent search: the UI, the CLI and Claude's search_talent tool all call searchTalent().
// Here: the page's SQL plan and its run; the text and filter conditions are in search-conditions.ts, the
// sidebar's counts in facet-counts.ts.
import { AppError } from '../../shared/errors.ts';
import {
  type TalentQuery,
  type TalentQueryParsed,
  type TalentSearchResult,
  talentQuerySchema,
} from '../../shared/talent.ts';
import { parseOrThrow } from '../../shared/validate.ts';
import type { AppDatabase } from '../store/db.ts';
import { CARD_COLUMNS, type CardRow, toCard } from './cards.ts';
import { filterWhere, type Param, toFtsQuery } from './search-conditions.ts';

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
