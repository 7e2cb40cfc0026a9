// Claude's re-rank of a role's computed top 50 through the fake Messages API: a forced, strictly validated
// tool with a reason per candidate, one retry after a tool error, and a cache so reopening asks nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, createRole } from '../../src/backend/casting/repo.ts';
import type { BreakdownDeps } from '../../src/backend/claude/breakdown.ts';
import { rerankRole } from '../../src/backend/claude/rerank.ts';
import { rankRole } from '../../src/backend/match/rank.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { type Harness, harness } from './helpers.ts';

let h: Harness;
let deps: BreakdownDeps;
let roleId: string;
beforeEach(async () => {
  h = await harness();
  deps = { db: h.db, client: h.engine.client, model: h.engine.currentModel };
  const p = createProject(h.db, { name: 'Chawl' });
  roleId = createRole(h.db, { projectId: p.id, name: 'MEERA', gender: 'female', ageMin: 25, ageMax: 32 }).id;
  for (const [i, name] of ['Asha Rane', 'Bina Shetty', 'Charu Naik'].entries())
    createTalent(h.db, {
      fullName: name,
      gender: 'female',
      playingAgeMin: 24 + i,
      playingAgeMax: 30 + i,
      availability: i === 0 ? 'available' : 'unknown',
    });
  createTalent(h.db, { fullName: 'Deepak More', gender: 'male', playingAgeMin: 25, playingAgeMax: 30 });
});
afterEach(async () => {
  await h.close();
});

describe('match.rerank', () => {
  it('reorders the computed list with a reason each; a malformed answer is sent back once; cached after', async () => {
    const computed = rankRole(h.db, { roleId, limit: 50 }).candidates.map((c) => c.talent.fullName);
    expect(computed).toEqual(['Asha Rane', 'Bina Shetty', 'Charu Naik']);
    h.fake.script(
      {
        type: 'tool_use',
        tools: [
          {
            id: 'toolu_bad',
            name: 'rank_candidates',
            input: {
              ranking: [
                { candidate: 3, reason: 'x' },
                { candidate: 3, reason: 'y' },
                { candidate: 9, reason: 'z' },
              ],
              extra: 1,
            },
          },
        ],
      },
      {
        type: 'tool_use',
        tools: [
          {
            name: 'rank_candidates',
            input: {
              ranking: [
                { candidate: 3, reason: 'Closest to a constable in her late 20s' },
                { candidate: 1, reason: 'Available now, a little young' },
              ],
            },
          },
        ],
        usage: { input_tokens: 1200, output_tokens: 80 },
      },
    );
    const r = await rerankRole(deps, { roleId });
    expect(r.cached).toBe(false);
    expect(r.costUsd).toBeGreaterThan(0);
    const name = new Map(
      rankRole(h.db, { roleId, limit: 50 }).candidates.map((c) => [c.talent.id, c.talent.fullName]),
    );
    expect(r.order.map((o) => [name.get(o.talentId), o.reason])).toEqual([
      ['Charu Naik', 'Closest to a constable in her late 20s'],
      ['Asha Rane', 'Available now, a little young'],
      // Left out by Claude: keeps its computed place after the ones it placed.
      ['Bina Shetty', null],
    ]);
    const reqs = h.fake.messageRequests();
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.body!.tool_choice).toEqual({ type: 'tool', name: 'rank_candidates' });
    expect(String((reqs[0]!.body!.messages as Array<{ content: string }>)[0]!.content)).toContain(
      '1. Asha Rane (score',
    );
    const retry = reqs[1]!.body!.messages as Array<{ content: Array<Record<string, unknown>> }>;
    const said = String(retry.at(-1)!.content[0]!.content);
    expect(said).toContain('unknown field "extra"');
    expect(retry.at(-1)!.content[0]).toMatchObject({ tool_use_id: 'toolu_bad', is_error: true });

    // Reopened: from the cache, free, no request.
    const again = await rerankRole(deps, { roleId });
    expect(again).toEqual({ ...r, cached: true, costUsd: 0 });
    expect(h.fake.messageRequests()).toHaveLength(2);

    // A changed candidate list is another question.
    createTalent(h.db, { fullName: 'Dipti Kale', gender: 'female', playingAgeMin: 26, playingAgeMax: 31 });
    h.fake.script({
      type: 'tool_use',
      tools: [{ name: 'rank_candidates', input: { ranking: [{ candidate: 2, reason: 'Fits' }] } }],
    });
    expect((await rerankRole(deps, { roleId })).cached).toBe(false);
    expect(h.fake.messageRequests()).toHaveLength(3);
  });

  it('duplicate or unknown candidates twice: a typed error, nothing cached', async () => {
    const dup = {
      ranking: [
        { candidate: 1, reason: 'a' },
        { candidate: 1, reason: 'b' },
      ],
    };
    h.fake.script(
      { type: 'tool_use', tools: [{ name: 'rank_candidates', input: dup }] },
      {
        type: 'tool_use',
        tools: [{ name: 'rank_candidates', input: { ranking: [{ candidate: 7, reason: 'a' }] } }],
      },
    );
    await expect(rerankRole(deps, { roleId })).rejects.toMatchObject({
      code: 'RERANK_INVALID',
      message: expect.stringContaining('there is no candidate 7'),
    });
    expect(String(JSON.stringify(h.fake.messageRequests()[1]!.body!.messages))).toContain('listed twice');
    h.fake.script({
      type: 'tool_use',
      tools: [{ name: 'rank_candidates', input: { ranking: [{ candidate: 1, reason: 'a' }] } }],
    });
    expect((await rerankRole(deps, { roleId })).cached).toBe(false);
  });
});
