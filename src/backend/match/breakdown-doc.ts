// What a kept breakdown becomes: a role's brief (the role's own fields and its matching brief fill from it)
// and the breakdown document agencies expect, as plain text to paste into an email. The PDF is drawn from
// the same sections (export/breakdown-pdf.ts).
import { IMPORTANCE_LABELS, type RoleBreakdown } from '../../shared/breakdown.ts';
import { AppError } from '../../shared/errors.ts';
import { createProject, createRole, getProject, getRole, listRoles, updateRole } from '../casting/repo.ts';
import { getScript, setScriptProject } from '../script/store.ts';
import type { AppDatabase } from '../store/db.ts';
import { loadBrief, saveBrief } from './brief.ts';

const GENDER_WORD = { female: 'Female', male: 'Male' } as const;

/** One document section: a heading and its lines (the text export and the PDF both draw these). */
export type DocSection = { heading: string; lines: string[] };

export function ageRangeText(b: Pick<RoleBreakdown, 'ageMin' | 'ageMax'>): string {
  if (b.ageMin != null && b.ageMax != null)
    return b.ageMin === b.ageMax ? `${b.ageMin}` : `${b.ageMin}–${b.ageMax}`;
  if (b.ageMin != null) return `${b.ageMin}+`;
  if (b.ageMax != null) return `up to ${b.ageMax}`;
  return 'Open';
}

/** The role's description as a casting director writes it: who they are, how they look, where they go. */
export function descriptionOf(b: RoleBreakdown): string {
  return [b.intro, b.look, b.personality, b.arc ? `Arc: ${b.arc}` : null]
    .filter((x): x is string => Boolean(x?.trim()))
    .join('\n\n');
}

/** The agencies' format: ROLE NAME, age range, gender, languages, description, key scenes, audition lines. */
export function breakdownSections(b: RoleBreakdown): {
  title: string;
  facts: string[];
  sections: DocSection[];
} {
  const facts = [
    `Age range: ${ageRangeText(b)}`,
    `Gender: ${b.gender ? GENDER_WORD[b.gender] : 'Open'}`,
    `Languages: ${b.languages.length ? b.languages.join(', ') : 'Not stated'}`,
    ...(b.dialects.length ? [`Dialects: ${b.dialects.join(', ')}`] : []),
    ...(b.region ? [`Region / community: ${b.region}`] : []),
    `Importance: ${IMPORTANCE_LABELS[b.importance]} (${b.importanceWhy})`,
  ];
  const description = descriptionOf(b);
  const sections: DocSection[] = [
    { heading: 'Description', lines: description ? description.split('\n') : ['(none yet)'] },
    {
      heading: 'Key scenes',
      lines: b.keyScenes.length
        ? b.keyScenes.map((s) => `- Sc. ${s.number ?? s.index + 1}: ${s.heading} (p. ${s.page})`)
        : ['(none)'],
    },
    {
      heading: 'Audition lines',
      lines: b.auditionLines.length
        ? b.auditionLines.map(
            (l) =>
              `- p. ${l.page}, ${l.cue} (${l.words} words)${l.text ? `: "${l.text.replace(/\s+/g, ' ')}"` : ''}`,
          )
        : ['(none)'],
    },
  ];
  const notes = [
    ...(b.draft ? ['Draft: read from the script analysis, not yet written up.'] : []),
    ...(b.inferred.length ? [`Inferred rather than stated: ${b.inferred.join(', ')}.`] : []),
  ];
  if (notes.length) sections.push({ heading: 'Notes', lines: notes });
  return { title: b.character.toUpperCase(), facts, sections };
}

/** Plain text for an email: one block per role, separated by a rule. */
export function breakdownText(scriptTitle: string, list: readonly RoleBreakdown[]): string {
  const blocks = list.map((b) => {
    const d = breakdownSections(b);
    return [
      `ROLE NAME: ${d.title}`,
      ...d.facts,
      ...d.sections.flatMap((s) => ['', `${s.heading.toUpperCase()}:`, ...s.lines]),
    ].join('\n');
  });
  return `CASTING BREAKDOWN: ${scriptTitle}\n\n${blocks.join('\n\n----------------------------------------\n\n')}\n`;
}

export type ApplyTarget = { roleId?: string; projectId?: string; newProjectName?: string };

/**
 * Fills a role from a breakdown: description, age, gender and languages on the role, dialects in its
 * matching brief (skills, cities and weights the person set are kept). Without a role id, the role of that
 * name in the script's project is used, or made there (a new project when the script has none).
 */
export function applyBreakdownToRole(
  db: AppDatabase,
  scriptId: string,
  b: RoleBreakdown,
  target: ApplyTarget,
): { roleId: string; projectId: string; roleName: string; created: boolean } {
  const script = getScript(db.sqlite, scriptId);
  if (!script) throw new AppError('NOT_FOUND', 'That script does not exist.');
  const fields = {
    description: descriptionOf(b).slice(0, 10_000) || null,
    ageMin: b.ageMin,
    ageMax: b.ageMax,
    gender: b.gender,
    languages: [...new Set(b.languages.map((l) => l.trim()).filter(Boolean))].slice(0, 20),
  };
  return db.sqlite.transaction(() => {
    let created = false;
    let role = target.roleId ? getRole(db, target.roleId) : null;
    if (!role) {
      const projectId =
        target.projectId ??
        script.projectId ??
        createProject(db, {
          name: target.newProjectName ?? script.title ?? 'Untitled project',
          description: `Roles from the script “${script.title}”.`,
        }).id;
      getProject(db, projectId);
      const same = listRoles(db, projectId).find((r) => r.name.toLowerCase() === b.character.toLowerCase());
      if (same) role = same;
      else {
        role = createRole(db, { projectId, name: b.character, ...fields });
        created = true;
      }
      if (script.projectId === null) setScriptProject(db.sqlite, script.id, projectId);
    }
    if (!created) role = updateRole(db, role.id, fields);
    const brief = loadBrief(db, role.id);
    // Gender, age and languages now come from the role itself; the brief keeps the person's own criteria.
    saveBrief(db, role.id, {
      ...brief,
      dialects: b.dialects.slice(0, 30),
      genders: null,
      ageMin: null,
      ageMax: null,
      languages: null,
    });
    return { roleId: role.id, projectId: role.projectId, roleName: role.name, created };
  })();
}
