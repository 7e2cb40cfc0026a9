// Audition slots: a schedule per role and per project, with clash detection. A clash is the same person in two
// auditions at overlapping times, or two people in the same place at overlapping times. Create and update
// refuse a clash unless the caller says it is intended (`allowClash`): the UI asks first, with the clashes shown.
import { v7 as uuidv7 } from 'uuid';
import {
  type Audition,
  type AuditionClash,
  auditionClashInputSchema,
  auditionInputSchema,
  auditionPatchSchema,
} from '../../shared/casting.ts';
import { AppError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/validate.ts';
import type { AppDatabase } from '../store/db.ts';
import { cardsByIds } from '../talent/cards.ts';
import { getRole } from './repo.ts';

interface AuditionRow {
  id: string;
  project_id: string;
  role_id: string;
  role_name: string;
  talent_id: string;
  starts_at: string;
  ends_at: string;
  place: string;
  status: Audition['status'];
  notes: string | null;
  updated_at: number;
}

// Auditions of a deleted role, project or profile drop out of lists and clash checks, and come back on undo.
const SELECT = `SELECT a.*, r.name AS role_name FROM audition a
  JOIN role r ON r.id = a.role_id AND r.deleted_at IS NULL
  JOIN project p ON p.id = a.project_id AND p.deleted_at IS NULL
  JOIN talent t ON t.id = a.talent_id AND t.deleted_at IS NULL`;

function toAuditions(db: AppDatabase, rows: AuditionRow[]): Audition[] {
  const cards = cardsByIds(
    db,
    rows.map((r) => r.talent_id),
  );
  return rows.flatMap((r) => {
    const talent = cards.get(r.talent_id);
    return talent
      ? [
          {
            id: r.id,
            projectId: r.project_id,
            roleId: r.role_id,
            roleName: r.role_name,
            talent,
            startsAt: r.starts_at,
            endsAt: r.ends_at,
            place: r.place,
            status: r.status,
            notes: r.notes,
            updatedAt: r.updated_at,
          },
        ]
      : [];
  });
}

export function getAudition(db: AppDatabase, id: string): Audition {
  const row = db.sqlite.prepare(`${SELECT} WHERE a.id = ? AND a.deleted_at IS NULL`).get(id) as
    | AuditionRow
    | undefined;
  const a = row && toAuditions(db, [row])[0];
  if (!a) throw new AppError('NOT_FOUND', 'That audition does not exist.');
  return a;
}

/** A project's auditions in time order, optionally for one role and/or one day ('YYYY-MM-DD'). */
export function listAuditions(
  db: AppDatabase,
  q: { projectId: string; roleId?: string | null; day?: string | null },
): Audition[] {
  const rows = db.sqlite
    .prepare(
      `${SELECT} WHERE a.project_id = @projectId AND a.deleted_at IS NULL
         AND (@roleId IS NULL OR a.role_id = @roleId)
         AND (@day IS NULL OR substr(a.starts_at, 1, 10) = @day)
       ORDER BY a.starts_at, a.place, a.id`,
    )
    .all({ projectId: q.projectId, roleId: q.roleId ?? null, day: q.day ?? null }) as AuditionRow[];
  return toAuditions(db, rows);
}

/** Places are stored tidied, and compared without case: "Studio  2 " and "studio 2" are one room. */
const tidyPlace = (p: string) => p.trim().replace(/\s+/g, ' ');
const placeKey = (p: string) => tidyPlace(p).toLowerCase();

/** Live, not cancelled auditions that overlap [startsAt, endsAt) for this person or in this place (compared here,
 * not in SQL, so that case folding is JavaScript's for every script). */
export function findClashes(db: AppDatabase, input: unknown): AuditionClash[] {
  const c = parseOrThrow(auditionClashInputSchema, input);
  const rows = db.sqlite
    .prepare(
      `${SELECT} WHERE a.deleted_at IS NULL AND a.status != 'cancelled' AND a.id != @id
         AND a.starts_at < @endsAt AND @startsAt < a.ends_at
       ORDER BY a.starts_at, a.id`,
    )
    .all({
      id: c.id ?? '',
      startsAt: c.startsAt,
      endsAt: c.endsAt,
    }) as AuditionRow[];
  const key = placeKey(c.place);
  return toAuditions(db, rows).flatMap((a): AuditionClash[] => {
    const when = `${a.startsAt.slice(11)}–${a.endsAt.slice(11)}`;
    const name = a.talent.stageName ?? a.talent.fullName;
    const base = {
      auditionId: a.id,
      talentName: name,
      roleName: a.roleName,
      place: a.place,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
    };
    if (a.talent.id === c.talentId) {
      return [
        { ...base, kind: 'talent', message: `${name} is already at ${a.place} ${when} (${a.roleName})` },
      ];
    }
    if (placeKey(a.place) === key) {
      return [{ ...base, kind: 'place', message: `${a.place} is taken ${when} by ${name} (${a.roleName})` }];
    }
    return [];
  });
}

function refuseClashes(clashes: AuditionClash[]): void {
  if (clashes.length === 0) return;
  throw new AppError(
    'AUDITION_CLASH',
    `This time clashes: ${clashes.map((c) => c.message).join('; ')}. Choose another time or place, or save anyway.`,
  );
}

export function createAudition(db: AppDatabase, input: unknown): Audition {
  const a = parseOrThrow(auditionInputSchema, input);
  const id = uuidv7();
  db.sqlite.transaction(() => {
    const role = getRole(db, a.roleId);
    const exists = db.sqlite
      .prepare('SELECT 1 FROM talent WHERE id = ? AND deleted_at IS NULL')
      .get(a.talentId);
    if (!exists) throw new AppError('NOT_FOUND', 'That profile does not exist.');
    if (!a.allowClash && a.status !== 'cancelled') refuseClashes(findClashes(db, a));
    const now = Date.now();
    db.sqlite
      .prepare(
        `INSERT INTO audition (id, project_id, role_id, talent_id, starts_at, ends_at, place, status, notes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        role.projectId,
        a.roleId,
        a.talentId,
        a.startsAt,
        a.endsAt,
        tidyPlace(a.place),
        a.status,
        a.notes ?? null,
        now,
        now,
      );
  })();
  return getAudition(db, id);
}

export function updateAudition(db: AppDatabase, id: string, patch: unknown, allowClash = false): Audition {
  const p = parseOrThrow(auditionPatchSchema, patch);
  db.sqlite.transaction(() => {
    const cur = getAudition(db, id);
    const next = {
      startsAt: p.startsAt ?? cur.startsAt,
      endsAt: p.endsAt ?? cur.endsAt,
      place: p.place != null ? tidyPlace(p.place) : cur.place,
      status: p.status ?? cur.status,
      notes: p.notes !== undefined ? p.notes || null : cur.notes,
    };
    if (next.startsAt >= next.endsAt) {
      throw new AppError('VALIDATION', 'endsAt: The audition must end after it starts');
    }
    const moved = next.startsAt !== cur.startsAt || next.endsAt !== cur.endsAt || next.place !== cur.place;
    const revived = cur.status === 'cancelled' && next.status !== 'cancelled';
    if (!allowClash && next.status !== 'cancelled' && (moved || revived)) {
      refuseClashes(findClashes(db, { ...next, id, talentId: cur.talent.id }));
    }
    db.sqlite
      .prepare(
        `UPDATE audition SET starts_at = @startsAt, ends_at = @endsAt, place = @place, status = @status,
           notes = @notes, updated_at = @now WHERE id = @id`,
      )
      .run({ ...next, now: Date.now(), id });
  })();
  return getAudition(db, id);
}

export function deleteAudition(db: AppDatabase, id: string): Audition {
  const a = getAudition(db, id);
  const now = Date.now();
  db.sqlite.prepare('UPDATE audition SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
  return a;
}

export function restoreAudition(db: AppDatabase, id: string): Audition {
  const info = db.sqlite
    .prepare('UPDATE audition SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL')
    .run(Date.now(), id);
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'That audition is not in the bin.');
  return getAudition(db, id);
}
