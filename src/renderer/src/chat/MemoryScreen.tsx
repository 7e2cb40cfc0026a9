// What Claude remembers across conversations: saved by Claude's `remember` tool or by the user ("Remember
// that…"). Pinned memories always go into Claude's context; the others when they are relevant.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { Memory } from '../../../shared/chat-memory.ts';
import { call, errorMessage } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { when } from './format.ts';
import { listenToChat } from './live.ts';

export function MemoryScreen() {
  const qc = useQueryClient();
  const searchId = useId();
  const [search, setSearch] = useState('');
  useEffect(() => listenToChat(qc), [qc]);
  const list = useQuery({
    queryKey: ['memory.list', search.trim()],
    queryFn: () => call('memory.list', { search: search.trim() }),
    placeholderData: keepPreviousData,
  });
  const items = list.data ?? [];
  return (
    <section className="memory-screen" aria-labelledby="memory-title">
      <div className="memory-inner">
        <h2 id="memory-title">Memory</h2>
        <p className="chat-muted">
          Facts Claude keeps across conversations. Pinned ones are always in its context; the others are used
          when they are relevant to a question.
        </p>
        <AddMemory />
        <div className="memory-search">
          <label htmlFor={searchId} className="sr-only">
            Search memories
          </label>
          <input
            id={searchId}
            className="input"
            type="search"
            placeholder="Search memories…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <span className="chat-muted" role="status">
            {list.isSuccess ? `${items.length} ${items.length === 1 ? 'memory' : 'memories'}` : ''}
          </span>
        </div>
        {list.error && <p role="alert">{errorMessage(list.error)}</p>}
        <ul className="memory-list" aria-label="Memories">
          {items.map((m) => (
            <MemoryItem key={m.id} m={m} />
          ))}
        </ul>
        {list.isSuccess && items.length === 0 && (
          <p className="chat-muted">
            {search
              ? 'No memory matches.'
              : 'Nothing remembered yet. Tell Claude “Remember that…”, or add one above.'}
          </p>
        )}
      </div>
    </section>
  );
}

function AddMemory() {
  const id = useId();
  const toasts = useToasts();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [pinned, setPinned] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="memory-add"
      aria-label="Add a memory"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        setBusy(true);
        try {
          await call('memory.create', { text: text.trim(), pinned });
          setText('');
          setPinned(false);
          void qc.invalidateQueries({ queryKey: ['memory.list'] });
          toasts.show('Remembered');
        } catch (err) {
          toasts.show(errorMessage(err), { kind: 'error' });
        } finally {
          setBusy(false);
        }
      }}
    >
      <label htmlFor={id}>Remember that…</label>
      <textarea
        id={id}
        className="input"
        rows={2}
        maxLength={2000}
        placeholder="e.g. The director prefers theatre actors for supporting roles."
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="actions">
        <label className="mem-check">
          <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} /> Pin (always
          in context)
        </label>
        <span className="spacer" />
        <button type="submit" className="btn primary" disabled={busy || !text.trim()}>
          Save memory
        </button>
      </div>
    </form>
  );
}

function MemoryItem({ m }: { m: Memory }) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const editId = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.text);
  const short = m.text.length > 40 ? `${m.text.slice(0, 40)}…` : m.text;
  const refresh = () => void qc.invalidateQueries({ queryKey: ['memory.list'] });
  const act = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      refresh();
      if (done) toasts.show(done);
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  return (
    <li className={`memory${m.pinned ? ' pinned' : ''}`} aria-label={m.text}>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!draft.trim()) return;
            void act(() => call('memory.update', { id: m.id, text: draft.trim() })).then(() =>
              setEditing(false),
            );
          }}
        >
          <label htmlFor={editId} className="sr-only">
            Memory text
          </label>
          <textarea
            id={editId}
            className="input"
            rows={2}
            maxLength={2000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="btn primary small" disabled={!draft.trim()}>
              Save
            </button>
            <button type="button" className="btn small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="memory-text">{m.text}</p>
          <div className="memory-meta">
            <span className="chat-muted">
              {m.pinned ? 'Pinned · ' : ''}
              {m.addedBy
                ? `Added by ${m.addedBy}${m.sourceConversationId ? ' from a conversation' : ''}`
                : m.sourceConversationId
                  ? 'From a conversation'
                  : 'Added by hand'}{' '}
              · {when(m.createdAt)}
            </span>
            <span className="spacer" />
            <button
              type="button"
              className="btn small ghost"
              aria-pressed={m.pinned}
              aria-label={`Pin “${short}”`}
              onClick={() => act(() => call('memory.update', { id: m.id, pinned: !m.pinned }))}
            >
              {m.pinned ? 'Pinned' : 'Pin'}
            </button>
            <button
              type="button"
              className="btn small ghost"
              aria-label={`Edit “${short}”`}
              onClick={() => {
                setDraft(m.text);
                setEditing(true);
              }}
            >
              Edit
            </button>
            <button
              type="button"
              className="btn small ghost danger"
              aria-label={`Delete “${short}”`}
              onClick={() => act(() => call('memory.delete', { id: m.id }), 'Memory deleted')}
            >
              Delete
            </button>
          </div>
        </>
      )}
    </li>
  );
}
