// The conversation, virtualized: only the messages on screen are in the DOM, so a 1,000-message conversation
// opens and scrolls as fast as a short one. It follows the streamed answer while the user is at the bottom.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { ChatMessage, Conversation } from '../../../shared/chat.ts';
import { usageText, usd } from './format.ts';
import type { Live } from './live.ts';
import { LiveMessage, type MessageActions, StoredMessage } from './Message.tsx';

type Row =
  | { key: string; kind: 'msg'; m: ChatMessage }
  | { key: string; kind: 'summary'; text: string }
  | { key: string; kind: 'live' };

export function buildRows(conversation: Conversation, messages: ChatMessage[], live: Live): Row[] {
  let stored = messages;
  if (live.cut) {
    const cut = live.cut;
    const idx = stored.findIndex((m) => m.id === cut.id);
    if (idx >= 0) stored = stored.slice(0, cut.inclusive ? idx : idx + 1);
  }
  const rows: Row[] = [];
  for (const m of stored) {
    rows.push({ key: m.id, kind: 'msg', m });
    if (conversation.summary && m.id === conversation.summaryUpto)
      rows.push({ key: 'summary', kind: 'summary', text: conversation.summary });
  }
  if (live.user && !stored.some((m) => m.id === live.user?.id))
    rows.push({ key: live.user.id, kind: 'msg', m: live.user });
  const streamed = live.parts.length > 0 || live.running;
  if (streamed && !stored.some((m) => m.id === live.assistantId))
    rows.push({ key: live.assistantId ?? 'live', kind: 'live' });
  return rows;
}

export function MessageList({
  conversation,
  messages,
  live,
  focusMessageId,
  actions,
}: {
  conversation: Conversation;
  messages: ChatMessage[];
  live: Live;
  focusMessageId: string | null;
  actions: MessageActions;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const rows = useMemo(() => buildRows(conversation, messages, live), [conversation, messages, live]);
  const lastUser = useMemo(() => rows.findLast((r) => r.kind === 'msg' && r.m.role === 'user'), [rows]);
  // Regenerate is offered on the answer that ends the conversation.
  const lastAssistant = useMemo(() => {
    const last = rows.findLast((r) => r.kind === 'msg');
    return last?.kind === 'msg' && last.m.role === 'assistant' ? last : undefined;
  }, [rows]);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 140,
    overscan: 4,
    getItemKey: (i) => rows[i]?.key ?? i,
  });

  // Opening a conversation lands on its last message, or on the message a search found.
  const opened = useRef<string | null>(null);
  useLayoutEffect(() => {
    const key = `${conversation.id}:${focusMessageId ?? ''}`;
    if (opened.current === key || rows.length === 0) return;
    opened.current = key;
    const idx = focusMessageId ? rows.findIndex((r) => r.key === focusMessageId) : -1;
    stick.current = idx < 0;
    v.scrollToIndex(idx >= 0 ? idx : rows.length - 1, { align: idx >= 0 ? 'center' : 'end' });
  }, [conversation.id, focusMessageId, rows, v]);

  // Follow the answer as it grows, unless the user scrolled up to read.
  const total = v.getTotalSize();
  useEffect(() => {
    const el = scrollRef.current;
    if (el && stick.current && total > 0) el.scrollTop = el.scrollHeight;
  }, [total]);
  useEffect(() => {
    if (live.running || live.user) stick.current = true;
  }, [live.running, live.user]);

  const running = live.running;
  const liveUsage =
    live.usage && live.costUsd != null ? { text: `${usageText(live.usage)} · ≈ ${usd(live.costUsd)}` } : null;

  return (
    <div
      ref={scrollRef}
      className="chat-scroll"
      role="log"
      aria-label="Messages"
      aria-live="polite"
      aria-busy={running}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
      }}
    >
      <div style={{ height: total, position: 'relative', width: '100%' }}>
        {v.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={v.measureElement}
              className="msg-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.kind === 'summary' ? (
                <details className="summary-note">
                  <summary>Earlier messages were summarised for Claude</summary>
                  <p>{row.text}</p>
                </details>
              ) : row.kind === 'live' ? (
                <LiveMessage
                  parts={live.parts}
                  running={running}
                  usage={liveUsage}
                  onOpenTalent={actions.onOpenTalent}
                />
              ) : (
                <StoredMessage
                  m={row.m}
                  isLastUser={row === lastUser}
                  isLastAssistant={row === lastAssistant}
                  busy={running}
                  highlighted={row.m.id === focusMessageId}
                  actions={actions}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
