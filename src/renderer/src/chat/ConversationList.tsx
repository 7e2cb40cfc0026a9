// Past conversations, newest first; typing searches every message ever sent (FTS5 in the backend) and shows
// where each conversation matched.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { memo, useEffect, useId, useState } from 'react';
import type { ConversationListItem } from '../../../shared/chat.ts';
import { call } from '../api.ts';
import { snippetRuns, when } from './format.ts';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Memoised: a streamed token re-renders the conversation, not this list. */
export const ConversationList = memo(function ConversationList({
  activeId,
  onOpen,
  onNew,
}: {
  activeId: string | null;
  onOpen: (c: ConversationListItem) => void;
  onNew: () => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 150);
  const list = useQuery({
    queryKey: ['chat.list', search],
    queryFn: () => call('chat.conversations.list', { search }),
    placeholderData: keepPreviousData,
  });
  const items = list.data ?? [];
  return (
    <aside className="conv-list" aria-label="Conversations">
      <div className="conv-tools">
        <button type="button" className="btn primary" onClick={onNew}>
          New conversation
        </button>
        <label htmlFor={id} className="sr-only">
          Search conversations
        </label>
        <input
          id={id}
          className="input"
          type="search"
          placeholder="Search all messages…"
          value={text}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {list.error && <p role="alert">{String((list.error as Error).message)}</p>}
      <ul aria-label={search ? `Conversations matching “${search}”` : 'Recent conversations'}>
        {items.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="list-item"
              aria-current={c.id === activeId ? 'true' : undefined}
              onClick={() => onOpen(c)}
            >
              <span className="conv-title">{c.title}</span>
              <small>
                {when(c.updatedAt)} · {c.messageCount} {c.messageCount === 1 ? 'message' : 'messages'}
              </small>
              {c.snippet && (
                <small className="snippet">
                  {snippetRuns(c.snippet).map((r, i) =>
                    // biome-ignore lint/suspicious/noArrayIndexKey: runs are positional
                    r.match ? <mark key={i}>{r.text}</mark> : <span key={i}>{r.text}</span>,
                  )}
                </small>
              )}
            </button>
          </li>
        ))}
      </ul>
      {items.length === 0 && list.isSuccess && (
        <p className="chat-muted conv-empty">
          {search ? 'No conversation mentions that.' : 'No conversations yet.'}
        </p>
      )}
    </aside>
  );
});
