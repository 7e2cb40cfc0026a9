import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { costUsd } from '../../src/backend/claude/models.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { FAKE_API_KEY } from '../support/fake-anthropic.ts';
import { type Harness, harness, recorder, systemText } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('chat engine: streaming answers', () => {
  it('saves the user message first, streams text, saves the answer with usage and cost', async () => {
    const c = h.engine.createConversation({});
    h.fake.script({
      type: 'text',
      text: ['Namaste! ', 'How can ', 'I help?'],
      usage: { input_tokens: 1000, output_tokens: 200 },
    });
    const r = recorder();
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'Hello Claude' }, r.opts());
    expect(res.ok).toBe(true);
    expect(r.types()[0]).toBe('user_saved');
    expect(r.types()[1]).toBe('assistant_started');
    expect(r.types().at(-1)).toBe('done');
    expect(r.text()).toBe('Namaste! How can I help?');
    const detail = h.engine.openConversation({ id: c.id });
    expect(detail.messages.map((m) => [m.role, m.status, m.text])).toEqual([
      ['user', 'complete', 'Hello Claude'],
      ['assistant', 'complete', 'Namaste! How can I help?'],
    ]);
    const a = detail.messages[1]!;
    expect(a.usage).toMatchObject({ inputTokens: 1000, outputTokens: 200 });
    expect(a.costUsd).toBeCloseTo(costUsd('claude-sonnet-5-5', a.usage!), 10);
    expect(detail.conversation.costUsd).toBeCloseTo(a.costUsd!, 10);
    expect(detail.conversation.title).toBe('Hello Claude'); // auto-titled from the first message
  });

  it('sends cache_control on the system prompt and on the last tool, and counts cache reads', async () => {
    const c = h.engine.createConversation({});
    await h.engine.sendMessage({ conversationId: c.id, text: 'one' });
    const r2 = recorder();
    await h.engine.sendMessage({ conversationId: c.id, text: 'two' }, r2.opts());
    const [first, second] = h.fake.messageRequests();
    const body = first!.body!;
    const system = body.system as Array<{ cache_control?: unknown }>;
    expect(system[0]!.cache_control).toEqual({ type: 'ephemeral' });
    const tools = body.tools as Array<{ name: string; cache_control?: unknown }>;
    expect(tools.map((t) => t.name)).toContain('search_talent');
    expect(tools.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    expect(tools.slice(0, -1).every((t) => t.cache_control === undefined)).toBe(true);
    expect(body.stream).toBe(true);
    const auth = second!.headers['x-api-key'] ?? second!.headers.authorization?.replace(/^Bearer /, '');
    expect(auth).toBe(FAKE_API_KEY);
    // The fake reports the second call's cached prefix as a cache read; it reaches the message's usage.
    const done = r2.of('done')[0]!;
    expect(done.message.usage!.cacheReadTokens).toBeGreaterThan(0);
    const conv = h.engine.openConversation({ id: c.id }).conversation;
    expect(conv.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(conv.usage.cacheReadTokens).toBe(done.message.usage!.cacheReadTokens);
  });

  it('rebuilds history from stored messages on the next turn', async () => {
    const c = h.engine.createConversation({});
    h.fake.script({ type: 'text', text: 'First answer' });
    await h.engine.sendMessage({ conversationId: c.id, text: 'first question' });
    await h.engine.sendMessage({ conversationId: c.id, text: 'second question' });
    const msgs = h.fake.messageRequests()[1]!.body!.messages as Array<{
      role: string;
      content: Array<{ text: string }>;
    }>;
    expect(msgs.map((m) => [m.role, m.content.map((b) => b.text).join('')])).toEqual([
      ['user', 'first question'],
      ['assistant', 'First answer'],
      ['user', 'second question'],
    ]);
  });
});

describe('chat engine: tools', () => {
  it('runs search_talent through the shared search module in a loop until stop_reason is not tool_use', async () => {
    const priya = createTalent(h.db, {
      fullName: 'Priya Deshmukh',
      gender: 'female',
      playingAgeMin: 26,
      playingAgeMax: 32,
      languages: [{ language: 'Marathi', fluency: 5 }],
      skills: ['Horse riding'],
      city: 'Mumbai',
    });
    createTalent(h.db, {
      fullName: 'Arjun Rao',
      gender: 'male',
      playingAgeMin: 40,
      playingAgeMax: 50,
      languages: [{ language: 'Telugu', fluency: 5 }],
    });
    const c = h.engine.createConversation({});
    const input = { ageMin: 25, ageMax: 35, languages: [{ language: 'Marathi' }], skills: ['Horse riding'] };
    h.fake.script(
      { type: 'tool_use', text: 'Let me search.', tools: [{ id: 'toolu_a', name: 'search_talent', input }] },
      { type: 'text', text: ['I found ', 'Priya Deshmukh.'] },
    );
    const r = recorder();
    const res = await h.engine.sendMessage(
      { conversationId: c.id, text: 'who do we have, 25 to 35, who speaks Marathi and rides?' },
      r.opts(),
    );
    expect(res.ok).toBe(true);
    const started = r.of('tool_started');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ name: 'search_talent', toolUseId: 'toolu_a', input });
    const finished = r.of('tool_finished')[0]!;
    expect(finished.ok).toBe(true);
    const result = finished.result as { total: number; talents: Array<{ id: string }> };
    // Same ids as the UI's search for the same filters.
    const ui = searchTalent(h.db, {
      filters: {
        ageMin: 25,
        ageMax: 35,
        languages: [{ language: 'Marathi', minFluency: 1 }],
        skills: ['Horse riding'],
      },
      limit: 20,
    });
    expect(result.talents.map((t) => t.id)).toEqual(ui.items.map((t) => t.id));
    expect(result.talents.map((t) => t.id)).toEqual([priya.id]);
    // The second API call carries the assistant tool_use turn and the user tool_result turn.
    const reqs = h.fake.messageRequests();
    expect(reqs).toHaveLength(2);
    const msgs = reqs[1]!.body!.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expect(msgs.at(-2)!.role).toBe('assistant');
    expect(msgs.at(-2)!.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    expect(msgs.at(-1)!.role).toBe('user');
    expect(msgs.at(-1)!.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_a' });
    expect(String(msgs.at(-1)!.content[0]!.content)).toContain(priya.id);
    // One stored assistant message holds the whole loop, in order.
    const a = h.engine.openConversation({ id: c.id }).messages[1]!;
    expect(a.blocks.map((b) => b.type)).toEqual(['text', 'tool_use', 'tool_result', 'text']);
    expect(a.text).toBe('Let me search.\n\nI found Priya Deshmukh.');
    // ...and is split back into valid API turns on the next send.
    await h.engine.sendMessage({ conversationId: c.id, text: 'thanks' });
    const next = h.fake.messageRequests()[2]!.body!.messages as Array<{ role: string }>;
    expect(next.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
  });

  it('bounds the loop: the last allowed round forbids tools', async () => {
    await h.engine.updateSettings({ maxToolIterations: 2 });
    const c = h.engine.createConversation({});
    h.fake.script(
      { type: 'tool_use', tools: [{ name: 'list_projects', input: {} }] },
      { type: 'text', text: 'Done looking.' },
    );
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'projects?' });
    expect(res.ok).toBe(true);
    const reqs = h.fake.messageRequests();
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.body!.tool_choice).toBeUndefined();
    expect(reqs[1]!.body!.tool_choice).toEqual({ type: 'none' });
  });

  it('gives Claude an error result for a bad tool input and carries on', async () => {
    const c = h.engine.createConversation({});
    h.fake.script(
      { type: 'tool_use', tools: [{ id: 'toolu_bad', name: 'get_talent', input: { nope: 1 } }] },
      { type: 'text', text: 'Sorry.' },
    );
    const r = recorder();
    await h.engine.sendMessage({ conversationId: c.id, text: 'x' }, r.opts());
    expect(r.of('tool_finished')[0]!.ok).toBe(false);
    const last = (
      h.fake.messageRequests()[1]!.body!.messages as Array<{ content: Array<Record<string, unknown>> }>
    ).at(-1)!;
    expect(last.content[0]).toMatchObject({ type: 'tool_result', is_error: true });
  });

  it('propose_shortlist_addition writes nothing', async () => {
    const now = Date.now();
    h.db.sqlite
      .prepare(
        "INSERT INTO project (id, name, status, created_at, updated_at) VALUES ('p1', 'Film', 'active', ?, ?)",
      )
      .run(now, now);
    h.db.sqlite
      .prepare(
        "INSERT INTO role (id, project_id, name, created_at, updated_at) VALUES ('r1', 'p1', 'Meera', ?, ?)",
      )
      .run(now, now);
    const t = createTalent(h.db, { fullName: 'Kavya Iyer' });
    const c = h.engine.createConversation({});
    h.fake.script(
      {
        type: 'tool_use',
        tools: [
          { name: 'propose_shortlist_addition', input: { roleId: 'r1', talentIds: [t.id], reason: 'fits' } },
        ],
      },
      { type: 'text', text: 'Proposed.' },
    );
    const r = recorder();
    await h.engine.sendMessage({ conversationId: c.id, text: 'add Kavya to Meera' }, r.opts());
    expect(r.of('tool_finished')[0]!.result).toMatchObject({
      kind: 'shortlist_proposal',
      roleId: 'r1',
      roleName: 'Meera',
      talents: [{ id: t.id, fullName: 'Kavya Iyer', alreadyShortlisted: false }],
    });
    expect((h.db.sqlite.prepare('SELECT count(*) AS n FROM shortlist_entry').get() as { n: number }).n).toBe(
      0,
    );
  });
});

describe('chat engine: memory', () => {
  it('"Remember that…" saves a memory, later retrieved by relevance into the system prompt', async () => {
    const c = h.engine.createConversation({});
    const r = recorder();
    await h.engine.sendMessage(
      { conversationId: c.id, text: 'Remember that Sanjay prefers theatre actors for villain roles' },
      r.opts(),
    );
    expect(r.of('memory_saved')[0]!.memory).toMatchObject({
      text: 'Sanjay prefers theatre actors for villain roles',
      sourceConversationId: c.id,
      pinned: false,
    });
    h.engine.createMemory({ text: 'The office closes on Sundays' });
    h.engine.createMemory({ text: 'Always reply in English', pinned: true });
    const c2 = h.engine.createConversation({});
    await h.engine.sendMessage({ conversationId: c2.id, text: 'Any villain ideas for the new series?' });
    const sys = systemText(h.fake.messageRequests().at(-1)!.body);
    expect(sys).toContain('Sanjay prefers theatre actors for villain roles');
    expect(sys).toContain('[pinned] Always reply in English');
    expect(sys).not.toContain('Sundays');
  });

  it('the remember tool writes a memory tied to the conversation', async () => {
    const c = h.engine.createConversation({});
    h.fake.script(
      {
        type: 'tool_use',
        tools: [{ name: 'remember', input: { text: 'Director Mehta wants newcomers only' } }],
      },
      { type: 'text', text: 'Noted.' },
    );
    const r = recorder();
    await h.engine.sendMessage(
      { conversationId: c.id, text: 'Mehta only wants newcomers, keep that in mind' },
      r.opts(),
    );
    expect(r.of('memory_saved')).toHaveLength(1);
    const list = h.engine.listMemories({});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      text: 'Director Mehta wants newcomers only',
      sourceConversationId: c.id,
    });
  });

  it('memory CRUD and search', () => {
    const m = h.engine.createMemory({ text: 'Kathak dancers from Lucknow are preferred' });
    expect(h.engine.createMemory({ text: 'kathak dancers from lucknow are preferred' }).id).toBe(m.id);
    const u = h.engine.updateMemory({ id: m.id, pinned: true, text: 'Kathak dancers from Lucknow first' });
    expect(u).toMatchObject({ pinned: true, text: 'Kathak dancers from Lucknow first' });
    h.engine.createMemory({ text: 'Unrelated fact' });
    expect(h.engine.listMemories({ search: 'lucknow' }).map((x) => x.id)).toEqual([m.id]);
    h.engine.deleteMemory({ id: m.id });
    expect(h.engine.listMemories({}).map((x) => x.text)).toEqual(['Unrelated fact']);
    expect(() => h.engine.deleteMemory({ id: m.id })).toThrow(/does not exist/);
    expect(() => h.engine.createMemory({ text: '   ' })).toThrow();
  });

  it('summarises older turns past the token budget and replaces them with the summary', async () => {
    await h.engine.updateSettings({ contextBudgetTokens: 2000 });
    const c = h.engine.createConversation({});
    const long = (n: number) => `Discussion ${n}: ${'casting notes about the lead role '.repeat(60)}`;
    for (let i = 0; i < 6; i++) {
      h.fake.script({ type: 'text', text: `Answer ${i}` });
      await h.engine.sendMessage({ conversationId: c.id, text: long(i) });
    }
    const before = h.fake.messageRequests().length;
    // Already summarised at some point once past 2000 tokens: the summary call is non-streaming.
    const summaryCalls = h.fake.messageRequests().filter((q) => q.body!.stream !== true);
    expect(summaryCalls.length).toBeGreaterThan(0);
    expect(systemText(summaryCalls[0]!.body)).toContain('compress chat history');
    const conv = h.engine.openConversation({ id: c.id }).conversation;
    expect(conv.summary).toBeTruthy();
    expect(conv.summaryUpto).toBeTruthy();
    // The next streamed call has the summary in its system prompt and no folded message in its window.
    h.fake.script({ type: 'text', text: 'SUMMARY-TEXT' });
    const r = recorder();
    await h.engine.updateSettings({ contextBudgetTokens: 2000 });
    await h.engine.sendMessage({ conversationId: c.id, text: 'and now?' }, r.opts());
    const reqs = h.fake.messageRequests().slice(before);
    const streamed = reqs.filter((q) => q.body!.stream === true).at(-1)!;
    const sent = JSON.stringify(streamed.body!.messages);
    expect(sent).not.toContain('Discussion 0:');
    expect(systemText(streamed.body)).toContain('Summary of the earlier part');
    expect(sent).toContain('and now?');
  });

  it('does not summarise under the budget', async () => {
    const c = h.engine.createConversation({});
    await h.engine.sendMessage({ conversationId: c.id, text: 'short' });
    await h.engine.sendMessage({ conversationId: c.id, text: 'short again' });
    expect(h.fake.messageRequests().every((q) => q.body!.stream === true)).toBe(true);
    expect(h.engine.openConversation({ id: c.id }).conversation.summary).toBeNull();
  });
});

describe('chat engine: model', () => {
  it('uses the model picked in Settings for every send and records it on the conversation', async () => {
    const c = h.engine.createConversation({});
    expect(c.model).toBe('claude-sonnet-5-5');
    await h.engine.updateSettings({ model: 'claude-opus-5-5' });
    h.fake.script({ type: 'text', text: 'hi', usage: { input_tokens: 1_000_000, output_tokens: 0 } });
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'x' });
    expect(h.fake.messageRequests()[0]!.body!.model).toBe('claude-opus-5-5');
    expect(h.engine.openConversation({ id: c.id }).conversation.model).toBe('claude-opus-5-5');
    // Priced as Opus ($5 / MTok input), not Sonnet.
    expect(res.ok && res.message.costUsd).toBeGreaterThanOrEqual(5);
  });
});
