import { useEffect, useId, useState } from 'react';
import type { Role, ShortlistEntry } from '../../../shared/casting.ts';
import {
  DECK_FIELD_LABELS,
  DECK_FIELDS,
  DEFAULT_DECK_FIELDS,
  type DeckField,
  deckEvents,
} from '../../../shared/deck.ts';
import { call, errorMessage, onEvent } from '../api.ts';
import { displayName } from '../talent/format.ts';
import { downloadBase64 } from '../ui/download.ts';
import { Modal } from '../ui/Modal.tsx';
import './deck.css';

type Scope = 'role' | 'project';

/**
 * Exports a role's shortlist (or the whole project) as a PDF deck: pick the people and the facts, name the
 * recipient for the watermark; the PDF is made offline in the backend, with progress per candidate.
 */
export function DeckDialog({
  role,
  entries,
  onClose,
}: {
  role: Role;
  entries: ShortlistEntry[];
  onClose: () => void;
}) {
  const id = useId();
  const [scope, setScope] = useState<Scope>('role');
  // Passed candidates are left out by default: a deck presents the people still in the running.
  const [people, setPeople] = useState<string[]>(() =>
    entries.filter((e) => e.status !== 'passed').map((e) => e.talent.id),
  );
  const [fields, setFields] = useState<DeckField[]>(DEFAULT_DECK_FIELDS);
  const [recipient, setRecipient] = useState('');
  const [job, setJob] = useState<{ jobId: string; done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(
    () =>
      onEvent((event, payload) => {
        if (event !== 'deck.progress') return;
        const p = deckEvents['deck.progress'].safeParse(payload);
        if (p.success) setJob((j) => (j && j.jobId === p.data.jobId ? p.data : j));
      }),
    [],
  );

  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

  const exportDeck = async () => {
    const jobId = `deck_${crypto.randomUUID().replaceAll('-', '')}`;
    setError(null);
    setSaved(null);
    setJob({ jobId, done: 0, total: scope === 'role' ? people.length : 0 });
    try {
      const r = await call('deck.export', {
        projectId: role.projectId,
        ...(scope === 'role' ? { roleId: role.id, talentIds: people } : {}),
        // Keep the facts in the order of the list, whatever order they were ticked in.
        fields: DECK_FIELDS.filter((f) => fields.includes(f)),
        recipient: recipient.trim() || undefined,
        jobId,
      });
      downloadBase64(r.fileName, r.mime, r.base64);
      setSaved(`Saved ${r.fileName}: ${r.pages} pages, ${r.candidates} candidates.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setJob(null);
    }
  };

  const busy = job !== null;
  const canExport = !busy && (scope === 'project' || people.length > 0);

  return (
    <Modal title={`Export deck — ${role.name}`} onClose={onClose}>
      <div className="deck-dialog">
        <fieldset>
          <legend>What goes in</legend>
          <label>
            <input
              type="radio"
              name={`${id}-scope`}
              checked={scope === 'role'}
              onChange={() => setScope('role')}
            />{' '}
            This role's shortlist
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-scope`}
              checked={scope === 'project'}
              onChange={() => setScope('project')}
            />{' '}
            The whole project (every role's shortlist)
          </label>
        </fieldset>
        {scope === 'role' && (
          <fieldset>
            <legend>
              Candidates ({people.length} of {entries.length})
            </legend>
            {entries.length === 0 && <p>Nobody is on this shortlist yet.</p>}
            <ul className="deck-checks">
              {entries.map((e) => (
                <li key={e.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={people.includes(e.talent.id)}
                      onChange={(ev) => setPeople((p) => toggle(p, e.talent.id, ev.target.checked))}
                    />{' '}
                    {displayName(e.talent)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        <fieldset>
          <legend>Facts on each page</legend>
          <ul className="deck-checks">
            {DECK_FIELDS.map((f) => (
              <li key={f}>
                <label>
                  <input
                    type="checkbox"
                    checked={fields.includes(f)}
                    onChange={(ev) => setFields((x) => toggle(x, f, ev.target.checked))}
                  />{' '}
                  {DECK_FIELD_LABELS[f]}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <label htmlFor={`${id}-recipient`}>Prepared for (watermark on every page, optional)</label>
        <input
          id={`${id}-recipient`}
          type="text"
          maxLength={120}
          value={recipient}
          placeholder="e.g. the director's name"
          onChange={(e) => setRecipient(e.target.value)}
        />
        {busy && (
          <p>
            <progress
              aria-label="Deck progress"
              max={Math.max(1, job.total)}
              value={job.total ? job.done : undefined}
            />{' '}
            {job.total ? `${job.done} of ${job.total} candidates` : 'Preparing…'}
          </p>
        )}
        {error && <p role="alert">{error}</p>}
        {saved && <p role="status">{saved}</p>}
        <div className="deck-actions">
          <button type="button" className="btn primary" disabled={!canExport} onClick={exportDeck}>
            {busy ? 'Exporting…' : 'Export PDF'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
