// What is happening right now in each conversation: the answer being streamed (text and tool calls as they
// come), a retry countdown, the last error. Fed by `chat.event` for the app's lifetime, so an answer keeps
// streaming while the user looks at another screen; components read it with useLive().
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { type ChatMessage, type ConversationDetail, chatEvents } from '../../../shared/chat.ts';
import type { Usage } from '../../../shared/chat-usage.ts';
import { onEvent } from '../api.ts';

export type LiveTool = {
  id: string;
  name: string;
  input: unknown;
  done: boolean;
  ok: boolean;
  result: unknown;
};
export type LivePart = { kind: 'text'; text: string } | { kind: 'tool'; tool: LiveTool };

export type ChatBanner = { code: string; message: string; userMessageId: string | null };

export type Live = {
  running: boolean;
  /** Stored messages from this one on are being replaced (regenerate, edit and resend). */
  cut: { id: string; inclusive: boolean } | null;
  user: ChatMessage | null;
  assistantId: string | null;
  parts: LivePart[];
  usage: Usage | null;
  costUsd: number | null;
  retry: { attempt: number; maxAttempts: number; until: number; code: string } | null;
  error: ChatBanner | null;
};

const EMPTY: Live = {
  running: false,
  cut: null,
  user: null,
  assistantId: null,
  parts: [],
  usage: null,
  costUsd: null,
  retry: null,
  error: null,
};

const state = new Map<string, Live>();
const listeners = new Set<() => void>();

let scheduled = false;
function notify() {
  scheduled = false;
  for (const l of listeners) l();
}

/**
 * Updates are applied at once but rendered once per frame: a burst of deltas costs one React render, done just
 * before the browser paints, and never blocks the message that starts a send.
 */
function set(conversationId: string, patch: Partial<Live> | ((l: Live) => Partial<Live>)) {
  const cur = state.get(conversationId) ?? EMPTY;
  const p = typeof patch === 'function' ? patch(cur) : patch;
  state.set(conversationId, { ...cur, ...p });
  if (scheduled) return;
  scheduled = true;
  // A hidden page gets no frames; a timer keeps its state current for when it is shown.
  if (document.visibilityState === 'visible') requestAnimationFrame(notify);
  else setTimeout(notify, 50);
}

export function getLive(conversationId: string | null): Live {
  return (conversationId && state.get(conversationId)) || EMPTY;
}

export function useLive(conversationId: string | null): Live {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => getLive(conversationId),
  );
}

/** A send is starting: clear the last error, mark stored messages being replaced. */
export function beginLive(conversationId: string, cut: Live['cut']) {
  set(conversationId, { ...EMPTY, running: true, cut });
}

/** A send failed before the backend streamed anything (BUSY, a lost connection…). */
export function failLive(conversationId: string, banner: ChatBanner) {
  set(conversationId, (l) => ({ running: false, error: banner, retry: null, cut: l.user ? l.cut : null }));
}

export function setBanner(conversationId: string, banner: ChatBanner | null) {
  set(conversationId, { error: banner });
}

let subscribed = false;

/** Subscribes once; when an answer ends, the stored conversation is refetched and the live copy dropped. */
export function listenToChat(qc: QueryClient) {
  if (subscribed) return;
  subscribed = true;
  const settle = async (conversationId: string) => {
    void qc.invalidateQueries({ queryKey: ['chat.list'] });
    await qc.refetchQueries({ queryKey: ['chat.open', conversationId] }).catch(() => {});
    // Drop the streamed copy only once the saved messages are in the cache: no flicker.
    set(conversationId, (l) =>
      l.running ? {} : { user: null, assistantId: null, parts: [], cut: null, usage: null, costUsd: null },
    );
  };
  onEvent((name, payload) => {
    if (name === 'memory.changed') {
      void qc.invalidateQueries({ queryKey: ['memory.list'] });
      return;
    }
    if (name !== 'chat.event') return;
    const parsed = chatEvents['chat.event'].safeParse(payload);
    if (!parsed.success) return;
    const { conversationId: cid, event: e } = parsed.data;
    switch (e.type) {
      case 'user_saved':
        set(cid, { user: e.message, running: true, error: null });
        // The first message titles the conversation: the list shows the new title.
        if (qc.getQueryData<ConversationDetail>(['chat.open', cid])?.messages.length === 0)
          void qc.invalidateQueries({ queryKey: ['chat.list'] });
        break;
      case 'assistant_started':
        set(cid, { assistantId: e.messageId, running: true });
        break;
      case 'text':
        set(cid, (l) => {
          const parts = l.parts.slice();
          const last = parts.at(-1);
          if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + e.delta };
          else parts.push({ kind: 'text', text: e.delta });
          return { parts, retry: null };
        });
        break;
      case 'tool_started':
        set(cid, (l) => ({
          retry: null,
          parts: [
            ...l.parts,
            {
              kind: 'tool',
              tool: { id: e.toolUseId, name: e.name, input: e.input, done: false, ok: true, result: null },
            },
          ],
        }));
        break;
      case 'tool_finished':
        set(cid, (l) => ({
          parts: l.parts.map((p) =>
            p.kind === 'tool' && p.tool.id === e.toolUseId
              ? { kind: 'tool', tool: { ...p.tool, done: true, ok: e.ok, result: e.result } }
              : p,
          ),
        }));
        break;
      case 'usage':
        set(cid, { usage: e.usage, costUsd: e.costUsd });
        break;
      case 'retrying':
        set(cid, {
          retry: {
            attempt: e.attempt,
            maxAttempts: e.maxAttempts,
            until: Date.now() + e.inSeconds * 1000,
            code: e.code,
          },
        });
        break;
      case 'summarised':
      case 'memory_saved':
        if (e.type === 'summarised') void qc.invalidateQueries({ queryKey: ['chat.open', cid] });
        break;
      case 'done':
        set(cid, { running: false, retry: null });
        void settle(cid);
        break;
      case 'error':
        set(cid, {
          running: false,
          retry: null,
          // Stopping is the user's own doing: no banner.
          error:
            e.code === 'STOPPED'
              ? null
              : { code: e.code, message: e.message, userMessageId: e.userMessageId },
        });
        void settle(cid);
        break;
    }
  });
}
