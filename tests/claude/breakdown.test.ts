// Claude's role breakdown through the fake Messages API: a forced tool call validated strictly, one retry
// after a tool error naming what was wrong, and a cache by script hash + character + model + prompt version.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BreakdownDeps, claudeBreakdown } from '../../src/backend/claude/breakdown.ts';
import { draftBreakdownFor } from '../../src/backend/match/breakdown.ts';
import { saveScriptAnalysis } from '../../src/backend/script/store.ts';
import { analysis } from '../match/script-fixture.ts';
import { type Harness, harness } from './helpers.ts';

const GOOD = {
  ageMin: 26,
  ageMax: 30,
  gender: 'female',
  region: null,
  languages: ['Marathi', 'Hindi'],
  dialects: [],
  look: 'Wiry, sun-tired, uniform always pressed',
  personality: 'Dry humour; says little, misses nothing',
  arc: 'From a constable who keeps her head down to the one who names the inspector',
  importance: 'lead',
  keyScenes: [
    { scene: 6, why: 'She confronts the dhobi' },
    { scene: 30, why: 'The night at the station' },
  ],
  auditionScenes: [{ scene: 6, why: 'Her longest exchange' }],
  inferred: ['look', 'personality'],
};

let h: Harness;
let deps: BreakdownDeps;
let scriptId: string;
beforeEach(async () => {
  h = await harness();
  deps = { db: h.db, client: h.engine.client, model: h.engine.currentModel };
  scriptId = saveScriptAnalysis(h.db.sqlite, {
    sha256: 'b'.repeat(64),
    fileName: 'chawl.pdf',
    analysis: analysis(),
  }).id;
});
afterEach(async () => {
  await h.close();
});

type Turn = { role: string; content: unknown };

describe('Claude breakdowns', () => {
  it('forces the tool, merges the answer with the script, and reopening costs nothing', async () => {
    h.fake.script({
      type: 'tool_use',
      tools: [{ name: 'write_breakdown', input: GOOD }],
      usage: { input_tokens: 3000, output_tokens: 400 },
    });
    const r = await claudeBreakdown(deps, { scriptId, character: 'Meera' });
    expect(r.cached).toBe(false);
    expect(r.costUsd).toBeGreaterThan(0);
    expect(r.breakdown).toMatchObject({
      character: 'MEERA',
      draft: false,
      source: 'claude',
      ageMin: 26,
      gender: 'female',
      importance: 'lead',
      languages: ['Marathi', 'Hindi'],
      look: 'Wiry, sun-tired, uniform always pressed',
      inferred: ['look', 'personality'],
      // Figures stay the script's own.
      speeches: 121,
      scenes: 14,
    });
    expect(r.breakdown.keyScenes.map((s) => [s.index, s.heading, s.page])).toEqual([
      [6, 'INT. DHOBI GHAT - NIGHT', 16],
      [30, 'INT. DHOBI GHAT - NIGHT', 76],
    ]);
    expect(r.breakdown.auditionLines).toEqual([{ scene: 6, page: 16, cue: 'MEERA', words: 60, text: null }]);
    const req = h.fake.messageRequests()[0]!.body!;
    expect(req.tool_choice).toEqual({ type: 'tool', name: 'write_breakdown' });
    expect(
      (req.tools as Array<{ input_schema: { additionalProperties?: boolean } }>)[0]!.input_schema
        .additionalProperties,
    ).toBe(false);
    const prompt = String((req.messages as Turn[])[0]!.content);
    expect(prompt).toContain('MEERA (late 20s), a tired constable');
    expect(prompt).toContain('- 6: INT. DHOBI GHAT - NIGHT, p.16');
    expect(prompt).toContain('scene 6, p.16, MEERA, 60 words');

    const again = await claudeBreakdown(deps, { scriptId, character: 'MEERA (V.O.)' });
    expect(again).toEqual({ breakdown: r.breakdown, cached: true, costUsd: 0 });
    expect(h.fake.messageRequests()).toHaveLength(1);
    // Another model is another breakdown.
    await h.engine.updateSettings({ model: 'claude-haiku-4-5' });
    h.fake.script({ type: 'tool_use', tools: [{ name: 'write_breakdown', input: GOOD }] });
    expect((await claudeBreakdown(deps, { scriptId, character: 'MEERA' })).cached).toBe(false);
    expect(h.fake.messageRequests()).toHaveLength(2);
  });

  it('a malformed answer goes back as a tool error naming each problem; the corrected one is kept', async () => {
    const bad = { ...GOOD, importance: 'hero', age: 28, ageMin: '26', keyScenes: [{ scene: 99, why: 'x' }] };
    h.fake.script(
      { type: 'tool_use', tools: [{ id: 'toolu_bad', name: 'write_breakdown', input: bad }] },
      { type: 'tool_use', tools: [{ name: 'write_breakdown', input: GOOD }] },
    );
    const r = await claudeBreakdown(deps, { scriptId, character: 'MEERA' });
    expect(r.breakdown.importance).toBe('lead');
    const second = h.fake.messageRequests()[1]!.body!.messages as Array<{
      role: string;
      content: Array<Record<string, unknown>>;
    }>;
    const result = second.at(-1)!.content[0]!;
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_bad', is_error: true });
    const said = String(result.content);
    expect(said).toContain('unknown field "age"');
    expect(said).toContain('"importance"');
    expect(said).toContain('"ageMin"');
    // A scene index the script lacks is caught once the shape is right.
    h.fake.script(
      {
        type: 'tool_use',
        tools: [{ name: 'write_breakdown', input: { ...GOOD, keyScenes: [{ scene: 99, why: 'x' }] } }],
      },
      {
        type: 'tool_use',
        tools: [{ name: 'write_breakdown', input: { ...GOOD, auditionScenes: [{ scene: -1, why: 'x' }] } }],
      },
    );
    await expect(claudeBreakdown(deps, { scriptId, character: 'INSPECTOR KALE' })).rejects.toMatchObject({
      code: 'BREAKDOWN_INVALID',
      message: expect.stringContaining('"auditionScenes.0.scene"'),
    });
    const tries = h.fake.messageRequests();
    const retry = tries.at(-1)!.body!.messages as Array<{ content: Array<Record<string, unknown>> }>;
    expect(String(retry.at(-1)!.content[0]!.content)).toContain(
      '"keyScenes.0.scene": the script has no scene 99',
    );
    // Nothing was cached for the failure: the next try asks again.
    h.fake.script({
      type: 'tool_use',
      tools: [{ name: 'write_breakdown', input: { ...GOOD, importance: 'supporting' } }],
    });
    expect((await claudeBreakdown(deps, { scriptId, character: 'INSPECTOR KALE' })).cached).toBe(false);
  });

  it('without a key: NO_API_KEY, and the offline draft is there all the same; API errors are typed', async () => {
    await h.engine.setApiKey({ apiKey: null });
    await expect(claudeBreakdown(deps, { scriptId, character: 'MEERA' })).rejects.toMatchObject({
      code: 'NO_API_KEY',
    });
    expect(draftBreakdownFor(h.db, scriptId, 'MEERA')).toMatchObject({ draft: true, importance: 'lead' });
    await h.engine.setApiKey({ apiKey: 'sk-ant-wrong' });
    await expect(claudeBreakdown(deps, { scriptId, character: 'MEERA' })).rejects.toMatchObject({
      code: 'AUTH',
    });
    await expect(claudeBreakdown(deps, { scriptId, character: 'NOBODY' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(claudeBreakdown(deps, { scriptId: 'nope', character: 'MEERA' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
