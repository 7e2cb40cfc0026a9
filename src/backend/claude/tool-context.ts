// ToolContext: what Claude's tools (tool-runner.ts) need from the app; and dbToolContext, it over the office
// database through the same modules as the UI: talent search and profiles (src/backend/talent), projects,
// roles and shortlists (src/backend/casting/repo.ts), memories (./memory-store.ts). Scripts are read straight
// from the script table (their analysis JSON is read tolerantly by the tool).

import type { Memory } from '../../shared/chat-memory.ts';
import { AppError } from '../../shared/errors.ts';
import type { Talent, TalentQuery, TalentSearchResult } from '../../shared/talent.ts';
import { getProject, getRole, getShortlist, listProjects, listRoles } from '../casting/repo.ts';
import { type ResolvedValues, resolveValues, type VocabularyKind } from '../match/vocabulary.ts';
import type { AppDatabase } from '../store/db.ts';
import { getTalent } from '../talent/repo.ts';
import { searchTalent } from '../talent/search.ts';
import { createMemory } from './memory-store.ts';

export type ProjectSummary = {
  id: string;
  name: string;
  status: string;
  description: string | null;
  roleCount: number;
};
export type RoleSummary = {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  ageMin: number | null;
  ageMax: number | null;
  gender: string | null;
  languages: string[];
  status: string;
  shortlisted: number;
};
export type ShortlistView = {
  role: { id: string; name: string; projectId: string; projectName: string | null };
  entries: Array<{
    talentId: string;
    fullName: string;
    status: string;
    notes: string | null;
    rating: number | null;
  }>;
};
export type ScriptRecord = { id: string; title: string; projectId: string | null; analysis: unknown };

/** What the tools need from the app. dbToolContext() implements it over the office database. */
export interface ToolContext {
  searchTalent(query: TalentQuery): TalentSearchResult;
  /** Throws AppError NOT_FOUND when absent. */
  getTalent(id: string): Talent;
  listProjects(opts: { includeClosed: boolean }): ProjectSummary[];
  listRoles(projectId: string): RoleSummary[];
  /** Null when the role does not exist. */
  getShortlist(roleId: string): ShortlistView | null;
  /** By id, or the newest script of a project; null when none. */
  getScript(opts: { scriptId?: string; projectId?: string }): ScriptRecord | null;
  listScripts(): Array<{ id: string; title: string; projectId: string | null }>;
  remember(text: string, pinned: boolean): Memory;
  /** The office's spellings of filter values (see match/vocabulary.ts); without it values pass as given. */
  resolveValues?(kind: VocabularyKind, values: string[]): ResolvedValues;
}

/** null for a missing row instead of NOT_FOUND. */
function orNull<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

export function dbToolContext(
  db: AppDatabase,
  conversationId: string | null,
  author: () => string | null = () => null,
): ToolContext {
  const s = db.sqlite;
  return {
    searchTalent: (q) => searchTalent(db, q),
    getTalent: (id) => getTalent(db, id),
    listProjects: ({ includeClosed }) =>
      listProjects(db)
        .filter((p) => includeClosed || p.status !== 'wrapped')
        .map((p) => ({
          id: p.id,
          name: p.name,
          status: p.status,
          description: p.description,
          roleCount: p.roleCount,
        })),
    listRoles: (projectId) =>
      listRoles(db, projectId).map((r) => ({
        id: r.id,
        projectId: r.projectId,
        name: r.name,
        description: r.description,
        ageMin: r.ageMin,
        ageMax: r.ageMax,
        gender: r.gender,
        languages: r.languages,
        status: r.status,
        shortlisted: r.shortlistCount,
      })),
    getShortlist: (roleId): ShortlistView | null => {
      const role = orNull(() => getRole(db, roleId));
      if (!role) return null;
      const project = orNull(() => getProject(db, role.projectId));
      const entries = getShortlist(db, roleId).map((e) => ({
        talentId: e.talent.id,
        fullName: e.talent.fullName,
        status: e.status,
        notes: e.notes,
        rating: e.rating,
      }));
      return {
        role: { id: role.id, name: role.name, projectId: role.projectId, projectName: project?.name ?? null },
        entries,
      };
    },
    getScript: ({ scriptId, projectId }) => {
      const row = scriptId
        ? s
            .prepare(
              'SELECT id, title, project_id AS projectId, analysis FROM script WHERE id = ? AND deleted_at IS NULL',
            )
            .get(scriptId)
        : s
            .prepare(
              'SELECT id, title, project_id AS projectId, analysis FROM script WHERE project_id = ? AND deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1',
            )
            .get(projectId ?? '');
      return (row as ScriptRecord | undefined) ?? null;
    },
    listScripts: () =>
      s
        .prepare(
          'SELECT id, title, project_id AS projectId FROM script WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 100',
        )
        .all() as Array<{ id: string; title: string; projectId: string | null }>,
    remember: (text, pinned) =>
      createMemory(db, { text, pinned, sourceConversationId: conversationId, addedBy: author() }),
    resolveValues: (kind, values) => resolveValues(db, kind, values),
  };
}
