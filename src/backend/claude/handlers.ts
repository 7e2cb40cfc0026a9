// The chat methods of the renderer contract (chatMethods in src/shared/chat.ts), as handlers for the
// backend's dispatcher: `...createChatHandlers(engine, events)` next to the other handlers.
import type { z } from 'zod';
import type { ChatEvent, chatEvents, chatMethods } from '../../shared/chat.ts';
import type { ChatEngine } from './engine.ts';

type M = typeof chatMethods;
export type ChatHandlers = {
  [K in keyof M]: (
    input: z.output<M[K]['input']>,
  ) => z.input<M[K]['output']> | Promise<z.input<M[K]['output']>>;
};

export type ChatEventSink = {
  emit<E extends keyof typeof chatEvents>(event: E, payload: z.output<(typeof chatEvents)[E]>): void;
};

export function createChatHandlers(engine: ChatEngine, sink: ChatEventSink): ChatHandlers {
  const ok = { ok: true as const };
  const forward = (conversationId: string) => ({
    onEvent: (event: ChatEvent) => {
      sink.emit('chat.event', { conversationId, event });
      if (event.type === 'memory_saved') sink.emit('memory.changed', {});
    },
  });
  return {
    'chat.settings.get': () => engine.getSettings(),
    'chat.settings.update': (i) => engine.updateSettings(i),
    'chat.apiKey.set': (i) => engine.setApiKey(i),
    'chat.testConnection': (i) => engine.testConnection(i),
    'chat.conversations.list': (i) => engine.listConversations(i),
    'chat.conversations.create': (i) => engine.createConversation(i),
    'chat.conversations.rename': (i) => engine.renameConversation(i),
    'chat.conversations.delete': (i) => {
      engine.deleteConversation(i);
      return ok;
    },
    'chat.conversations.open': (i) => engine.openConversation(i),
    'chat.conversations.export': (i) => engine.exportConversation(i),
    'chat.send': (i) => engine.sendMessage(i, forward(i.conversationId)),
    'chat.regenerate': (i) => engine.regenerate(i, forward(i.conversationId)),
    'chat.editAndResend': (i) => engine.editAndResend(i, forward(i.conversationId)),
    'chat.stop': (i) => ({ stopped: engine.stop(i.conversationId) }),
    'memory.list': (i) => engine.listMemories(i),
    'memory.create': (i) => {
      const m = engine.createMemory(i);
      sink.emit('memory.changed', {});
      return m;
    },
    'memory.update': (i) => {
      const m = engine.updateMemory(i);
      sink.emit('memory.changed', {});
      return m;
    },
    'memory.delete': (i) => {
      engine.deleteMemory(i);
      sink.emit('memory.changed', {});
      return ok;
    },
  };
}
