// A role's matching brief: kept per role in the `setting` table (key `match.brief:<roleId>`), so no
// migration is needed; a role without one gets the defaults. The hard filters come from the role's own
// fields unless the brief overrides them.

import type { Role } from '../../shared/casting.ts';
import { AppError } from '../../shared/errors.ts';
import { type MatchBrief, type MatchBriefInput, matchBriefSchema } from '../../shared/match.ts';
import type { TalentFilters } from '../../shared/talent.ts';
import { parseOrThrow } from '../../shared/validate.ts';
import { getRole } from '../casting/repo.ts';
import type { AppDatabase } from '../store/db.ts';

const key = (roleId: string) => `match.brief:${roleId}`;

export const defaultBrief = (): MatchBrief => matchBriefSchema.parse({});

/** The saved brief, or the defaults; a stored brief that no longer parses (an older shape) is replaced by them. */
export function loadBrief(db: AppDatabase, roleId: string): MatchBrief {
  getRole(db, roleId);
  const row = db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(key(roleId)) as
    | { value: string }
    | undefined;
  if (!row) return defaultBrief();
  try {
    const r = matchBriefSchema.safeParse(JSON.parse(row.value));
    return r.success ? r.data : defaultBrief();
  } catch {
    return defaultBrief();
  }
}

export function saveBrief(db: AppDatabase, roleId: string, brief: MatchBriefInput): MatchBrief {
  getRole(db, roleId);
  const parsed = parseOrThrow(matchBriefSchema, brief);
  db.sqlite
    .prepare(
      'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(key(roleId), JSON.stringify(parsed), Date.now());
  return parsed;
}

export type RoleBrief = Pick<Role, 'id' | 'description' | 'ageMin' | 'ageMax' | 'gender' | 'languages'>;

/** The hard filters, as Talent-screen filters: they run through the one search's SQL (search.ts). */
export function hardFilters(role: RoleBrief, brief: MatchBrief): TalentFilters {
  const genders = brief.genders ?? (role.gender ? [role.gender] : []);
  const ageMin = brief.ageMin ?? role.ageMin;
  const ageMax = brief.ageMax ?? role.ageMax;
  if (ageMin != null && ageMax != null && ageMin > ageMax) {
    throw new AppError('VALIDATION', 'The role’s age "from" is above its "to".');
  }
  // A language the role names without a level needs no more than a listed fluency; the brief can raise it.
  const languages = brief.languages ?? role.languages.map((language) => ({ language, minFluency: 1 }));
  return {
    genders: [...new Set(genders)],
    ageMin,
    ageMax,
    heightMin: null,
    heightMax: null,
    languages,
    skills: [],
    cities: [],
    unions: [],
    tags: [],
    availability: [],
  };
}
