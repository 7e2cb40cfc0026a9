// Claude in the app: conversations on the left, the open conversation in the middle (streamed answers, tool
// cards, costs), a talent profile on the right when one is clicked in an answer.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import {
  type Attachment,
  type ChatMessage,
  type ConversationDetail,
  type ConversationListItem,
  chatEvents,
} from '../../../shared/chat.ts';
import { ApiError, call, errorMessage, onEvent } from '../api.ts';
import { ShortlistPicker } from '../casting/ShortlistPicker.tsx';
import { ProfilePanel } from '../talent/ProfilePanel.tsx';
import { downloadBlob } from '../ui/download.ts';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { ErrorBanner, OfflineBanner, RetryBanner, useOnline } from './Banners.tsx';
import { Composer } from './Composer.tsx';
import { ConversationList } from './ConversationList.tsx';
import { usageText, usd } from './format.ts';
import { beginLive, failLive, listenToChat, setBanner, useLive } from './live.ts';
import type { MessageActions } from './Message.tsx';
import { MessageList } from './MessageList.tsx';

const ACTIVE_KEY = 'castmatch.chat.active';

export function ChatScreen({ onOpenSettings }: { onOpenSettings: () => void }) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const online = useOnline();
  const [activeId, setActiveId] = useState<string | null>(() => localStorage.getItem(ACTIVE_KEY));
  const [focusMessageId, setFocusMessageId] = useState<string | null>(null);
  const [talentId, setTalentId] = useState<string | null>(null);
  const [shortlisting, setShortlisting] = useState<{ id: string; fullName: string } | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const live = useLive(activeId);

  useEffect(() => listenToChat(qc), [qc]);
  // What Claude (or a "Remember that…") saved is confirmed where the user is looking.
  useEffect(
    () =>
      onEvent((name, payload) => {
        const p = name === 'chat.event' ? chatEvents['chat.event'].safeParse(payload) : null;
        if (p?.success && p.data.event.type === 'memory_saved')
          toasts.show(`Remembered: ${p.data.event.memory.text}`);
      }),
    [toasts],
  );
  useEffect(() => {
    if (activeId) localStorage.setItem(ACTIVE_KEY, activeId);
    else localStorage.removeItem(ACTIVE_KEY);
  }, [activeId]);

  const settings = useQuery({ queryKey: ['chat.settings'], queryFn: () => call('chat.settings.get', {}) });
  const detail = useQuery({
    queryKey: ['chat.open', activeId],
    queryFn: () => call('chat.conversations.open', { id: activeId! }),
    enabled: Boolean(activeId),
  });
  // A conversation deleted elsewhere (or a stale id from last time) falls back to the empty state.
  useEffect(() => {
    if (detail.error instanceof ApiError && detail.error.code === 'NOT_FOUND') setActiveId(null);
  }, [detail.error]);

  const open = useCallback((id: string | null, focus: string | null = null) => {
    setActiveId(id);
    setFocusMessageId(focus);
  }, []);

  // A new conversation opens at once, empty, and is created with its first message (see send). Creating it
  // first switched the composer only when the call came back, so text typed meanwhile landed in the old one.
  const newConversation = useCallback(() => open(null), [open]);

  /** Runs one of the three streaming calls; progress arrives as events, the promise only ends the turn. */
  const run = useCallback((cid: string, cut: Parameters<typeof beginLive>[1], go: () => Promise<unknown>) => {
    beginLive(cid, cut);
    go().catch((e) =>
      failLive(cid, {
        code: e instanceof ApiError ? e.code : 'ERROR',
        message: errorMessage(e),
        userMessageId: null,
      }),
    );
  }, []);

  const send = useCallback(
    (text: string, attachments: Attachment[]): boolean => {
      if (!navigator.onLine) {
        toasts.show('You are offline: the message is kept as a draft.', { kind: 'error' });
        return false;
      }
      const go = (cid: string) =>
        run(cid, null, () => call('chat.send', { conversationId: cid, text, attachments }));
      if (activeId) go(activeId);
      else
        void call('chat.conversations.create', {}).then(
          (c) => {
            qc.setQueryData<ConversationDetail>(['chat.open', c.id], { conversation: c, messages: [] });
            void qc.invalidateQueries({ queryKey: ['chat.list'] });
            setActiveId(c.id);
            go(c.id);
          },
          (e) => toasts.show(errorMessage(e), { kind: 'error' }),
        );
      return true;
    },
    [activeId, qc, toasts, run],
  );
  const openListed = useCallback((c: ConversationListItem) => open(c.id, c.matchMessageId), [open]);

  const messages = detail.data?.messages;
  const actions: MessageActions = useMemo(
    () => ({
      onOpenTalent: (id) => setTalentId(id),
      onRegenerate: () => {
        if (!activeId) return;
        const lastUser = messages?.findLast((m) => m.role === 'user');
        run(activeId, lastUser ? { id: lastUser.id, inclusive: false } : null, () =>
          call('chat.regenerate', { conversationId: activeId }),
        );
      },
      onEditResend: (m: ChatMessage, text: string) => {
        if (!activeId) return;
        run(activeId, { id: m.id, inclusive: true }, () =>
          call('chat.editAndResend', { conversationId: activeId, messageId: m.id, text }),
        );
      },
    }),
    [activeId, messages, run],
  );

  const stop = useCallback(() => {
    if (activeId) void call('chat.stop', { conversationId: activeId });
  }, [activeId]);

  // Escape stops the answer from anywhere on the screen (dialogs keep Escape for themselves).
  useEffect(() => {
    if (!live.running) return;
    const onKey = (e: KeyboardEvent) => {
      // The composer handles its own Escape (and marks it handled).
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]')) stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [live.running, stop]);

  const exportMd = async () => {
    if (!activeId) return;
    try {
      const r = await call('chat.conversations.export', { id: activeId });
      downloadBlob(r.fileName, new Blob([r.markdown], { type: 'text/markdown;charset=utf-8' }));
      toasts.show(`Exported ${r.fileName}`);
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };

  const conv = detail.data?.conversation;
  const noKey = settings.data && !settings.data.hasApiKey;
  return (
    <div className={`chat${talentId ? ' with-panel' : ''}`}>
      <ConversationList activeId={activeId} onOpen={openListed} onNew={newConversation} />
      <section className="chat-main" aria-label="Conversation">
        <header className="chat-head">
          <h2>{conv?.title ?? 'Claude'}</h2>
          {conv && conv.costUsd > 0 && (
            <span
              className="tok-usage"
              title="Tokens and estimated cost of this conversation, cache reads included"
            >
              Total: {usageText(conv.usage)} · ≈ {usd(conv.costUsd)}
            </span>
          )}
          <span className="spacer" />
          {conv && (
            <>
              <button type="button" className="btn small" onClick={() => setRenaming(true)}>
                Rename
              </button>
              <button type="button" className="btn small" onClick={exportMd}>
                Export Markdown
              </button>
              <button type="button" className="btn small danger" onClick={() => setDeleting(true)}>
                Delete
              </button>
            </>
          )}
        </header>
        {!online && <OfflineBanner />}
        {noKey && (
          <div className="chat-banner warn" role="status">
            <b>Claude needs an Anthropic API key.</b>{' '}
            <button type="button" className="btn small" onClick={onOpenSettings}>
              Add it in Settings
            </button>
          </div>
        )}
        {live.retry && <RetryBanner retry={live.retry} />}
        {live.error && activeId && (
          <ErrorBanner
            banner={live.error}
            onDismiss={() => setBanner(activeId, null)}
            onRetry={live.error.userMessageId ? actions.onRegenerate : null}
            onSettings={onOpenSettings}
            onNewConversation={newConversation}
          />
        )}
        {conv && messages ? (
          messages.length === 0 && !live.running && !live.user ? (
            <EmptyConversation />
          ) : (
            <MessageList
              conversation={conv}
              messages={messages}
              live={live}
              focusMessageId={focusMessageId}
              actions={actions}
            />
          )
        ) : activeId && detail.isLoading ? (
          <div className="chat-scroll" aria-busy="true" />
        ) : (
          <EmptyConversation />
        )}
        <Composer conversationId={activeId} running={live.running} onSend={send} onStop={stop} />
      </section>
      {talentId && (
        <ProfilePanel
          id={talentId}
          creating={false}
          onClose={() => setTalentId(null)}
          onCreated={() => {}}
          onShortlist={(t) => setShortlisting(t)}
        />
      )}
      {shortlisting && <ShortlistPicker talent={shortlisting} onClose={() => setShortlisting(null)} />}
      {renaming && conv && (
        <RenameDialog
          title={conv.title}
          onClose={() => setRenaming(false)}
          onSave={async (title) => {
            await call('chat.conversations.rename', { id: conv.id, title });
            void qc.invalidateQueries({ queryKey: ['chat.list'] });
            void qc.invalidateQueries({ queryKey: ['chat.open', conv.id] });
            setRenaming(false);
          }}
        />
      )}
      {deleting && conv && (
        <Modal title="Delete this conversation?" onClose={() => setDeleting(false)}>
          <p>
            “{conv.title}” and its {conv.messageCount} messages will be deleted. Memories stay.
          </p>
          <div className="actions">
            <button
              type="button"
              className="btn primary"
              onClick={async () => {
                try {
                  await call('chat.conversations.delete', { id: conv.id });
                  setDeleting(false);
                  open(null);
                  void qc.invalidateQueries({ queryKey: ['chat.list'] });
                  toasts.show(`Deleted “${conv.title}”`);
                } catch (e) {
                  toasts.show(errorMessage(e), { kind: 'error' });
                }
              }}
            >
              Delete conversation
            </button>
            <button type="button" className="btn" onClick={() => setDeleting(false)}>
              Cancel
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}

function EmptyConversation() {
  return (
    <div className="chat-scroll">
      <div className="empty">
        <h2>Ask Claude about your office</h2>
        <p>
          “Who do we have, 25 to 35, who speaks Marathi and rides?” Claude searches your own talent database,
          roles, shortlists and script analyses, and remembers what you tell it.
        </p>
      </div>
    </div>
  );
}

function RenameDialog({
  title,
  onClose,
  onSave,
}: {
  title: string;
  onClose: () => void;
  onSave: (t: string) => Promise<void>;
}) {
  const id = useId();
  const [value, setValue] = useState(title);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title="Rename conversation" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(value).catch((err) => setError(errorMessage(err)));
        }}
      >
        <label htmlFor={id}>Title</label>
        <input
          id={id}
          className="input"
          value={value}
          maxLength={200}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        {error && <p className="field-error">{error}</p>}
        <div className="actions">
          <button type="submit" className="btn primary" disabled={!value.trim()}>
            Save title
          </button>
        </div>
      </form>
    </Modal>
  );
}
