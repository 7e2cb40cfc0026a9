import type { TalentCard } from '../../shared/talent.ts';
import type { AppDatabase } from '../store/db.ts';

export interface CardRow {
  id: string;
  full_name: string;
  native_name: string | null;
  stage_name: string | null;
  gender: string | null;
  age_from: number | null;
  age_to: number | null;
  height_cm: number | null;
  city: string | null;
  languages: string;
  skills: string;
  union_name: string | null;
  availability: string;
  rating: number | null;
  primary_headshot: string | null;
  updated_at: number;
}

export const CARD_COLUMNS = `t.id, t.full_name, t.native_name, t.stage_name, t.gender, t.age_from, t.age_to, t.height_cm,
  t.city, t.languages, t.skills, t.union_name, t.availability, t.rating, t.primary_headshot, t.updated_at`;

export function toCard(r: CardRow): TalentCard {
  return {
    id: r.id,
    fullName: r.full_name,
    nativeName: r.native_name,
    stageName: r.stage_name,
    gender: r.gender as TalentCard['gender'],
    playingAgeMin: r.age_from,
    playingAgeMax: r.age_to,
    heightCm: r.height_cm,
    city: r.city,
    languages: (JSON.parse(r.languages) as { language: string }[]).map((l) => l.language),
    skills: JSON.parse(r.skills) as string[],
    unionName: r.union_name,
    availability: r.availability as TalentCard['availability'],
    rating: r.rating,
    primaryHeadshot: r.primary_headshot,
    updatedAt: r.updated_at,
  };
}

/** Cards for the given ids (missing or deleted ids are left out). */
export function cardsByIds(db: AppDatabase, ids: readonly string[]): Map<string, TalentCard> {
  const out = new Map<string, TalentCard>();
  if (ids.length === 0) return out;
  const rows = db.sqlite
    .prepare(
      `SELECT ${CARD_COLUMNS} FROM talent t
       WHERE t.deleted_at IS NULL AND t.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as CardRow[];
  for (const r of rows) out.set(r.id, toCard(r));
  return out;
}
