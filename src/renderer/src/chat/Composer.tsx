// Where the user writes: Enter sends, Shift+Enter makes a new line, Escape stops the answer. The draft and its
// chips are kept per conversation (in localStorage) until a send is accepted — offline, they wait.
import { memo, useEffect, useId, useRef, useState } from 'react';
import type { Attachment } from '../../../shared/chat.ts';
import { AttachPicker } from './AttachPicker.tsx';
import { KIND_LABEL } from './Message.tsx';

type Draft = { text: string; attachments: Attachment[] };
const draftKey = (cid: string | null) => `castmatch.chat.draft.${cid ?? 'new'}`;

function loadDraft(cid: string | null): Draft {
  try {
    const raw = localStorage.getItem(draftKey(cid));
    if (raw) {
      const d = JSON.parse(raw) as Partial<Draft>;
      return { text: String(d.text ?? ''), attachments: Array.isArray(d.attachments) ? d.attachments : [] };
    }
  } catch {
    // A corrupt draft is dropped rather than blocking the composer.
  }
  return { text: '', attachments: [] };
}

export const Composer = memo(function Composer({
  conversationId,
  running,
  onSend,
  onStop,
}: {
  conversationId: string | null;
  running: boolean;
  /** Returns whether the message went out (false: offline, kept as a draft). */
  onSend: (text: string, attachments: Attachment[]) => boolean;
  onStop: () => void;
}) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState<Draft>(() => loadDraft(conversationId));
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    setDraft(loadDraft(conversationId));
    ref.current?.focus();
  }, [conversationId]);

  const update = (d: Draft) => {
    setDraft(d);
    if (d.text || d.attachments.length) localStorage.setItem(draftKey(conversationId), JSON.stringify(d));
    else localStorage.removeItem(draftKey(conversationId));
  };

  const canSend = !running && (draft.text.trim().length > 0 || draft.attachments.length > 0);
  const send = () => {
    if (!canSend) return;
    if (onSend(draft.text, draft.attachments)) update({ text: '', attachments: [] });
  };

  return (
    <form
      className="composer"
      aria-label="Message composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {draft.attachments.length > 0 && (
        <ul className="chips attach-chips" aria-label="Attachments">
          {draft.attachments.map((a) => (
            <li key={`${a.kind}:${a.id}`} className="chip">
              {KIND_LABEL[a.kind]}: {a.label ?? a.id}
              <button
                type="button"
                aria-label={`Remove ${KIND_LABEL[a.kind].toLowerCase()} ${a.label ?? a.id}`}
                onClick={() => update({ ...draft, attachments: draft.attachments.filter((x) => x !== a) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-row">
        <label htmlFor={id} className="sr-only">
          Message Claude
        </label>
        <textarea
          id={id}
          ref={ref}
          className="input"
          rows={2}
          placeholder="Ask about your talent, roles and scripts… (Enter to send, Shift+Enter for a new line)"
          value={draft.text}
          onChange={(e) => update({ ...draft, text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            } else if (e.key === 'Escape' && running) {
              e.preventDefault();
              onStop();
            }
          }}
        />
        <div className="composer-buttons">
          <button type="button" className="btn" onClick={() => setPicking(true)}>
            Attach…
          </button>
          {running ? (
            <button type="button" className="btn danger" onClick={onStop}>
              Stop
            </button>
          ) : (
            <button type="submit" className="btn primary" disabled={!canSend}>
              Send
            </button>
          )}
        </div>
      </div>
      {picking && (
        <AttachPicker
          onClose={() => setPicking(false)}
          onPick={(a) => {
            if (!draft.attachments.some((x) => x.kind === a.kind && x.id === a.id))
              update({ ...draft, attachments: [...draft.attachments, a] });
            setPicking(false);
            ref.current?.focus();
          }}
        />
      )}
    </form>
  );
});
