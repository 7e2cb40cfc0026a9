import { describe, expect, it } from 'vitest';
import {
  buildHistory,
  estimateTokens,
  expandAssistant,
  planWindow,
  rememberRequest,
} from '../../src/backend/claude/context.ts';
import { relevanceQuery } from '../../src/backend/claude/fts-query.ts';
import { costUsd, DEFAULT_MODEL, KNOWN_MODELS, priceFor } from '../../src/backend/claude/models.ts';
import type { ToolContext } from '../../src/backend/claude/tool-context.ts';
import { toolDefinitions } from '../../src/backend/claude/tool-definitions.ts';
import { runTool } from '../../src/backend/claude/tool-runner.ts';
import type { ChatMessage } from '../../src/shared/chat.ts';
import { AppError } from '../../src/shared/errors.ts';

describe('cost', () => {
  it('prices input, output, cache writes and cache reads per model family', () => {
    const m = 1_000_000;
    expect(
      costUsd('claude-sonnet-5-5', {
        inputTokens: m,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      }),
    ).toBe(3);
    expect(
      costUsd('claude-sonnet-5-5', {
        inputTokens: 0,
        outputTokens: m,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      }),
    ).toBe(15);
    expect(
      costUsd('claude-sonnet-5-5', {
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: m,
        cacheWriteTokens: 0,
      }),
    ).toBeCloseTo(0.3);
    expect(
      costUsd('claude-sonnet-5-5', {
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: m,
      }),
    ).toBeCloseTo(3.75);
    expect(
      costUsd('claude-haiku-4-5', {
        inputTokens: m,
        outputTokens: m,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      }),
    ).toBe(6);
    expect(
      costUsd('claude-opus-4-5', {
        inputTokens: m,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      }),
    ).toBe(5);
    expect(priceFor('claude-mythos-5').estimated).toBe(true);
    expect(priceFor('something-else').estimated).toBe(true);
    expect(priceFor('claude-sonnet-4-5').estimated).toBe(false);
  });

  it('the picker lists the SDK models and defaults to the current Sonnet', () => {
    expect(KNOWN_MODELS).toContain(DEFAULT_MODEL);
    expect(DEFAULT_MODEL).toMatch(/^claude-sonnet-/);
  });
});

describe('context window', () => {
  const msg = (
    id: string,
    role: 'user' | 'assistant',
    text: string,
    status: ChatMessage['status'] = 'complete',
  ): ChatMessage => ({
    id,
    conversationId: 'c',
    role,
    blocks: [{ type: 'text', text }],
    text,
    attachments: [],
    status,
    error: null,
    usage: null,
    costUsd: null,
    createdAt: 0,
  });

  it('summarises only past the budget, keeping the newest turns and cutting before a user message', () => {
    const big = 'x'.repeat(4000); // ~1000 tokens
    const msgs = [
      msg('01', 'user', big),
      msg('02', 'assistant', big),
      msg('03', 'user', big),
      msg('04', 'assistant', big),
      msg('05', 'user', 'short question'),
    ];
    expect(planWindow(msgs, null, null, 10_000)).toEqual({ summarise: false });
    const plan = planWindow(msgs, null, null, 3000);
    expect(plan.summarise).toBe(true);
    if (!plan.summarise) return;
    expect(plan.upto).toBe('04');
    expect(plan.fold.map((m) => m.id)).toEqual(['01', '02', '03', '04']);
    // With a summary covering up to 02, only later messages count.
    expect(planWindow(msgs, 'sum', '04', 3000)).toEqual({ summarise: false });
  });

  it('history skips failed sends and failed answers, and keeps alternation', () => {
    const msgs = [
      msg('01', 'user', 'offline attempt', 'error'),
      msg('02', 'user', 'hello'),
      msg('03', 'assistant', 'boom', 'error'),
      msg('04', 'user', 'again'),
    ];
    const h = buildHistory(msgs, '04');
    expect(h).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hello' },
          { type: 'text', text: 'again' },
        ],
      },
    ]);
  });

  it('expands a stored tool loop into API turns and drops unanswered tool calls', () => {
    const turns = expandAssistant(
      [
        { type: 'text', text: 'Searching' },
        { type: 'tool_use', id: 't1', name: 'search_talent', input: {} },
        { type: 'tool_result', tool_use_id: 't1', content: '{}' },
        { type: 'text', text: 'Found' },
        { type: 'tool_use', id: 't2', name: 'get_talent', input: { id: 'x' } },
      ],
      false,
    );
    expect(turns.map((t) => [t.role, t.content.map((b) => b.type)])).toEqual([
      ['assistant', ['text', 'tool_use']],
      ['user', ['tool_result']],
      ['assistant', ['text', 'text']],
    ]);
  });

  it('recognises "Remember that…"', () => {
    expect(rememberRequest('Remember that Aditi is on leave in May')).toBe('Aditi is on leave in May');
    expect(rememberRequest('please remember: the director hates wigs')).toBe('The director hates wigs');
    expect(rememberRequest('Do you remember Aditi?')).toBeNull();
    expect(rememberRequest('remember')).toBeNull();
  });

  it('estimates Devanagari as denser than Latin text', () => {
    expect(estimateTokens('abcd'.repeat(100))).toBe(100);
    expect(estimateTokens('नमस्ते'.repeat(20))).toBeGreaterThan(60);
  });

  it('builds a safe OR query from a message, dropping stop words and FTS syntax', () => {
    expect(relevanceQuery('Who do we have for the "villain" role? NEAR(x)')).toBe(
      '"villain"* OR "role"* OR "near"*',
    );
    expect(relevanceQuery('the and of')).toBeNull();
  });
});

describe('tools', () => {
  const analysis = {
    schemaVersion: 1,
    title: 'Shadow Line',
    pages: 90,
    scenes: [
      {
        index: 1,
        number: '1',
        heading: 'INT. CHAWL - NIGHT',
        page: 1,
        eighths: 8,
        speakers: [{ name: 'RAHUL', speeches: 2 }],
      },
      {
        index: 2,
        number: '2',
        heading: 'EXT. DOCKS - DAY',
        page: 3,
        eighths: 12,
        speakers: [{ name: 'MEERA', speeches: 1 }],
      },
    ],
    characters: [
      {
        name: 'RAHUL',
        aliases: ['RAHUL (V.O.)'],
        speeches: 2,
        words: 40,
        scenes: [1],
        firstPage: 1,
        intro: 'RAHUL (30s), wiry',
        age: { min: 30, max: 39, text: '30s' },
        gender: { value: 'male', cue: 'his' },
      },
      {
        name: 'MEERA',
        aliases: [],
        speeches: 1,
        words: 12,
        scenes: [2],
        firstPage: 3,
        intro: null,
        age: null,
        gender: null,
      },
    ],
    silent: [],
    speeches: [
      { character: 'RAHUL', cue: 'RAHUL', scene: 1, page: 1, words: 20, dual: false, rects: [] },
      { character: 'RAHUL', cue: 'RAHUL (V.O.)', scene: 1, page: 2, words: 20, dual: false, rects: [] },
      { character: 'MEERA', cue: 'MEERA', scene: 2, page: 3, words: 12, dual: false, rects: [] },
    ],
    locations: [{ name: 'CHAWL' }],
    warnings: [],
  };
  const ctx: ToolContext = {
    searchTalent: () => ({ items: [], total: 0, totalCapped: false, nextCursor: null }),
    getTalent: (id) => {
      throw new AppError('NOT_FOUND', `No talent ${id}`);
    },
    listProjects: () => [],
    listRoles: () => [],
    getShortlist: () => null,
    getScript: ({ scriptId }) =>
      scriptId === 's1'
        ? { id: 's1', title: 'Shadow Line', projectId: 'p1', analysis: JSON.stringify(analysis) }
        : scriptId === 'junk'
          ? { id: 'junk', title: 'J', projectId: null, analysis: '{"whatever": true}' }
          : null,
    listScripts: () => [{ id: 's1', title: 'Shadow Line', projectId: 'p1' }],
    remember: () => {
      throw new Error('not used');
    },
  };

  it('get_script_analysis reads the cast list, scenes and one character’s speeches', () => {
    const cast = runTool(ctx, 'get_script_analysis', { scriptId: 's1', part: 'cast' });
    expect(cast.ok).toBe(true);
    expect(cast.result).toMatchObject({
      title: 'Shadow Line',
      characters: [{ name: 'RAHUL', age: '30s', gender: 'male' }, { name: 'MEERA' }],
    });
    const scenes = runTool(ctx, 'get_script_analysis', { scriptId: 's1', part: 'scenes' });
    expect(scenes.result).toMatchObject({
      scenes: [{ heading: 'INT. CHAWL - NIGHT', speakers: ['RAHUL'] }, { index: 2 }],
    });
    const sp = runTool(ctx, 'get_script_analysis', {
      scriptId: 's1',
      part: 'speeches',
      character: 'rahul (v.o.)',
    });
    expect(sp.result).toMatchObject({
      character: 'RAHUL',
      totalSpeeches: 2,
      speeches: [{ sceneHeading: 'INT. CHAWL - NIGHT', page: 1 }, { cue: 'RAHUL (V.O.)' }],
    });
    // With one script in the office, no id is needed.
    expect(runTool(ctx, 'get_script_analysis', { part: 'overview' }).result).toMatchObject({
      sceneCount: 2,
      speakingCharacters: 2,
    });
  });

  it('is tolerant of analyses it does not understand and of missing characters', () => {
    const junk = runTool(ctx, 'get_script_analysis', { scriptId: 'junk', part: 'cast' });
    expect(junk.ok).toBe(true);
    expect(junk.result).toMatchObject({ characters: [] });
    const none = runTool(ctx, 'get_script_analysis', {
      scriptId: 's1',
      part: 'speeches',
      character: 'NOBODY',
    });
    expect(none.ok).toBe(false);
    expect(none.content).toContain('RAHUL');
    expect(runTool(ctx, 'get_script_analysis', { scriptId: 'zzz', part: 'cast' }).ok).toBe(false);
  });

  it('turns bad input, unknown tools and thrown AppErrors into error results', () => {
    expect(runTool(ctx, 'nope', {})).toMatchObject({ ok: false });
    expect(runTool(ctx, 'list_roles', {}).content).toMatch(/projectId/);
    expect(runTool(ctx, 'get_talent', { id: 'x' })).toMatchObject({
      ok: false,
      result: { error: 'No talent x' },
    });
  });

  it('tool definitions are JSON Schema objects, the last one cached', () => {
    const defs = toolDefinitions();
    expect(defs).toHaveLength(8);
    for (const d of defs) expect(d.input_schema.type).toBe('object');
    const search = defs.find((d) => d.name === 'search_talent')!;
    expect(Object.keys(search.input_schema.properties as object)).toContain('languages');
    expect(defs.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
  });
});
