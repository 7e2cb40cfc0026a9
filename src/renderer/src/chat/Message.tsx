// One message of a conversation (stored, or the answer being streamed), with its actions and its cost.
import { memo, useId, useState } from 'react';
import { type ChatMessage, toolCalls } from '../../../shared/chat.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { copyText, usageText, usd, when } from './format.ts';
import type { LivePart } from './live.ts';
import { Markdown } from './Markdown.tsx';
import { parseResult, ToolCard } from './ToolCard.tsx';

export type MessageActions = {
  onOpenTalent: (id: string) => void;
  onRegenerate: () => void;
  onEditResend: (m: ChatMessage, text: string) => void;
};

function Chips({ m }: { m: ChatMessage }) {
  if (m.attachments.length === 0) return null;
  return (
    <ul className="chips attach-chips" aria-label="Attached">
      {m.attachments.map((a) => (
        <li key={`${a.kind}:${a.id}`} className="chip">
          {KIND_LABEL[a.kind]}: {a.label ?? a.id}
        </li>
      ))}
    </ul>
  );
}

export const KIND_LABEL = {
  talent: 'Talent',
  role: 'Role',
  script: 'Script',
  shortlist: 'Shortlist',
} as const;

function CopyButton({ text }: { text: string }) {
  const toasts = useToasts();
  return (
    <button
      type="button"
      className="btn small ghost"
      onClick={() =>
        void copyText(text).then(
          () => toasts.show('Copied'),
          () => toasts.show('Could not copy', { kind: 'error' }),
        )
      }
    >
      Copy
    </button>
  );
}

/** The blocks of an assistant message in order: text as Markdown, each tool call as a card. */
function AssistantBody({ m, onOpenTalent }: { m: ChatMessage; onOpenTalent: (id: string) => void }) {
  const calls = new Map(toolCalls(m.blocks).map((c) => [c.id, c]));
  return (
    <>
      {m.blocks.map((b, i) => {
        // biome-ignore lint/suspicious/noArrayIndexKey: stored blocks never reorder
        if (b.type === 'text') return b.text ? <Markdown key={`t${i}`} text={b.text} /> : null;
        if (b.type !== 'tool_use') return null;
        const c = calls.get(b.id);
        return (
          <ToolCard
            key={b.id}
            tool={{
              id: b.id,
              name: b.name,
              input: b.input,
              done: c?.result != null,
              ok: !c?.isError,
              result: parseResult(c?.result ?? null),
            }}
            onOpenTalent={onOpenTalent}
          />
        );
      })}
    </>
  );
}

export const StoredMessage = memo(function StoredMessage({
  m,
  isLastUser,
  isLastAssistant,
  busy,
  highlighted,
  actions,
}: {
  m: ChatMessage;
  isLastUser: boolean;
  isLastAssistant: boolean;
  busy: boolean;
  highlighted: boolean;
  actions: MessageActions;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.text);
  const editId = useId();
  const mine = m.role === 'user';
  const who = mine ? 'You' : 'Claude';
  return (
    <article
      className={`msg ${mine ? 'user' : 'assistant'}${highlighted ? ' highlighted' : ''}`}
      aria-label={`${who}, ${when(m.createdAt)}`}
    >
      <div className="msg-head">
        <span className="who">{who}</span>
        <time dateTime={new Date(m.createdAt).toISOString()}>{when(m.createdAt)}</time>
      </div>
      <Chips m={m} />
      {mine && editing ? (
        <form
          className="edit-form"
          aria-label="Edit message"
          onSubmit={(e) => {
            e.preventDefault();
            if (!draft.trim()) return;
            setEditing(false);
            actions.onEditResend(m, draft);
          }}
        >
          <label htmlFor={editId} className="sr-only">
            Edited message
          </label>
          <textarea
            id={editId}
            className="input"
            rows={3}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
            }}
          />
          <div className="actions">
            <button type="submit" className="btn primary small" disabled={busy || !draft.trim()}>
              Save and resend
            </button>
            <button type="button" className="btn small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : mine ? (
        <div className="user-text">{m.text}</div>
      ) : (
        <AssistantBody m={m} onOpenTalent={actions.onOpenTalent} />
      )}
      {m.status === 'partial' && (
        <p className="msg-note warn">
          {m.error?.code === 'STOPPED'
            ? 'Stopped — the answer is incomplete.'
            : `Incomplete: ${m.error?.message ?? 'the answer ended early.'}`}
        </p>
      )}
      {m.status === 'error' && (
        <p className="msg-note error">Not answered: {m.error?.message ?? 'something went wrong.'}</p>
      )}
      {!editing && (
        <div className="msg-foot">
          {m.usage && (m.usage.inputTokens > 0 || m.usage.outputTokens > 0) && (
            <span className="tok-usage">
              {usageText(m.usage)}
              {m.costUsd != null && <> · ≈ {usd(m.costUsd)}</>}
            </span>
          )}
          <span className="spacer" />
          {m.text && <CopyButton text={m.text} />}
          {mine && (
            <button
              type="button"
              className="btn small ghost"
              disabled={busy}
              onClick={() => {
                setDraft(m.text);
                setEditing(true);
              }}
            >
              Edit
            </button>
          )}
          {((mine && isLastUser && m.status === 'error') || (!mine && isLastAssistant)) && (
            <button type="button" className="btn small ghost" disabled={busy} onClick={actions.onRegenerate}>
              {mine ? 'Send again' : 'Regenerate'}
            </button>
          )}
        </div>
      )}
    </article>
  );
});

/** The answer being streamed: text grows in place, tool cards appear as Claude calls them. */
export function LiveMessage({
  parts,
  running,
  usage,
  onOpenTalent,
}: {
  parts: LivePart[];
  running: boolean;
  usage: { text: string } | null;
  onOpenTalent: (id: string) => void;
}) {
  return (
    <article className="msg assistant live" aria-label="Claude, answering" aria-busy={running}>
      <div className="msg-head">
        <span className="who">Claude</span>
        {running && <span className="typing">answering…</span>}
      </div>
      {parts.length === 0 && running && <p className="thinking">Thinking…</p>}
      {parts.map((p, i) =>
        p.kind === 'text' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts only ever grow at the end
          <Markdown key={`t${i}`} text={p.text} />
        ) : (
          <ToolCard key={p.tool.id} tool={p.tool} onOpenTalent={onOpenTalent} />
        ),
      )}
      {usage && (
        <div className="msg-foot">
          <span className="tok-usage">{usage.text}</span>
        </div>
      )}
    </article>
  );
}
