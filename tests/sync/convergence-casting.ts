// The casting half of the convergence model (convergence-model.ts): random operations on projects, roles and
// shortlist entries (add, move between status columns, rate and note, remove), through the same repository calls
// the app's handlers use, so that their capture runs as in the product. Every office starts with one project,
// two roles and a few people that all desktops hold, so shortlist operations meet shared rows from the first
// step; `clash` shortlists the same person for the same role on two desktops before either syncs (the unique
// shortlist index that apply.ts settles).
import fc from 'fast-check';
import {
  addToShortlist,
  createProject,
  createRole,
  deleteRole,
  moveShortlistEntry,
  removeFromShortlist,
  restoreRole,
  updateRole,
  updateShortlistEntry,
} from '../../src/backend/casting/repo.ts';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { SHORTLIST_STATUSES } from '../../src/shared/casting.ts';
import { AppError } from '../../src/shared/errors.ts';

export type CastingOp =
  | { kind: 'role'; desk: number; name: string }
  | { kind: 'roleEdit'; desk: number; row: number; pick: number }
  | { kind: 'roleDelete'; desk: number; row: number }
  | { kind: 'roleRestore'; desk: number; row: number }
  | { kind: 'shortlist'; desk: number; row: number; role: number }
  | { kind: 'move'; desk: number; row: number; status: number; before: number }
  | { kind: 'rate'; desk: number; row: number; pick: number }
  | { kind: 'unshortlist'; desk: number; row: number }
  | { kind: 'clash'; desks: [number, number]; row: number };

const CASTING_KINDS = new Set<string>([
  'role',
  'roleEdit',
  'roleDelete',
  'roleRestore',
  'shortlist',
  'move',
  'rate',
  'unshortlist',
  'clash',
]);
export const isCastingOp = (op: { kind: string }): op is CastingOp => CASTING_KINDS.has(op.kind);

export function castingOpArb(desks: number): fc.Arbitrary<CastingOp> {
  const desk = fc.nat(desks - 1);
  const row = fc.nat(40);
  const k = <K extends CastingOp['kind']>(kind: K) => fc.constant(kind);
  return fc.oneof(
    { weight: 1, arbitrary: fc.record({ kind: k('role'), desk, name: fc.constantFrom('Inspector', 'Aai') }) },
    { weight: 2, arbitrary: fc.record({ kind: k('roleEdit'), desk, row, pick: fc.nat(6) }) },
    { weight: 1, arbitrary: fc.record({ kind: k('roleDelete'), desk, row }) },
    { weight: 1, arbitrary: fc.record({ kind: k('roleRestore'), desk, row }) },
    { weight: 4, arbitrary: fc.record({ kind: k('shortlist'), desk, row, role: fc.nat(3) }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: k('move'),
        desk,
        row,
        status: fc.nat(SHORTLIST_STATUSES.length - 1),
        before: fc.nat(5),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: k('rate'), desk, row, pick: fc.nat(6) }) },
    { weight: 1, arbitrary: fc.record({ kind: k('unshortlist'), desk, row }) },
  );
}

/** Two different desktops shortlist the same seeded person for the first seeded role before syncing. */
export function clashArb(desks: number): fc.Arbitrary<CastingOp> {
  return fc
    .tuple(fc.nat(desks - 1), fc.nat(desks - 2), fc.nat(2))
    .map(([a, b, row]) => ({ kind: 'clash', desks: [a, b >= a ? b + 1 : b], row }));
}

/** The rows every desktop of a new office starts from (created on the first, then pulled by the others). */
export function seedOffice(db: AppDatabase): void {
  const project = createProject(db, { name: 'Dharavi Diaries' });
  createRole(db, { projectId: project.id, name: 'Lead', ageMin: 25, ageMax: 35 });
  createRole(db, { projectId: project.id, name: 'Mother', gender: 'female' });
  for (const name of ['Meher Bhatia', 'Arjun Rao', 'Sana Qureshi']) createTalent(db, { fullName: name });
}

const ids = (db: AppDatabase, sql: string): string[] =>
  (db.sqlite.prepare(sql).all() as { id: string }[]).map((r) => r.id);
const at = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
const liveRoles = (db: AppDatabase) => ids(db, 'SELECT id FROM role WHERE deleted_at IS NULL ORDER BY id');
const liveEntries = (db: AppDatabase) =>
  ids(db, 'SELECT id FROM shortlist_entry WHERE deleted_at IS NULL ORDER BY id');
const liveTalent = (db: AppDatabase) => ids(db, 'SELECT id FROM talent WHERE deleted_at IS NULL ORDER BY id');

/**
 * One casting operation on `dbs[desk]`. A row another desktop deleted meanwhile answers NOT_FOUND in the app
 * (the user sees "that entry does not exist"); here that is an operation that did nothing.
 */
export function applyCasting(op: CastingOp, dbs: readonly AppDatabase[]): number {
  try {
    if (op.kind === 'clash') {
      let done = 0;
      for (const i of op.desks) {
        const db = dbs[i % dbs.length]!;
        const role = ids(db, 'SELECT id FROM role ORDER BY created_at, id LIMIT 1')[0];
        const person = at(ids(db, 'SELECT id FROM talent ORDER BY created_at, id LIMIT 3'), op.row);
        if (role && person) {
          addToShortlist(db, role, person);
          done++;
        }
      }
      return done;
    }
    const db = dbs[op.desk % dbs.length]!;
    switch (op.kind) {
      case 'role': {
        const project = ids(db, 'SELECT id FROM project WHERE deleted_at IS NULL ORDER BY id')[0];
        if (!project) return 0;
        createRole(db, { projectId: project, name: `${op.name} ${op.desk}` });
        return 1;
      }
      case 'roleEdit': {
        const id = at(liveRoles(db), op.row);
        if (!id) return 0;
        updateRole(db, id, op.pick % 2 ? { name: `Role ${op.pick}` } : { ageMin: 20 + op.pick, ageMax: 40 });
        return 1;
      }
      case 'roleDelete': {
        const id = at(liveRoles(db), op.row);
        if (!id) return 0;
        deleteRole(db, id);
        return 1;
      }
      case 'roleRestore': {
        const id = at(ids(db, 'SELECT id FROM role WHERE deleted_at IS NOT NULL ORDER BY id'), op.row);
        if (!id) return 0;
        restoreRole(db, id);
        return 1;
      }
      case 'shortlist': {
        const role = at(liveRoles(db), op.role);
        const person = at(liveTalent(db), op.row);
        if (!role || !person) return 0;
        addToShortlist(db, role, person);
        return 1;
      }
      case 'move': {
        const id = at(liveEntries(db), op.row);
        if (!id) return 0;
        const status = SHORTLIST_STATUSES[op.status % SHORTLIST_STATUSES.length]!;
        const column = ids(
          db,
          `SELECT id FROM shortlist_entry WHERE deleted_at IS NULL AND status = '${status}' ORDER BY position, id`,
        );
        moveShortlistEntry(db, id, status, op.before < column.length ? column[op.before]! : null);
        return 1;
      }
      case 'rate': {
        const id = at(liveEntries(db), op.row);
        if (!id) return 0;
        updateShortlistEntry(db, id, {
          rating: op.pick % 6 || null,
          ...(op.pick % 2 ? { notes: `callback ${op.pick} — “strong”` } : {}),
        });
        return 1;
      }
      case 'unshortlist': {
        const id = at(liveEntries(db), op.row);
        if (!id) return 0;
        removeFromShortlist(db, id);
        return 1;
      }
    }
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return 0;
    throw e;
  }
}
