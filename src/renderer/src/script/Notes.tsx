// Review notes on a scene, a character or a text selection: saved locally through the backend.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { NoteTarget, ScriptAnalysis, ScriptNote } from '../../../shared/script.ts';
import { call, errorMessage } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { targetLabel } from './format.ts';

export function useNotes(scriptId: string, initial: ScriptNote[] | undefined) {
  return useQuery({
    queryKey: ['script.notes', scriptId],
    queryFn: () => call('script.notes.list', { scriptId }),
    initialData: initial,
    staleTime: 0,
  });
}

export function sameTarget(a: NoteTarget, b: NoteTarget): boolean {
  if (a.kind === 'scene' && b.kind === 'scene') return a.index === b.index;
  if (a.kind === 'character' && b.kind === 'character') return a.name === b.name;
  if (a.kind === 'selection' && b.kind === 'selection')
    return a.page === b.page && a.start === b.start && a.text === b.text;
  return false;
}

function useNoteMutations(scriptId: string) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const refresh = () => qc.invalidateQueries({ queryKey: ['script.notes', scriptId] });
  const onError = (e: unknown) => toasts.show(errorMessage(e), { kind: 'error' });
  return {
    add: useMutation({
      mutationFn: (v: { target: NoteTarget; body: string }) => call('script.notes.add', { scriptId, ...v }),
      onSuccess: refresh,
      onError,
    }),
    update: useMutation({
      mutationFn: (v: { id: string; body: string }) => call('script.notes.update', v),
      onSuccess: refresh,
      onError,
    }),
    remove: useMutation({
      mutationFn: (id: string) => call('script.notes.delete', { id }),
      onSuccess: () => {
        toasts.show('Note deleted');
        void refresh();
      },
      onError,
    }),
  };
}

/** The notes on one target, and a box to add another. */
export function TargetNotes({
  scriptId,
  target,
  notes,
  analysis,
}: {
  scriptId: string;
  target: NoteTarget;
  notes: ScriptNote[];
  analysis: ScriptAnalysis;
}) {
  const mine = notes.filter((n) => sameTarget(n.target, target));
  const m = useNoteMutations(scriptId);
  const [body, setBody] = useState('');
  const inputId = useId();
  const label = targetLabel(target, analysis);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    m.add.mutate({ target, body }, { onSuccess: () => setBody('') });
  };
  return (
    <div className="target-notes">
      {mine.length > 0 && (
        <ul aria-label={`Notes on ${label}`} className="note-list">
          {mine.map((n) => (
            <NoteItem key={n.id} note={n} label={label} m={m} />
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="note-form">
        <label htmlFor={inputId} className="sr-only">
          New note on {label}
        </label>
        <textarea
          id={inputId}
          className="input"
          rows={2}
          placeholder={`Note on ${label}…`}
          value={body}
          maxLength={20_000}
          onChange={(e) => setBody(e.target.value)}
        />
        <button type="submit" className="btn small" disabled={!body.trim() || m.add.isPending}>
          Add note
        </button>
      </form>
    </div>
  );
}

function NoteItem({
  note,
  label,
  m,
  onGo,
  heading,
}: {
  note: ScriptNote;
  label: string;
  heading?: boolean;
  m: ReturnType<typeof useNoteMutations>;
  onGo?: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(note.body);
  const id = useId();
  return (
    <li className="note">
      {heading && <h4>{label}</h4>}
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            m.update.mutate({ id: note.id, body }, { onSuccess: () => setEditing(false) });
          }}
        >
          <label htmlFor={id} className="sr-only">
            Edit note on {label}
          </label>
          <textarea
            id={id}
            className="input"
            rows={2}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="btn small primary" disabled={!body.trim()}>
              Save note
            </button>
            <button type="button" className="btn small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="note-body">{note.body}</p>
          <div className="note-actions">
            <time dateTime={new Date(note.updatedAt).toISOString()}>
              {new Date(note.updatedAt).toLocaleString()}
            </time>
            {onGo && (
              <button type="button" className="btn ghost small" onClick={onGo} aria-label={`Go to ${label}`}>
                Show
              </button>
            )}
            <button
              type="button"
              className="btn ghost small"
              aria-label={`Edit note: ${note.body.slice(0, 40)}`}
              onClick={() => {
                setBody(note.body);
                setEditing(true);
              }}
            >
              Edit
            </button>
            <button
              type="button"
              className="btn ghost small"
              aria-label={`Delete note: ${note.body.slice(0, 40)}`}
              onClick={() => m.remove.mutate(note.id)}
            >
              Delete
            </button>
          </div>
        </>
      )}
    </li>
  );
}

/** Every note of the script, filtered by what it is on. */
export function NotesPanel({
  scriptId,
  notes,
  analysis,
  onGo,
}: {
  scriptId: string;
  notes: ScriptNote[];
  analysis: ScriptAnalysis;
  onGo: (t: NoteTarget) => void;
}) {
  const m = useNoteMutations(scriptId);
  const [kind, setKind] = useState<'all' | NoteTarget['kind']>('all');
  const shown = notes.filter((n) => kind === 'all' || n.target.kind === kind);
  return (
    <div className="notes-panel">
      <div className="notes-head">
        <label>
          Show notes on{' '}
          <select className="input" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="all">Everything</option>
            <option value="scene">Scenes</option>
            <option value="character">Characters</option>
            <option value="selection">Text selections</option>
          </select>
        </label>
        <span role="status">
          {shown.length} {shown.length === 1 ? 'note' : 'notes'}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="muted">
          No notes yet. Choose a scene or a character, or select text in the script, and add a note.
        </p>
      ) : (
        <ul aria-label="All notes" className="note-list">
          {shown.map((n) => {
            const label = targetLabel(n.target, analysis);
            return <NoteItem key={n.id} note={n} label={label} heading m={m} onGo={() => onGo(n.target)} />;
          })}
        </ul>
      )}
    </div>
  );
}
