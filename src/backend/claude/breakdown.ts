// Claude's role breakdown: the character's intro, speeches (scene, page, cue, length) and scene headings
// go to Claude, which answers through the write_breakdown tool (forced), validated strictly; an answer that
// does not fit the schema, or names a scene the script does not have, goes back once as a tool error naming
// the problem. Results are cached in the `setting` table by script hash + character + model + prompt
// version, so reopening a breakdown never bills again.
import type Anthropic from '@anthropic-ai/sdk';
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import {
  type ClaudeBreakdownToolInput,
  claudeBreakdownToolInput,
  type RoleBreakdown,
  roleBreakdownSchema,
} from '../../shared/breakdown.ts';
import { AppError } from '../../shared/errors.ts';
import { type ScriptAnalysis, scriptAnalysisSchema } from '../../shared/script.ts';
import { auditionSpeechIn, draftBreakdown } from '../match/breakdown.ts';
import type { AppDatabase } from '../store/db.ts';
import { estimateTokens } from './context.ts';
import { askWithForcedTool } from './forced-tool.ts';
import { costUsd } from './models.ts';

/** Bump when the prompt or the tool changes: old cache entries are then not reused. */
export const BREAKDOWN_PROMPT_VERSION = 1;
const TOOL_NAME = 'write_breakdown';
const MAX_SPEECHES_SENT = 80;

const SYSTEM = `You write casting breakdowns for an Indian casting office from an analysed screenplay.
Say only what the script states or clearly implies; list every field you inferred rather than read in
"inferred". Give region or community only where the script states it. Importance is lead, supporting,
featured or day_player. Key scenes and audition scenes are scene indexes from the scene list given.
Answer only by calling ${TOOL_NAME}.`;

function toolDef(): Tool {
  const js = z.toJSONSchema(claudeBreakdownToolInput, { target: 'draft-7', io: 'input' }) as Record<
    string,
    unknown
  >;
  delete js.$schema;
  return {
    name: TOOL_NAME,
    description: 'Write the breakdown of one character.',
    input_schema: { ...js, type: 'object' } as Tool.InputSchema,
  };
}

function promptFor(a: ScriptAnalysis, draft: RoleBreakdown): string {
  const c = a.characters.find((x) => x.name === draft.character);
  const scenes = new Set([...(c?.scenes ?? []), ...(c?.namedInScenes ?? [])]);
  const speeches = a.speeches
    .filter((s) => s.character === draft.character)
    .slice(0, MAX_SPEECHES_SENT)
    .map((s) => {
      const text = (s as { text?: unknown }).text;
      return `- scene ${s.scene}, p.${s.page}, ${s.cue}, ${s.words} words${typeof text === 'string' ? `: ${text}` : ''}`;
    });
  return [
    `Script: ${a.title} (${a.pages} pages, ${a.scenes.length} scenes).`,
    `Character: ${draft.character}.`,
    `Intro: ${draft.intro ?? '(none found)'}`,
    `Age hint from the analysis: ${draft.ageCue ?? 'none'}. Gender hint: ${draft.genderCue ?? 'none'}.`,
    `Figures: ${draft.importanceWhy}; the counts suggest ${draft.importance}.`,
    'Scenes the character is in (index: heading, page):',
    ...a.scenes.filter((s) => scenes.has(s.index)).map((s) => `- ${s.index}: ${s.heading}, p.${s.page}`),
    'Speeches:',
    ...speeches,
  ].join('\n');
}

type Problems = string[];

/** Checks Claude's tool input against the schema and against the script (scene indexes must exist). */
function check(input: unknown, a: ScriptAnalysis): { ok: ClaudeBreakdownToolInput } | { problems: Problems } {
  const r = claudeBreakdownToolInput.safeParse(input);
  if (!r.success) {
    return {
      problems: r.error.issues.flatMap((i) => {
        const at = i.path.map(String).join('.');
        return i.code === 'unrecognized_keys'
          ? i.keys.map((k) => `unknown field "${at ? `${at}.` : ''}${k}"`)
          : [`"${at || 'input'}": ${i.message}`];
      }),
    };
  }
  const known = new Set(a.scenes.map((s) => s.index));
  const problems = [
    ...r.data.keyScenes.map((s, i) => [`keyScenes.${i}.scene`, s.scene] as const),
    ...r.data.auditionScenes.map((s, i) => [`auditionScenes.${i}.scene`, s.scene] as const),
  ]
    .filter(([, scene]) => !known.has(scene))
    .map(([at, scene]) => `"${at}": the script has no scene ${scene}`);
  return problems.length ? { problems } : { ok: r.data };
}

function merge(draft: RoleBreakdown, b: ClaudeBreakdownToolInput, a: ScriptAnalysis): RoleBreakdown {
  const byIndex = new Map(a.scenes.map((s) => [s.index, s]));
  const perScene = new Map<number, number>();
  for (const s of a.speeches)
    if (s.character === draft.character) perScene.set(s.scene, (perScene.get(s.scene) ?? 0) + 1);
  const speechFor = (scene: number) =>
    auditionSpeechIn(a.speeches.filter((s) => s.character === draft.character && s.scene === scene));
  return {
    ...draft,
    draft: false,
    source: 'claude',
    ageMin: b.ageMin,
    ageMax: b.ageMax,
    gender: b.gender === 'female' || b.gender === 'male' ? b.gender : null,
    importance: b.importance,
    region: b.region,
    languages: b.languages,
    dialects: b.dialects,
    look: b.look,
    personality: b.personality,
    arc: b.arc,
    keyScenes: b.keyScenes.flatMap(({ scene }) => {
      const s = byIndex.get(scene)!;
      return [
        {
          index: s.index,
          number: s.number,
          heading: s.heading,
          page: s.page,
          speeches: perScene.get(scene) ?? 0,
        },
      ];
    }),
    auditionLines: b.auditionScenes.flatMap(({ scene }) => {
      const s = speechFor(scene);
      if (!s) return [];
      const text = (s as { text?: unknown }).text;
      return [
        { scene, page: s.page, cue: s.cue, words: s.words, text: typeof text === 'string' ? text : null },
      ];
    }),
    inferred: b.inferred,
  };
}

export type BreakdownDeps = {
  db: AppDatabase;
  /** The engine's client (throws NO_API_KEY without a key). */
  client: () => Promise<Anthropic>;
  /** The model picked in Settings. */
  model: () => string;
};

/** The stored script's hash and analysis (NOT_FOUND, or SCRIPT_OUTDATED for an older form). */
export function loadAnalysis(
  db: AppDatabase,
  scriptId: string,
): { sha256: string; analysis: ScriptAnalysis } {
  const row = db.sqlite
    .prepare('SELECT sha256, analysis FROM script WHERE id = ? AND deleted_at IS NULL')
    .get(scriptId) as { sha256: string; analysis: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That script does not exist.');
  let json: unknown = null;
  try {
    json = JSON.parse(row.analysis);
  } catch {
    json = null;
  }
  const parsed = scriptAnalysisSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('SCRIPT_OUTDATED', 'This script’s analysis is in an older form: analyse it again.');
  return { sha256: row.sha256, analysis: parsed.data };
}

export const breakdownCacheKey = (sha256: string, character: string, model: string) =>
  `breakdown:${sha256}:${character}:${model}:v${BREAKDOWN_PROMPT_VERSION}`;

/** Tokens one breakdown request sends (system, tool schema and prompt), estimated from their text. */
export function breakdownRequestTokens(a: ScriptAnalysis, draft: RoleBreakdown): number {
  return (
    estimateTokens(SYSTEM) + estimateTokens(JSON.stringify(toolDef())) + estimateTokens(promptFor(a, draft))
  );
}

export async function claudeBreakdown(
  deps: BreakdownDeps,
  input: { scriptId: string; character: string },
  signal?: AbortSignal,
  /** `force`: ask again even when a cached answer exists (a regenerate); the new answer replaces it. */
  opts: { force?: boolean } = {},
): Promise<{ breakdown: RoleBreakdown; cached: boolean; costUsd: number }> {
  const { sha256, analysis: a } = loadAnalysis(deps.db, input.scriptId);
  const draft = draftBreakdown(a, input.character); // NOT_FOUND for a character the script lacks
  const model = deps.model();
  const key = breakdownCacheKey(sha256, draft.character, model);
  const hit = opts.force
    ? undefined
    : (deps.db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(key) as
        | { value: string }
        | undefined);
  if (hit) {
    const c = roleBreakdownSchema.safeParse(JSON.parse(hit.value));
    if (c.success) return { breakdown: c.data, cached: true, costUsd: 0 };
  }
  const answer = await askWithForcedTool(await deps.client(), {
    model,
    maxTokens: 2000,
    system: SYSTEM,
    tool: toolDef(),
    prompt: promptFor(a, draft),
    noun: 'breakdown',
    check: (input) => check(input, a),
    signal,
  });
  if ('problems' in answer)
    throw new AppError('BREAKDOWN_INVALID', `Claude’s breakdown did not fit: ${answer.problems.join('; ')}`);
  const breakdown = merge(draft, answer.ok, a);
  deps.db.sqlite
    .prepare(
      'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(key, JSON.stringify(breakdown), Date.now());
  return { breakdown, cached: false, costUsd: costUsd(model, answer.usage) };
}

/** `breakdown.claude` for the backend's dispatcher, on the chat engine's client and model. */
export function createBreakdownHandlers(
  db: AppDatabase,
  engine: { client: BreakdownDeps['client']; currentModel: BreakdownDeps['model'] },
) {
  return {
    'breakdown.claude': (input: { scriptId: string; character: string }) =>
      claudeBreakdown({ db, client: engine.client, model: engine.currentModel }, input),
  };
}
