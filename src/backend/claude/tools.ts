// Claude's tools: definitions sent to the API (JSON Schema from the zod schemas in src/shared/chat.ts, with
// cache_control on the last one) and the runner, written against ToolContext so it is testable on its own.
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import {
  CHAT_TOOLS,
  type Memory,
  type SearchTalentToolInput,
  type ShortlistProposal,
  TOOL_NAMES,
  type ToolName,
} from '../../shared/chat.ts';
import { AppError } from '../../shared/errors.ts';
import type { Talent, TalentQuery, TalentSearchResult } from '../../shared/talent.ts';
import type { ResolvedValues, VocabularyKind } from '../match/vocabulary.ts';

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

/** The key a streamed tool input that was not valid JSON is kept under (client.ts), its raw text the value. */
export const UNPARSED_TOOL_INPUT = '_unparsed';

// ---------- definitions ----------

function jsonSchemaOf(schema: z.ZodType): Tool.InputSchema {
  const js = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  delete js.$schema;
  return { ...js, type: 'object' } as Tool.InputSchema;
}

let cachedDefs: Tool[] | null = null;

/** The tool definitions, the last one marked for prompt caching (caches all tools with it). */
export function toolDefinitions(): Tool[] {
  if (!cachedDefs) {
    cachedDefs = TOOL_NAMES.map((name, i) => {
      const t = CHAT_TOOLS[name];
      const def: Tool = { name, description: t.description, input_schema: jsonSchemaOf(t.input) };
      if (i === TOOL_NAMES.length - 1) def.cache_control = { type: 'ephemeral' };
      return def;
    });
  }
  return cachedDefs;
}

// ---------- results ----------

export type ToolRunResult = {
  ok: boolean;
  /** What the UI card shows (objects with talent ids etc.). */
  result: unknown;
  /** What Claude reads (compact JSON). */
  content: string;
  /** Set by `remember`. */
  memory?: Memory;
};

const MAX_RESULT_CHARS = 24_000;

function ok(result: unknown, extra: Partial<ToolRunResult> = {}): ToolRunResult {
  let content = JSON.stringify(result);
  if (content.length > MAX_RESULT_CHARS) {
    content = `${content.slice(0, MAX_RESULT_CHARS)}… [truncated: ask for less, e.g. a smaller limit]`;
  }
  return { ok: true, result, content, ...extra };
}

function fail(message: string): ToolRunResult {
  return { ok: false, result: { error: message }, content: JSON.stringify({ error: message }) };
}

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

// ---------- script analysis (tolerant: the analysis JSON is another engine's and may change) ----------

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function scriptPart(
  rec: ScriptRecord,
  part: 'overview' | 'cast' | 'scenes' | 'speeches',
  character: string | undefined,
  limit: number,
): ToolRunResult {
  let a: unknown = rec.analysis;
  if (typeof a === 'string') {
    try {
      a = JSON.parse(a) as unknown;
    } catch {
      return fail('This script’s analysis could not be read.');
    }
  }
  if (!isObj(a)) return fail('This script has no analysis yet.');
  const characters = arr(a.characters).filter(isObj);
  const scenes = arr(a.scenes).filter(isObj);
  const head = { scriptId: rec.id, title: str(a.title) ?? rec.title, pages: num(a.pages) };
  if (part === 'overview') {
    return ok({
      ...head,
      sceneCount: scenes.length,
      speakingCharacters: characters.length,
      topCharacters: characters.slice(0, 10).map((c) => ({ name: str(c.name), speeches: num(c.speeches) })),
      locations: arr(a.locations)
        .filter(isObj)
        .slice(0, 20)
        .map((l) => str(l.name)),
      warnings: arr(a.warnings).filter((w) => typeof w === 'string'),
    });
  }
  if (part === 'cast') {
    const silent = arr(a.silent).filter(isObj);
    return ok({
      ...head,
      characters: characters.slice(0, limit).map((c) => ({
        name: str(c.name),
        speeches: num(c.speeches),
        words: num(c.words),
        scenes: arr(c.scenes).length,
        firstPage: num(c.firstPage),
        age: isObj(c.age) ? str(c.age.text) : null,
        gender: isObj(c.gender) ? str(c.gender.value) : null,
        intro: str(c.intro)?.slice(0, 300) ?? null,
      })),
      silent: silent.slice(0, 30).map((c) => ({
        name: str(c.name),
        page: num(c.page),
        age: isObj(c.age) ? str(c.age.text) : null,
        intro: str(c.intro)?.slice(0, 200) ?? null,
      })),
      more: Math.max(0, characters.length - limit),
    });
  }
  if (part === 'scenes') {
    return ok({
      ...head,
      scenes: scenes.slice(0, limit).map((s) => ({
        index: num(s.index),
        number: str(s.number),
        heading: str(s.heading),
        page: num(s.page),
        eighths: num(s.eighths),
        speakers: arr(s.speakers)
          .filter(isObj)
          .map((p) => str(p.name)),
      })),
      more: Math.max(0, scenes.length - limit),
    });
  }
  if (!character) return fail('Say which character: part=speeches needs `character`.');
  const want = character.trim().toUpperCase();
  const match = characters.find(
    (c) => str(c.name)?.toUpperCase() === want || arr(c.aliases).some((x) => str(x)?.toUpperCase() === want),
  );
  if (!match) {
    return fail(
      `No character "${character}" in this script. Characters: ${characters
        .slice(0, 30)
        .map((c) => str(c.name))
        .join(', ')}`,
    );
  }
  const name = str(match.name);
  const headingOf = new Map(scenes.map((s) => [num(s.index), str(s.heading)] as const));
  const speeches = arr(a.speeches)
    .filter(isObj)
    .filter((s) => str(s.character) === name);
  return ok({
    ...head,
    character: name,
    intro: str(match.intro),
    totalSpeeches: speeches.length,
    speeches: speeches.slice(0, limit).map((s) => ({
      scene: num(s.scene),
      sceneHeading: headingOf.get(num(s.scene)) ?? null,
      page: num(s.page),
      cue: str(s.cue),
      words: num(s.words),
      // Newer analyses may carry the dialogue itself; pass it through when present.
      text: str(s.text),
    })),
  });
}

// ---------- runner ----------

function isToolName(n: string): n is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(n);
}

/** Top-level argument names of a tool, for "did you mean" hints. */
function argumentNames(name: ToolName): string[] {
  const props = (toolDefinitions().find((d) => d.name === name)?.input_schema.properties ?? {}) as object;
  return Object.keys(props);
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** "gender" → "genders", "min_age" → "ageMin": the known argument an unknown one most likely meant. */
function closestArgument(unknown: string, known: string[]): string | null {
  const u = squash(unknown);
  const sorted = (s: string) => [...s].sort().join('');
  return (
    known.find((k) => {
      const q = squash(k);
      const plural = u.endsWith('y') ? `${u.slice(0, -1)}ies` : `${u}s`;
      return q === u || q === plural || `${q}s` === u || q === `${u}cm` || sorted(q) === sorted(u);
    }) ?? null
  );
}

/** Every problem of a tool input, each naming its argument, in words Claude can act on. */
export function describeToolInputError(name: ToolName, error: z.ZodError): string {
  const known = argumentNames(name);
  const problems = error.issues.flatMap((issue) => {
    const where = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => {
        const at = where ? `${where}.${k}` : k;
        const hint = where ? null : closestArgument(k, known);
        return `unknown argument "${at}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
      });
    }
    return [`"${where || 'input'}": ${issue.message}`];
  });
  return `Invalid input for ${name}: ${problems.join('; ')}. Arguments it takes: ${known.join(', ') || 'none'}.`;
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
