// Projects → roles → shortlists: the casting workflow's own tables.
import { v7 as uuidv7 } from 'uuid';
import {
  type Project,
  projectInputSchema,
  projectPatchSchema,
  type Role,
  type RoleInput,
  roleInputSchema,
  rolePatchSchema,
  type ShortlistEntry,
  type ShortlistStatus,
} from '../../shared/casting.ts';
import { AppError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/validate.ts';
import type { AppDatabase } from '../store/db.ts';
import { cardsByIds } from '../talent/cards.ts';

interface ProjectRow {
  id: string;
  name: string;
  description: string | null;
  status: Project['status'];
  role_count: number;
  created_at: number;
  updated_at: number;
}

const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  name: r.name,
  description: r.description,
  status: r.status,
  roleCount: r.role_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listProjects(db: AppDatabase): Project[] {
  // Newest first; the id breaks a tie of two writes in one millisecond, the same way on every desktop.
  const rows = db.sqlite
    .prepare(
      `SELECT p.*, (SELECT count(*) FROM role r WHERE r.project_id = p.id AND r.deleted_at IS NULL) AS role_count
       FROM project p WHERE p.deleted_at IS NULL ORDER BY p.updated_at DESC, p.id DESC`,
    )
    .all() as ProjectRow[];
  return rows.map(toProject);
}

export function getProject(db: AppDatabase, id: string): Project {
  const row = db.sqlite
    .prepare(
      `SELECT p.*, (SELECT count(*) FROM role r WHERE r.project_id = p.id AND r.deleted_at IS NULL) AS role_count
       FROM project p WHERE p.id = ? AND p.deleted_at IS NULL`,
    )
    .get(id) as ProjectRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That project does not exist.');
  return toProject(row);
}

export function createProject(db: AppDatabase, input: unknown): Project {
  const p = parseOrThrow(projectInputSchema, input);
  const id = uuidv7();
  const now = Date.now();
  db.sqlite
    .prepare(
      'INSERT INTO project (id, name, description, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(id, p.name, p.description ?? null, p.status, now, now);
  return getProject(db, id);
}

export function deleteProject(db: AppDatabase, id: string): void {
  const now = Date.now();
  const info = db.sqlite
    .prepare('UPDATE project SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
    .run(now, now, id);
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'That project does not exist.');
}

/** Renames or edits a project: only the fields given change. */
export function updateProject(db: AppDatabase, id: string, patch: unknown): Project {
  const p = parseOrThrow(projectPatchSchema, patch);
  getProject(db, id);
  const sets = Object.entries({ name: p.name, description: p.description, status: p.status }).filter(
    ([, v]) => v !== undefined,
  );
  if (sets.length > 0) {
    db.sqlite
      .prepare(
        `UPDATE project SET ${sets.map(([k]) => `${k} = @${k}`).join(', ')}, updated_at = @now WHERE id = @id`,
      )
      .run({ ...Object.fromEntries(sets), now: Date.now(), id });
  }
  return getProject(db, id);
}

/** Undo of a delete: the tombstoned row comes back as it was. */
export function restoreProject(db: AppDatabase, id: string): Project {
  const info = db.sqlite
    .prepare('UPDATE project SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL')
    .run(Date.now(), id);
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'That project is not in the bin.');
  return getProject(db, id);
}

interface RoleRow {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  age_min: number | null;
  age_max: number | null;
  gender: Role['gender'];
  languages: string;
  status: Role['status'];
  shortlist_count: number;
  created_at: number;
  updated_at: number;
}

const toRole = (r: RoleRow): Role => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  description: r.description,
  ageMin: r.age_min,
  ageMax: r.age_max,
  gender: r.gender,
  languages: JSON.parse(r.languages) as string[],
  status: r.status,
  shortlistCount: r.shortlist_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const ROLE_SELECT = `SELECT r.*, (SELECT count(*) FROM shortlist_entry s WHERE s.role_id = r.id AND s.deleted_at IS NULL) AS shortlist_count FROM role r`;

export function listRoles(db: AppDatabase, projectId: string): Role[] {
  const rows = db.sqlite
    .prepare(`${ROLE_SELECT} WHERE r.project_id = ? AND r.deleted_at IS NULL ORDER BY r.created_at, r.id`)
    .all(projectId) as RoleRow[];
  return rows.map(toRole);
}

export function getRole(db: AppDatabase, id: string): Role {
  const row = db.sqlite.prepare(`${ROLE_SELECT} WHERE r.id = ? AND r.deleted_at IS NULL`).get(id) as
    | RoleRow
    | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That role does not exist.');
  return toRole(row);
}

export function createRole(db: AppDatabase, input: RoleInput): Role {
  const r = parseOrThrow(roleInputSchema, input);
  getProject(db, r.projectId);
  const id = uuidv7();
  const now = Date.now();
  db.sqlite
    .prepare(
      `INSERT INTO role (id, project_id, name, description, age_min, age_max, gender, languages, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      r.projectId,
      r.name,
      r.description ?? null,
      r.ageMin ?? null,
      r.ageMax ?? null,
      r.gender ?? null,
      JSON.stringify(r.languages),
      r.status,
      now,
      now,
    );
  return getRole(db, id);
}

export function deleteRole(db: AppDatabase, id: string): void {
  const now = Date.now();
  const info = db.sqlite
    .prepare('UPDATE role SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
    .run(now, now, id);
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'That role does not exist.');
}

const ROLE_COLUMNS = {
  name: 'name',
  description: 'description',
  ageMin: 'age_min',
  ageMax: 'age_max',
  gender: 'gender',
  languages: 'languages',
  status: 'status',
} as const;

/** Renames or edits a role: only the fields given change; the age range is checked against the stored one. */
export function updateRole(db: AppDatabase, id: string, patch: unknown): Role {
  const p = parseOrThrow(rolePatchSchema, patch);
  const current = getRole(db, id);
  const ageMin = p.ageMin !== undefined ? p.ageMin : current.ageMin;
  const ageMax = p.ageMax !== undefined ? p.ageMax : current.ageMax;
  if (ageMin != null && ageMax != null && ageMin > ageMax) {
    throw new AppError('VALIDATION', 'ageMax: Age "from" must not be above "to"');
  }
  const sets = (Object.keys(ROLE_COLUMNS) as (keyof typeof ROLE_COLUMNS)[])
    .filter((k) => p[k] !== undefined)
    .map((k) => [ROLE_COLUMNS[k], k === 'languages' ? JSON.stringify(p.languages) : p[k]] as const);
  if (sets.length > 0) {
    db.sqlite
      .prepare(
        `UPDATE role SET ${sets.map(([c]) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`,
      )
      .run({ ...Object.fromEntries(sets), now: Date.now(), id });
  }
  return getRole(db, id);
}

export function restoreRole(db: AppDatabase, id: string): Role {
  const info = db.sqlite
    .prepare('UPDATE role SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL')
    .run(Date.now(), id);
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'That role is not in the bin.');
  return getRole(db, id);
}

/** The project a role belongs to (live or not), for events. */
export function projectOfRole(db: AppDatabase, roleId: string): string | undefined {
  const r = db.sqlite.prepare('SELECT project_id FROM role WHERE id = ?').get(roleId) as
    | { project_id: string }
    | undefined;
  return r?.project_id;
}

interface EntryRow {
  id: string;
  role_id: string;
  talent_id: string;
  status: ShortlistStatus;
  notes: string | null;
  rating: number | null;
  position: number;
  updated_at: number;
}

export function getShortlist(db: AppDatabase, roleId: string): ShortlistEntry[] {
  getRole(db, roleId);
  const rows = db.sqlite
    .prepare(
      `SELECT s.* FROM shortlist_entry s JOIN talent t ON t.id = s.talent_id AND t.deleted_at IS NULL
       WHERE s.role_id = ? AND s.deleted_at IS NULL ORDER BY s.status, s.position, s.id`,
    )
    .all(roleId) as EntryRow[];
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
            roleId: r.role_id,
            talent,
            status: r.status,
            notes: r.notes,
            rating: r.rating,
            position: r.position,
            updatedAt: r.updated_at,
          },
        ]
      : [];
  });
}

/** Adds talent to a role's shortlist (as "considered", at the end); adding someone already there is a no-op. */
export function addToShortlist(
  db: AppDatabase,
  roleId: string,
  talentId: string,
  notes?: string | null,
): ShortlistEntry[] {
  db.sqlite.transaction(() => {
    getRole(db, roleId);
    const exists = db.sqlite
      .prepare('SELECT 1 FROM talent WHERE id = ? AND deleted_at IS NULL')
      .get(talentId);
    if (!exists) throw new AppError('NOT_FOUND', 'That profile does not exist.');
    const already = db.sqlite
      .prepare('SELECT 1 FROM shortlist_entry WHERE role_id = ? AND talent_id = ? AND deleted_at IS NULL')
      .get(roleId, talentId);
    if (already) return;
    const { p } = db.sqlite
      .prepare(
        `SELECT coalesce(max(position), 0) + 1 AS p FROM shortlist_entry WHERE role_id = ? AND status = 'considered'`,
      )
      .get(roleId) as { p: number };
    const now = Date.now();
    db.sqlite
      .prepare(
        `INSERT INTO shortlist_entry (id, role_id, talent_id, status, notes, position, created_at, updated_at)
         VALUES (?, ?, ?, 'considered', ?, ?, ?, ?)`,
      )
      .run(uuidv7(), roleId, talentId, notes ?? null, p, now, now);
  })();
  return getShortlist(db, roleId);
}

/** Moves an entry to a status column, before the entry `beforeId` (or to the end). Positions are fractional, so one row changes. */
export function moveShortlistEntry(
  db: AppDatabase,
  entryId: string,
  status: ShortlistStatus,
  beforeId: string | null,
): ShortlistEntry[] {
  const roleId = db.sqlite.transaction(() => {
    const entry = db.sqlite
      .prepare('SELECT * FROM shortlist_entry WHERE id = ? AND deleted_at IS NULL')
      .get(entryId) as EntryRow | undefined;
    if (!entry) throw new AppError('NOT_FOUND', 'That shortlist entry does not exist.');
    const column = db.sqlite
      .prepare(
        'SELECT id, position FROM shortlist_entry WHERE role_id = ? AND status = ? AND deleted_at IS NULL AND id != ? ORDER BY position, id',
      )
      .all(entry.role_id, status, entryId) as { id: string; position: number }[];
    let position: number;
    const idx = beforeId ? column.findIndex((c) => c.id === beforeId) : -1;
    if (idx === -1) position = (column.at(-1)?.position ?? 0) + 1;
    else position = ((column[idx - 1]?.position ?? column[idx]!.position - 1) + column[idx]!.position) / 2;
    db.sqlite
      .prepare('UPDATE shortlist_entry SET status = ?, position = ?, updated_at = ? WHERE id = ?')
      .run(status, position, Date.now(), entryId);
    return entry.role_id;
  })();
  return getShortlist(db, roleId);
}

/** Sets an entry's note and/or rating; a field left out is kept, null clears it (a rating of 0 clears too). */
export function updateShortlistEntry(
  db: AppDatabase,
  entryId: string,
  patch: { notes?: string | null; rating?: number | null },
): string {
  const entry = db.sqlite
    .prepare('SELECT role_id, notes, rating FROM shortlist_entry WHERE id = ? AND deleted_at IS NULL')
    .get(entryId) as { role_id: string; notes: string | null; rating: number | null } | undefined;
  if (!entry) throw new AppError('NOT_FOUND', 'That shortlist entry does not exist.');
  const notes = patch.notes !== undefined ? patch.notes?.trim() || null : entry.notes;
  const rating = patch.rating !== undefined ? patch.rating || null : entry.rating;
  if (notes === entry.notes && rating === entry.rating) return entry.role_id;
  db.sqlite
    .prepare('UPDATE shortlist_entry SET notes = ?, rating = ?, updated_at = ? WHERE id = ?')
    .run(notes, rating, Date.now(), entryId);
  return entry.role_id;
}

export function removeFromShortlist(db: AppDatabase, entryId: string): void {
  const now = Date.now();
  const info = db.sqlite
    .prepare('UPDATE shortlist_entry SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
    .run(now, now, entryId);
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'That shortlist entry does not exist.');
}
