// The projects, roles and auditions methods of the contract, as handlers for the backend's dispatcher:
// `...createCastingHandlers(db, { emit, tablePdf })` next to the other handlers. Every write emits
// `casting.changed` so that other open screens (and windows) refetch.
import type { z } from 'zod';
import type { Methods } from '../../shared/api.ts';
import type { PdfTable } from '../../shared/casting.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppDatabase } from '../store/db.ts';
import { scheduleCsv, scheduleSheet, slugify } from './audition-export.ts';
import {
  createAudition,
  deleteAudition,
  findClashes,
  listAuditions,
  restoreAudition,
  updateAudition,
} from './auditions.ts';
import {
  createProject,
  createRole,
  deleteProject,
  deleteRole,
  getProject,
  getRole,
  listProjects,
  listRoles,
  projectOfRole,
  restoreProject,
  restoreRole,
  updateProject,
  updateRole,
} from './repo.ts';

type Names =
  | 'projects.list'
  | 'projects.create'
  | 'projects.update'
  | 'projects.delete'
  | 'projects.restore'
  | 'roles.list'
  | 'roles.create'
  | 'roles.update'
  | 'roles.delete'
  | 'roles.restore'
  | 'auditions.list'
  | 'auditions.clashes'
  | 'auditions.create'
  | 'auditions.update'
  | 'auditions.delete'
  | 'auditions.restore'
  | 'auditions.export';
type M = Pick<Methods, Names>;
export type CastingHandlers = {
  [K in keyof M]: (
    input: z.output<M[K]['input']>,
  ) => z.input<M[K]['output']> | Promise<z.input<M[K]['output']>>;
};

export interface CastingDeps {
  /** Emits `casting.changed`. */
  emit: (payload: { projectId?: string; roleId?: string }) => void;
  /** Draws a table as a PDF (export/schedule-pdf.ts). */
  tablePdf: (t: PdfTable) => Promise<Uint8Array>;
}

const ok = { ok: true as const };

export function createCastingHandlers(db: AppDatabase, { emit, tablePdf }: CastingDeps): CastingHandlers {
  const phone = db.sqlite.prepare('SELECT phone FROM talent WHERE id = ?');
  return {
    'projects.list': () => listProjects(db),
    'projects.create': (input) => {
      const p = createProject(db, input);
      emit({ projectId: p.id });
      return p;
    },
    'projects.update': ({ id, patch }) => {
      const p = updateProject(db, id, patch);
      emit({ projectId: id });
      return p;
    },
    'projects.delete': ({ id }) => {
      deleteProject(db, id);
      emit({ projectId: id });
      return ok;
    },
    'projects.restore': ({ id }) => {
      const p = restoreProject(db, id);
      emit({ projectId: id });
      return p;
    },
    'roles.list': ({ projectId }) => listRoles(db, projectId),
    'roles.create': (input) => {
      const r = createRole(db, input);
      emit({ projectId: r.projectId, roleId: r.id });
      return r;
    },
    'roles.update': ({ id, patch }) => {
      const r = updateRole(db, id, patch);
      emit({ projectId: r.projectId, roleId: id });
      return r;
    },
    'roles.delete': ({ id }) => {
      deleteRole(db, id);
      emit({ projectId: projectOfRole(db, id), roleId: id });
      return ok;
    },
    'roles.restore': ({ id }) => {
      const r = restoreRole(db, id);
      emit({ projectId: r.projectId, roleId: id });
      return r;
    },
    'auditions.list': (q) => listAuditions(db, q),
    'auditions.clashes': (input) => findClashes(db, input),
    'auditions.create': (input) => {
      const a = createAudition(db, input);
      emit({ projectId: a.projectId, roleId: a.roleId });
      return a;
    },
    'auditions.update': ({ id, patch, allowClash }) => {
      const a = updateAudition(db, id, patch, allowClash);
      emit({ projectId: a.projectId, roleId: a.roleId });
      return a;
    },
    'auditions.delete': ({ id }) => {
      const a = deleteAudition(db, id);
      emit({ projectId: a.projectId, roleId: a.roleId });
      return ok;
    },
    'auditions.restore': ({ id }) => {
      const a = restoreAudition(db, id);
      emit({ projectId: a.projectId, roleId: a.roleId });
      return a;
    },
    'auditions.export': async ({ projectId, roleId, day, format }) => {
      const project = getProject(db, projectId);
      const role = roleId ? getRole(db, roleId) : null;
      if (role && role.projectId !== projectId)
        throw new AppError('NOT_FOUND', 'That role is not in this project.');
      const list = listAuditions(db, { projectId, roleId, day });
      const sheet = scheduleSheet(list, { projectName: project.name, roleName: role?.name, day }, (id) => {
        return (phone.get(id) as { phone: string | null } | undefined)?.phone ?? null;
      });
      const base = `${slugify(project.name)}${role ? `-${slugify(role.name)}` : ''}-auditions-${day}`;
      if (format === 'csv') {
        const csv = Buffer.from(scheduleCsv(sheet), 'utf8');
        return {
          fileName: `${base}.csv`,
          mime: 'text/csv',
          base64: csv.toString('base64'),
          rows: sheet.rows.length,
        };
      }
      // The date is in the title: the PDF's table starts at the start time.
      const pdf = await tablePdf({
        ...sheet,
        header: sheet.header.slice(1),
        rows: sheet.rows.map((r) => r.slice(1)),
        widths: [0.8, 0.8, 2, 2.6, 1.8, 1.2, 1.9, 4.2],
      });
      return {
        fileName: `${base}.pdf`,
        mime: 'application/pdf',
        base64: Buffer.from(pdf).toString('base64'),
        rows: sheet.rows.length,
      };
    },
  };
}
