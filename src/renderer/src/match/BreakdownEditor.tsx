// One character's kept breakdown: every field editable (the edits are kept apart from what was generated),
// regenerate with a per-field "keep mine / take new", and what the breakdown becomes: a role's brief, text
// for an email, a PDF; then the role's matches.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { MethodOutput } from '../../../shared/api.ts';
import {
  type BreakdownEdits,
  EDITABLE_FIELD_LABELS,
  type EditableField,
  IMPORTANCE,
  IMPORTANCE_LABELS,
  type Importance,
  type RoleBreakdown,
  type SavedBreakdown,
} from '../../../shared/breakdown.ts';
import { call, errorMessage } from '../api.ts';
import { downloadBase64 } from '../ui/download.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { MatchPanel } from './MatchPanel.tsx';

type Form = Record<EditableField, string>;
const listText = (xs: readonly string[]) => xs.join(', ');
const toForm = (b: RoleBreakdown): Form => ({
  ageMin: b.ageMin?.toString() ?? '',
  ageMax: b.ageMax?.toString() ?? '',
  gender: b.gender ?? '',
  importance: b.importance,
  region: b.region ?? '',
  languages: listText(b.languages),
  dialects: listText(b.dialects),
  look: b.look ?? '',
  personality: b.personality ?? '',
  arc: b.arc ?? '',
});
const split = (s: string) =>
  s
    .split(/[,;]/)
    .map((x) => x.trim())
    .filter(Boolean);
const num = (s: string) => (s.trim() === '' ? null : Number(s));
const textOrNull = (s: string) => s.trim() || null;

/** The form as edits: only the fields whose value differs from the shown breakdown. */
function editsOf(form: Form, shown: RoleBreakdown): { edits: BreakdownEdits; error: string | null } {
  const all: BreakdownEdits = {
    ageMin: num(form.ageMin),
    ageMax: num(form.ageMax),
    gender: form.gender === 'female' || form.gender === 'male' ? form.gender : null,
    importance: form.importance as Importance,
    region: textOrNull(form.region),
    languages: split(form.languages),
    dialects: split(form.dialects),
    look: textOrNull(form.look),
    personality: textOrNull(form.personality),
    arc: textOrNull(form.arc),
  };
  for (const k of ['ageMin', 'ageMax'] as const) {
    const v = all[k];
    if (v != null && (!Number.isInteger(v) || v < 0 || v > 120))
      return { edits: {}, error: `${EDITABLE_FIELD_LABELS[k]}: a whole number from 0 to 120` };
  }
  const edits = Object.fromEntries(
    Object.entries(all).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(shown[k as EditableField])),
  ) as BreakdownEdits;
  return { edits, error: null };
}

const shownValue = (v: unknown) =>
  v == null || v === '' ? '(empty)' : Array.isArray(v) ? v.join(', ') || '(none)' : String(v);

type Changes = MethodOutput<'breakdown.regenerate'>['changes'];

export function BreakdownEditor({
  scriptId,
  saved,
  hasKey,
}: {
  scriptId: string;
  saved: SavedBreakdown;
  hasKey: boolean;
}) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const b = saved.breakdown;
  const ids = useId();
  const [form, setForm] = useState<Form>(() => toForm(b));
  const [busy, setBusy] = useState<string | null>(null);
  const [changes, setChanges] = useState<Changes | null>(null);
  const [choice, setChoice] = useState<Record<string, 'mine' | 'new'>>({});
  const [text, setText] = useState<string | null>(null);
  const [role, setRole] = useState<{ roleId: string; projectId: string } | null>(null);
  const [matching, setMatching] = useState(false);
  // A new version from the backend (saved, regenerated) resets the form; typing is not fought by refetches.
  const [formOf, setFormOf] = useState(saved.updatedAt);
  if (formOf !== saved.updatedAt) {
    setFormOf(saved.updatedAt);
    setForm(toForm(saved.breakdown));
  }
  const { edits, error } = editsOf(form, b);
  const dirty = Object.keys(edits).length > 0;
  const refresh = (s: SavedBreakdown) => {
    qc.setQueryData(['breakdown.list', scriptId], (old: SavedBreakdown[] | undefined) =>
      old?.map((x) => (x.character === s.character ? s : x)),
    );
    void qc.invalidateQueries({ queryKey: ['breakdown.list', scriptId] });
  };
  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    try {
      await f();
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    } finally {
      setBusy(null);
    }
  };
  const save = () =>
    run('save', async () => {
      refresh(await call('breakdown.edit', { scriptId, character: b.character, set: edits }));
      toasts.show(`Saved ${b.character}`);
    });
  const regenerate = () =>
    run('regenerate', async () => {
      const r = await call('breakdown.regenerate', {
        scriptId,
        character: b.character,
        mode: hasKey ? 'claude' : 'draft',
      });
      refresh(r.saved);
      if (r.changes.length) {
        setChanges(r.changes);
        setChoice(Object.fromEntries(r.changes.map((c) => [c.field, 'mine'])));
      } else toasts.show(`Regenerated ${b.character}`);
    });
  const applyChoices = () =>
    run('choices', async () => {
      const clear = (changes ?? []).filter((c) => choice[c.field] === 'new').map((c) => c.field);
      refresh(await call('breakdown.edit', { scriptId, character: b.character, clear }));
      setChanges(null);
      toasts.show(`Regenerated ${b.character}`);
    });
  const applyAsBrief = () =>
    run('brief', async () => {
      const r = await call('breakdown.applyToRole', { scriptId, character: b.character });
      setRole(r);
      void qc.invalidateQueries({ queryKey: ['roles.list'] });
      void qc.invalidateQueries({ queryKey: ['match.brief.get', r.roleId] });
      toasts.show(`${r.created ? 'Created' : 'Updated'} role ${r.roleName} from the breakdown`);
    });
  const exportAs = (format: 'text' | 'pdf') =>
    run(format, async () => {
      const r = await call('breakdown.export', { scriptId, characters: [b.character], format });
      if (format === 'text') {
        setText(r.text);
        try {
          await navigator.clipboard.writeText(r.text ?? '');
          toasts.show('Copied the breakdown as text');
        } catch {
          toasts.show('The text is below: select it and copy');
        }
      } else {
        downloadBase64(r.fileName, r.mime, r.base64);
        toasts.show(`Exported ${r.fileName}`);
      }
    });

  const field = (k: EditableField, long = false) => (
    <div key={k} className={long ? 'wide' : undefined}>
      <label htmlFor={`${ids}-${k}`}>
        {EDITABLE_FIELD_LABELS[k]}
        {saved.editedFields.includes(k) && <small className="muted"> (edited)</small>}
        {b.inferred.includes(k as never) && <small className="muted"> (inferred)</small>}
      </label>
      {long ? (
        <textarea
          id={`${ids}-${k}`}
          className="input"
          rows={3}
          value={form[k]}
          onChange={(e) => setForm({ ...form, [k]: e.target.value })}
        />
      ) : (
        <input
          id={`${ids}-${k}`}
          className="input"
          value={form[k]}
          onChange={(e) => setForm({ ...form, [k]: e.target.value })}
        />
      )}
    </div>
  );

  return (
    <section className="breakdown-editor" aria-label={`Breakdown of ${b.character}`}>
      <h3>
        {b.character}{' '}
        {b.draft ? (
          <span className="chip partial">Draft</span>
        ) : (
          <span className="chip matched">Written by Claude</span>
        )}
      </h3>
      <p className="muted">
        {b.importanceWhy}
        {b.intro ? ` · ${b.intro}` : ''}
      </p>
      <form className="breakdown-fields" aria-label="Breakdown fields" onSubmit={(e) => e.preventDefault()}>
        {field('ageMin')}
        {field('ageMax')}
        <label>
          {EDITABLE_FIELD_LABELS.gender}
          <select
            className="input"
            value={form.gender}
            onChange={(e) => setForm({ ...form, gender: e.target.value })}
          >
            <option value="">Open</option>
            <option value="female">Female</option>
            <option value="male">Male</option>
          </select>
        </label>
        <label>
          {EDITABLE_FIELD_LABELS.importance}
          <select
            className="input"
            value={form.importance}
            onChange={(e) => setForm({ ...form, importance: e.target.value })}
          >
            {IMPORTANCE.map((i) => (
              <option key={i} value={i}>
                {IMPORTANCE_LABELS[i]}
              </option>
            ))}
          </select>
        </label>
        {field('languages')}
        {field('dialects')}
        {field('region', true)}
        {field('look', true)}
        {field('personality', true)}
        {field('arc', true)}
      </form>
      {error && <div className="field-error">{error}</div>}
      <div>
        <b>Key scenes</b>
        <ul aria-label="Key scenes">
          {b.keyScenes.length === 0 && <li>(none)</li>}
          {b.keyScenes.map((s) => (
            <li key={s.index}>
              Sc. {s.number ?? s.index + 1}: {s.heading} (p. {s.page})
            </li>
          ))}
        </ul>
        <b>Audition lines</b>
        <ul aria-label="Audition lines">
          {b.auditionLines.length === 0 && <li>(none)</li>}
          {b.auditionLines.map((l) => (
            <li key={`${l.scene}-${l.page}`}>
              p. {l.page}, {l.cue} ({l.words} words){l.text ? `: ${l.text}` : ''}
            </li>
          ))}
        </ul>
      </div>
      {changes && (
        <fieldset className="breakdown-choices" aria-label="Your edits and the new breakdown">
          <legend>You edited these; the new breakdown says otherwise</legend>
          {changes.map((c) => (
            <div key={c.field} role="radiogroup" aria-label={EDITABLE_FIELD_LABELS[c.field]}>
              <b>{EDITABLE_FIELD_LABELS[c.field]}</b>
              <label>
                <input
                  type="radio"
                  name={`choice-${c.field}`}
                  checked={choice[c.field] === 'mine'}
                  onChange={() => setChoice({ ...choice, [c.field]: 'mine' })}
                />{' '}
                Keep mine: {shownValue(c.mine)}
              </label>
              <label>
                <input
                  type="radio"
                  name={`choice-${c.field}`}
                  checked={choice[c.field] === 'new'}
                  onChange={() => setChoice({ ...choice, [c.field]: 'new' })}
                />{' '}
                Take new: {shownValue(c.generated)}
              </label>
            </div>
          ))}
          <button type="button" className="btn small primary" onClick={applyChoices} disabled={busy !== null}>
            Apply choices
          </button>
        </fieldset>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn small primary"
          onClick={save}
          disabled={!dirty || !!error || busy !== null}
        >
          Save edits
        </button>
        <button type="button" className="btn small" onClick={regenerate} disabled={busy !== null || dirty}>
          {busy === 'regenerate' ? 'Regenerating…' : hasKey ? 'Regenerate with Claude' : 'Regenerate draft'}
        </button>
        <button type="button" className="btn small" onClick={applyAsBrief} disabled={busy !== null || dirty}>
          Use as role brief
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => exportAs('text')}
          disabled={busy !== null || dirty}
        >
          Copy as text
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => exportAs('pdf')}
          disabled={busy !== null || dirty}
        >
          Export PDF
        </button>
        {role && (
          <button type="button" className="btn small" onClick={() => setMatching(true)}>
            Find matches for {b.character}
          </button>
        )}
      </div>
      {text !== null && (
        <textarea
          className="input breakdown-text"
          readOnly
          rows={10}
          aria-label="Breakdown as text"
          value={text}
        />
      )}
      {role && matching && <RoleMatches {...role} onClose={() => setMatching(false)} />}
    </section>
  );
}

/** The role's matches, once the breakdown is its brief. */
function RoleMatches({
  roleId,
  projectId,
  onClose,
}: {
  roleId: string;
  projectId: string;
  onClose: () => void;
}) {
  const roles = useQuery({
    queryKey: ['roles.list', projectId],
    queryFn: () => call('roles.list', { projectId }),
  });
  const role = roles.data?.find((r) => r.id === roleId);
  return role ? <MatchPanel role={role} onClose={onClose} /> : null;
}
