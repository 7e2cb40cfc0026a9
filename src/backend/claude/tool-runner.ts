// Runs Claude's tools against a ToolContext (so the runner is testable on its own): checks the input against
// the tool's zod schema, then answers from the app's search, profiles, projects, shortlists, scripts and
// memories. Never throws: every failure is a result Claude can read.
import type { z } from 'zod';
import {
  CHAT_TOOLS,
  type SearchTalentToolInput,
  type ShortlistProposal,
  TOOL_NAMES,
  type ToolName,
} from '../../shared/chat-tools.ts';
import { AppError } from '../../shared/errors.ts';
import type { Talent, TalentQuery } from '../../shared/talent.ts';
import type { VocabularyKind } from '../match/vocabulary.ts';
import { scriptPart } from './script-analysis-tool.ts';
import type { ToolContext } from './tool-context.ts';
import { describeToolInputError } from './tool-definitions.ts';
import { fail, ok, type ToolRunResult } from './tool-results.ts';

/** The key a streamed tool input that was not valid JSON is kept under (stream.ts), its raw text the value. */
export const UNPARSED_TOOL_INPUT = '_unparsed';

function ageRange(min: number | null, max: number | null): string | null {
  if (min == null && max == null) return null;
  if (min != null && max != null) return min === max ? `${min}` : `${min}–${max}`;
  return min != null ? `${min}+` : `up to ${max}`;
}

/**
 * The search_talent input as the Talent screen's query. Skills, cities, unions and tags take the office's
 * spelling; a value no profile has stays in the filter (nobody matches it) and is named in `notes`.
 */
function searchQueryFrom(
  ctx: ToolContext,
  i: SearchTalentToolInput,
): { query: TalentQuery; notes: string[] } {
  const notes: string[] = [];
  const values = (kind: VocabularyKind, given: string[] | undefined): string[] => {
    if (!given?.length || !ctx.resolveValues) return given ?? [];
    const r = ctx.resolveValues(kind, given);
    for (const u of r.unknown) notes.push(`No profile in the office has ${kind} "${u}".`);
    return [...r.resolved, ...r.unknown];
  };
  const query: TalentQuery = {
    text: i.text ?? '',
    filters: {
      genders: i.genders ?? [],
      ageMin: i.ageMin ?? null,
      ageMax: i.ageMax ?? null,
      heightMin: i.heightMinCm ?? null,
      heightMax: i.heightMaxCm ?? null,
      languages: (i.languages ?? []).map((l) => ({ language: l.language, minFluency: l.minFluency ?? 1 })),
      skills: values('skills', i.skills),
      cities: values('cities', i.cities),
      unions: values('unions', i.unions),
      tags: values('tags', i.tags),
      availability: i.availability ?? [],
    },
    sort: 'relevance',
    limit: i.limit ?? 20,
    cursor: null,
    withTotal: true,
  };
  return { query, notes };
}

// Contact details stay in the app: Claude does not need phone numbers or emails to advise on casting.
function talentForClaude(t: Talent) {
  return {
    id: t.id,
    fullName: t.fullName,
    nativeName: t.nativeName,
    stageName: t.stageName,
    gender: t.gender,
    dateOfBirth: t.dateOfBirth,
    playingAge: ageRange(t.playingAgeMin, t.playingAgeMax),
    heightCm: t.heightCm,
    build: t.build,
    languages: t.languages,
    dialects: t.dialects,
    skills: t.skills,
    city: t.city,
    homeState: t.homeState,
    agency: t.agency,
    union: t.unionName,
    showreelUrl: t.showreelUrl,
    tags: t.tags,
    notes: t.notes,
    rating: t.rating,
    availability: t.availability,
  };
}

// ---------- runner ----------

function isToolName(n: string): n is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(n);
}

/** Runs one tool call. Never throws: a bad input or a missing row becomes an error result Claude can read. */
export function runTool(ctx: ToolContext, name: string, rawInput: unknown): ToolRunResult {
  if (!isToolName(name)) return fail(`Unknown tool "${name}". Tools: ${TOOL_NAMES.join(', ')}.`);
  if (typeof rawInput === 'object' && rawInput !== null && UNPARSED_TOOL_INPUT in rawInput) {
    const text = String((rawInput as Record<string, unknown>)[UNPARSED_TOOL_INPUT]).slice(0, 200);
    return fail(`The input for ${name} was not valid JSON (${JSON.stringify(text)}). Send one JSON object.`);
  }
  const parsed = CHAT_TOOLS[name].input.safeParse(rawInput);
  if (!parsed.success) return fail(describeToolInputError(name, parsed.error));
  try {
    return runParsed(ctx, name, parsed.data);
  } catch (e) {
    if (e instanceof AppError) return fail(e.message);
    return fail(`The tool failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function runParsed(ctx: ToolContext, name: ToolName, input: unknown): ToolRunResult {
  switch (name) {
    case 'search_talent': {
      const i = input as SearchTalentToolInput;
      const { query, notes } = searchQueryFrom(ctx, i);
      const r = ctx.searchTalent(query);
      return ok({
        ...(notes.length ? { notes } : {}),
        total: r.total,
        shown: r.items.length,
        talents: r.items.map((t) => ({
          id: t.id,
          fullName: t.fullName,
          stageName: t.stageName,
          gender: t.gender,
          playingAge: ageRange(t.playingAgeMin, t.playingAgeMax),
          heightCm: t.heightCm,
          city: t.city,
          languages: t.languages,
          skills: t.skills,
          availability: t.availability,
          rating: t.rating,
          primaryHeadshot: t.primaryHeadshot,
        })),
      });
    }
    case 'get_talent': {
      const i = input as z.infer<(typeof CHAT_TOOLS)['get_talent']['input']>;
      return ok(talentForClaude(ctx.getTalent(i.id)));
    }
    case 'list_projects': {
      const i = input as z.infer<(typeof CHAT_TOOLS)['list_projects']['input']>;
      const projects = ctx.listProjects({ includeClosed: i.includeClosed ?? false });
      const scripts = ctx.listScripts();
      return ok({
        projects: projects.map((p) => ({
          ...p,
          scripts: scripts.filter((s) => s.projectId === p.id).map((s) => ({ id: s.id, title: s.title })),
        })),
        unassignedScripts: scripts.filter((s) => !s.projectId).map((s) => ({ id: s.id, title: s.title })),
      });
    }
    case 'list_roles': {
      const i = input as z.infer<(typeof CHAT_TOOLS)['list_roles']['input']>;
      return ok({ projectId: i.projectId, roles: ctx.listRoles(i.projectId) });
    }
    case 'get_shortlist': {
      const i = input as z.infer<(typeof CHAT_TOOLS)['get_shortlist']['input']>;
      const s = ctx.getShortlist(i.roleId);
      return s ? ok(s) : fail(`No role with id ${i.roleId}.`);
    }
    case 'get_script_analysis': {
      const i = input as z.infer<(typeof CHAT_TOOLS)['get_script_analysis']['input']>;
      if (!i.scriptId && !i.projectId) {
        const scripts = ctx.listScripts();
        if (scripts.length === 1) {
          const only = ctx.getScript({ scriptId: scripts[0]!.id });
          if (only) return scriptPart(only, i.part, i.character, i.limit ?? 60);
        }
        return fail(
          `Give scriptId or projectId. Scripts: ${scripts.map((s) => `${s.title} (${s.id})`).join('; ') || 'none'}`,
        );
      }
      const rec = ctx.getScript({ scriptId: i.scriptId, projectId: i.projectId });
      if (!rec) return fail('No analysed script found for that id/project.');
      return scriptPart(rec, i.part, i.character, i.limit ?? 60);
    }
    case 'propose_shortlist_addition': {
      const i = input as z.infer<(typeof CHAT_TOOLS)['propose_shortlist_addition']['input']>;
      const s = ctx.getShortlist(i.roleId);
      if (!s) return fail(`No role with id ${i.roleId}.`);
      const already = new Set(s.entries.map((e) => e.talentId));
      const talents: ShortlistProposal['talents'] = [];
      const missing: string[] = [];
      for (const id of [...new Set(i.talentIds)]) {
        try {
          const t = ctx.getTalent(id);
          talents.push({ id, fullName: t.fullName, alreadyShortlisted: already.has(id) });
        } catch {
          missing.push(id);
        }
      }
      if (talents.length === 0) return fail(`None of those talent ids exist: ${missing.join(', ')}`);
      const proposal: ShortlistProposal = {
        kind: 'shortlist_proposal',
        roleId: s.role.id,
        roleName: s.role.name,
        talents,
        reason: i.reason ?? null,
      };
      return ok({
        ...proposal,
        note: 'Proposal shown to the user; nothing is added until they confirm in the app.',
        unknownIds: missing,
      });
    }
    case 'remember': {
      const i = input as z.infer<(typeof CHAT_TOOLS)['remember']['input']>;
      const m = ctx.remember(i.text, i.pinned ?? false);
      return ok({ saved: true, memoryId: m.id, text: m.text }, { memory: m });
    }
  }
}
