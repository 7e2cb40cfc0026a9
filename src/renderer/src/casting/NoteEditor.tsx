import { useId, useState } from 'react';

/** A note shown as text; a click (or Enter) turns it into a box saved with "Save" or Ctrl+Enter, Escape cancels. */
export function NoteEditor({
  value,
  label,
  onSave,
}: {
  value: string | null;
  label: string;
  onSave: (v: string | null) => Promise<boolean>;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (draft === null) {
    return (
      <button
        type="button"
        className={`note-text${value ? '' : ' placeholder'}`}
        aria-label={value ? `Edit ${label.toLowerCase()}: ${value}` : `Add ${label.toLowerCase()}`}
        onClick={() => setDraft(value ?? '')}
      >
        {value || 'Add a note…'}
      </button>
    );
  }
  const save = async () => {
    setSaving(true);
    const ok = await onSave(draft.trim() || null);
    setSaving(false);
    if (ok) setDraft(null);
  };
  return (
    <div>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <textarea
        id={id}
        className="input"
        value={draft}
        maxLength={5000}
        // biome-ignore lint/a11y/noAutofocus: the box replaces the text the user just chose to edit
        autoFocus
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') setDraft(null);
          else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
        }}
      />
      <div className="row">
        <button type="button" className="btn small primary" disabled={saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save note'}
        </button>
        <button type="button" className="btn small" onClick={() => setDraft(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
