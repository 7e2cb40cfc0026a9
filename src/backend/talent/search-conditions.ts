// What a talent search matches, as SQL: the typed text as a safe FTS5 query and the structured filters as
// WHERE clauses over talent_filter. The page query (search.ts) and the facet counts (facet-counts.ts) share them.
import type { TalentFilters } from '../../shared/talent.ts';
import { nameVariants } from './name-variants.ts';
import { canonicalLanguage } from './normalize.ts';

export type Param = string | number;
export type FilterKey = keyof TalentFilters;

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

export interface Where {
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
export function filterWhere(f: TalentFilters, skip?: FilterKey, perRow = false): Where {
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
