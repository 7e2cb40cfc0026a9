import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatHandlers } from '../../src/backend/claude/handlers.ts';
import { chatEvents, chatMethods } from '../../src/shared/chat.ts';
import { type Harness, harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('chat contract handlers', () => {
  it('every output and every event matches the shared schemas', async () => {
    const emitted: Array<{ event: string; payload: unknown }> = [];
    const handlers = createChatHandlers(h.engine, {
      emit: (event, payload) => emitted.push({ event, payload }),
    });
    type Name = keyof typeof chatMethods;
    const call = async <K extends Name>(name: K, input: unknown) => {
      const spec = chatMethods[name];
      const parsedIn = spec.input.parse(input);
      const out = await (handlers[name] as (i: unknown) => unknown)(parsedIn);
      return spec.output.parse(out) as unknown;
    };
    await call('chat.settings.get', {});
    await call('chat.settings.update', { maxTokens: 2048 });
    await call('chat.testConnection', {});
    const conv = (await call('chat.conversations.create', {})) as { id: string };
    h.fake.script(
      {
        type: 'tool_use',
        text: 'Checking',
        tools: [{ name: 'remember', input: { text: 'Office prefers Pune actors' } }],
      },
      { type: 'text', text: ['Done', '.'] },
    );
    const sent = (await call('chat.send', {
      conversationId: conv.id,
      text: 'Remember that we prefer Pune actors',
    })) as {
      ok: boolean;
    };
    expect(sent.ok).toBe(true);
    h.fake.script({ type: 'cut', text: ['half'] });
    expect(await call('chat.regenerate', { conversationId: conv.id })).toMatchObject({
      ok: false,
      code: 'STREAM_INTERRUPTED',
    });
    const detail = (await call('chat.conversations.open', { id: conv.id })) as {
      messages: Array<{ id: string }>;
    };
    await call('chat.editAndResend', {
      conversationId: conv.id,
      messageId: detail.messages[0]!.id,
      text: 'edited',
    });
    await call('chat.conversations.list', { search: 'edited' });
    await call('chat.conversations.rename', { id: conv.id, title: 'Renamed' });
    await call('chat.conversations.export', { id: conv.id });
    expect(await call('chat.stop', { conversationId: conv.id })).toEqual({ stopped: false });
    const m = (await call('memory.create', { text: 'A fact' })) as { id: string };
    await call('memory.update', { id: m.id, pinned: true });
    await call('memory.list', {});
    await call('memory.delete', { id: m.id });
    await call('chat.conversations.delete', { id: conv.id });
    await call('chat.apiKey.set', { apiKey: null });

    expect(emitted.length).toBeGreaterThan(10);
    for (const e of emitted) chatEvents[e.event as keyof typeof chatEvents].parse(e.payload);
    const types = emitted.flatMap((e) =>
      e.event === 'chat.event' ? [(e.payload as { event: { type: string } }).event.type] : [],
    );
    for (const t of [
      'user_saved',
      'assistant_started',
      'text',
      'tool_started',
      'tool_finished',
      'usage',
      'memory_saved',
      'done',
      'error',
    ]) {
      expect(types).toContain(t);
    }
    expect(emitted.filter((e) => e.event === 'memory.changed').length).toBeGreaterThanOrEqual(4);
  });
});
