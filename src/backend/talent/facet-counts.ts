// Counts for the filter sidebar (one group-by per dimension), and the whole office's counts cached per
// connection. The facets worker (facets-worker.ts) runs them off the backend's thread.
import type { TalentFacets, TalentQuery } from '../../shared/talent.ts';
import type { AppDatabase } from '../store/db.ts';
import { parseTalentQuery } from './search.ts';
import { type FilterKey, filterWhere, toFtsQuery } from './search-conditions.ts';

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
