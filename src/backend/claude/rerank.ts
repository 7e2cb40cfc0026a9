// Claude's second opinion on a role's matches: the computed top 50 (with their facts and the reasons for
// their scores) go to Claude, which answers through the forced `rank_candidates` tool with an order and a
// one-line reason each, validated strictly (one retry after a tool error naming the problem). Cached in
// `setting` by role brief + candidates + model + prompt version, so reopening never bills again.
import { createHash } from 'node:crypto';
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { type MatchBrief, type MatchRerank, matchRerankSchema, RERANK_TOP } from '../../shared/match.ts';
import { getRole } from '../casting/repo.ts';
import { rankRole } from '../match/rank.ts';
import type { BreakdownDeps } from './breakdown.ts';
import { askWithForcedTool } from './forced-tool.ts';
import { costUsd } from './models.ts';

export const RERANK_PROMPT_VERSION = 1;
const TOOL_NAME = 'rank_candidates';

const toolInput = z.strictObject({
  ranking: z
    .array(
      z.strictObject({
        candidate: z.number().int().min(1).describe('The candidate’s number in the list given'),
        reason: z.string().trim().min(1).max(200).describe('One line: why here'),
      }),
    )
    .min(1)
    .max(RERANK_TOP),
});

const SYSTEM = `You help an Indian casting office choose actors for a role. You get the role and a numbered
list of candidates the office's matcher ranked, with their facts and the matcher's reasons. Put them in the
order you would audition them, best first, each with one short line saying why. Judge only from what is
given. Answer only by calling ${TOOL_NAME}, listing every candidate number once.`;

function toolDef(): Tool {
  const js = z.toJSONSchema(toolInput, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  delete js.$schema;
  return {
    name: TOOL_NAME,
    description: 'Give your order of the candidates.',
    input_schema: { ...js, type: 'object' } as Tool.InputSchema,
  };
}

type Problems = string[];

function check(input: unknown, n: number): { ok: z.infer<typeof toolInput> } | { problems: Problems } {
  const r = toolInput.safeParse(input);
  if (!r.success)
    return {
      problems: r.error.issues.flatMap((i) => {
        const at = i.path.map(String).join('.');
        return i.code === 'unrecognized_keys'
          ? i.keys.map((k) => `unknown field "${at ? `${at}.` : ''}${k}"`)
          : [`"${at || 'input'}": ${i.message}`];
      }),
    };
  const seen = new Set<number>();
  const problems: Problems = [];
  r.data.ranking.forEach((x, i) => {
    if (x.candidate > n) problems.push(`"ranking.${i}.candidate": there is no candidate ${x.candidate}`);
    else if (seen.has(x.candidate))
      problems.push(`"ranking.${i}.candidate": candidate ${x.candidate} is listed twice`);
    seen.add(x.candidate);
  });
  return problems.length ? { problems } : { ok: r.data };
}

export async function rerankRole(
  deps: BreakdownDeps,
  input: { roleId: string; brief?: MatchBrief },
): Promise<MatchRerank> {
  const role = getRole(deps.db, input.roleId);
  const ranked = rankRole(deps.db, { roleId: input.roleId, limit: RERANK_TOP, brief: input.brief });
  const list = ranked.candidates;
  if (list.length === 0)
    throw new AppError('VALIDATION', 'No one passes this role’s must-haves: nothing to re-rank.');
  const model = deps.model();
  const lines = list.map((c, i) => {
    const t = c.talent;
    const age =
      t.playingAgeMin != null ? `plays ${t.playingAgeMin}–${t.playingAgeMax ?? t.playingAgeMin}` : 'age ?';
    const facts = [t.gender ?? 'gender ?', age, t.city ?? 'city ?', t.languages.join('/'), t.skills.join('/')]
      .filter(Boolean)
      .join('; ');
    const why = c.reasons.map((r) => `${r.criterion} ${r.status}: ${r.label}`).join(' | ');
    return `${i + 1}. ${t.stageName ?? t.fullName} (score ${c.score}) — ${facts}. Matcher: ${why}`;
  });
  const prompt = [
    `Role: ${role.name}. ${role.description ?? ''}`.trim(),
    `Must-haves: ${
      [
        ranked.hardFilters.genders.join('/'),
        ranked.hardFilters.ageMin != null || ranked.hardFilters.ageMax != null
          ? `age ${ranked.hardFilters.ageMin ?? '…'}–${ranked.hardFilters.ageMax ?? '…'}`
          : '',
        ranked.hardFilters.languages.map((l) => l.language).join(', '),
      ]
        .filter(Boolean)
        .join('; ') || 'none'
    }.`,
    'Candidates:',
    ...lines,
  ].join('\n');
  const key = `match.rerank:${input.roleId}:${createHash('sha256')
    .update(JSON.stringify([model, RERANK_PROMPT_VERSION, prompt]))
    .digest('hex')}`;
  const hit = deps.db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  if (hit) {
    try {
      const c = matchRerankSchema.safeParse(JSON.parse(hit.value));
      if (c.success) return { ...c.data, cached: true, costUsd: 0 };
    } catch {
      // A damaged entry is asked again.
    }
  }
  const answer = await askWithForcedTool(await deps.client(), {
    model,
    maxTokens: 4000,
    system: SYSTEM,
    tool: toolDef(),
    prompt,
    noun: 'ranking',
    check: (input) => check(input, list.length),
  });
  if ('problems' in answer)
    throw new AppError('RERANK_INVALID', `Claude’s ranking did not fit: ${answer.problems.join('; ')}`);
  const named = answer.ok.ranking.map((x) => ({
    talentId: list[x.candidate - 1]!.talent.id,
    reason: x.reason,
  }));
  const given = new Set(named.map((x) => x.talentId));
  // Any Claude left out keep their computed order after the ones it placed.
  const rest = list
    .filter((c) => !given.has(c.talent.id))
    .map((c) => ({ talentId: c.talent.id, reason: null }));
  const result: MatchRerank = {
    roleId: input.roleId,
    order: [...named, ...rest],
    model,
    cached: false,
    costUsd: costUsd(model, answer.usage),
  };
  deps.db.sqlite
    .prepare(
      'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(key, JSON.stringify(result), Date.now());
  return result;
}
