// A viewer's desktop is read-only here too, not only refused by the server: while the signed-in role is viewer,
// every method that writes the office's data (a synced table) answers READ_ONLY before its handler runs, so no
// change is made locally that the office would never take. Local-only state (chat, settings, search, exports,
// a match brief) stays writable. The renderer disables the same controls (ui/can-edit.tsx).

import type { MethodName } from '../../shared/api.ts';
import { AppError } from '../../shared/errors.ts';
import type { ToolContext } from '../claude/tool-context.ts';
import type { Handlers } from './dispatch.ts';

/** The methods that write synced tables (talent, projects, roles, shortlists, auditions, headshots, scripts, memory). */
export const OFFICE_WRITES = [
  'talent.create',
  'talent.update',
  'talent.delete',
  'talent.restore',
  'talentImport.run',
  'talentImport.duplicates.resolve',
  'demo.seed',
  'projects.create',
  'projects.update',
  'projects.delete',
  'projects.restore',
  'roles.create',
  'roles.update',
  'roles.delete',
  'roles.restore',
  'shortlist.add',
  'shortlist.move',
  'shortlist.remove',
  'shortlist.update',
  'auditions.create',
  'auditions.update',
  'auditions.delete',
  'auditions.restore',
  'headshots.import',
  'headshots.delete',
  'headshots.reorder',
  'headshots.setPrimary',
  'headshots.resolveReview',
  'script.analyze',
  'script.delete',
  'script.makeRoles',
  'script.notes.add',
  'script.notes.update',
  'script.notes.delete',
  'memory.create',
  'memory.update',
  'memory.delete',
  'breakdown.applyToRole',
] as const satisfies readonly MethodName[];

export const READ_ONLY_MESSAGE =
  'You are a viewer in this office: you can read its data but not change it. Ask an admin for another role.';

/** Wraps the office's write handlers so that they refuse while `readOnly()` holds. */
export function guardViewerWrites(handlers: Handlers, readOnly: () => boolean): Handlers {
  const out: Record<string, unknown> = { ...handlers };
  for (const name of OFFICE_WRITES) {
    const h = handlers[name] as (input: unknown) => unknown;
    out[name] = (input: unknown) => {
      if (readOnly()) throw new AppError('READ_ONLY', READ_ONLY_MESSAGE);
      return h(input);
    };
  }
  return out as Handlers;
}

/**
 * Claude's tools for a viewer: reading stays, saving an office memory (the one tool that writes a synced table;
 * a proposed shortlist addition is written by shortlist.add, guarded above) answers READ_ONLY, which the tool
 * loop hands back to Claude as the tool's error.
 */
export function guardViewerTools(tools: ToolContext, readOnly: () => boolean): ToolContext {
  return {
    ...tools,
    remember: (text, pinned) => {
      if (readOnly()) throw new AppError('READ_ONLY', READ_ONLY_MESSAGE);
      return tools.remember(text, pinned);
    },
  };
}
