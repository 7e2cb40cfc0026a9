import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { ResolveReviewResult, ReviewDecision, ReviewItem } from '../../../shared/headshots.ts';
import { call, errorMessage, mediaUrl } from '../api.ts';
import { ageRange, displayName } from '../talent/format.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { plural, REVIEW_STATUS_LABELS } from './format.ts';

/** What the user chose for one image. */
type Choice =
  | { kind: 'create'; name: string }
  | { kind: 'candidate'; talentId: string }
  | { kind: 'other'; talentId: string | null; label: string | null }
  | { kind: 'skip' };

function initialChoice(): Choice {
  // Nothing is decided for the user: a file that matches nobody, or several people, is left unassigned
  // until someone picks (creating a profile from a file name by default made profiles of typos).
  return { kind: 'skip' };
}

function toDecision(item: ReviewItem, c: Choice): ReviewDecision | null {
  const ref = { sha256: item.sha256, originalName: item.fileName };
  switch (c.kind) {
    case 'create':
      return c.name.trim() ? { action: 'create-profile', ...ref, name: c.name.trim() } : null;
    case 'candidate':
      return { action: 'assign', ...ref, talentId: c.talentId };
    case 'other':
      return c.talentId ? { action: 'assign', ...ref, talentId: c.talentId } : null;
    case 'skip':
      return { action: 'skip', ...ref };
  }
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Search box for "someone else": the office's own search (any script), a few results to pick from. */
function PersonSearch({
  fileName,
  onPick,
}: {
  fileName: string;
  onPick: (p: { id: string; label: string }) => void;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 200);
  const results = useQuery({
    queryKey: ['headshots.reviewSearch', q],
    queryFn: () => call('talent.search', { text: q, limit: 8, withTotal: false }),
    enabled: q.length > 0,
  });
  return (
    <div className="hs-person-search">
      <input
        className="input"
        type="search"
        aria-label={`Search for a person for ${fileName}`}
        placeholder="Search by name…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoComplete="off"
      />
      {q && results.data && (
        <ul aria-label={`People matching ${q}`} className="hs-person-results">
          {results.data.items.length === 0 && <li className="hs-muted">No one found.</li>}
          {results.data.items.map((t) => {
            const label = [displayName(t), t.city].filter(Boolean).join(', ');
            return (
              <li key={t.id}>
                <button
                  type="button"
                  className="hs-person"
                  onClick={() => onPick({ id: t.id, label: displayName(t) })}
                >
                  <Avatar name={t.fullName} sha={t.primaryHeadshot} />
                  <span>Choose {label}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/**
 * What tells look-alike candidates apart (city, age, agency, phone), so "Rohan Mehta" and "Rohan Mehta"
 * are a real choice. Only for ambiguous files; cached per person, so fifty files of one name cost one call.
 */
function CandidateFacts({ talentId }: { talentId: string }) {
  const t = useQuery({
    queryKey: ['talent.get', talentId],
    queryFn: () => call('talent.get', { id: talentId }),
  });
  if (!t.data) return null;
  const d = t.data;
  const facts = [
    d.city,
    ageRange(d) && `${ageRange(d)} yrs`,
    d.agency,
    d.phone,
    `added ${new Date(d.createdAt).toLocaleDateString('en-IN', { day: 'numeric', month: 'short', year: 'numeric' })}`,
  ].filter(Boolean);
  return <div className="hs-candidate-facts hs-muted">{facts.join(' · ')}</div>;
}

function ReviewRow({
  item,
  choice,
  onChange,
}: {
  item: ReviewItem;
  choice: Choice;
  onChange: (c: Choice) => void;
}) {
  const name = useId();
  const other = choice.kind === 'other' ? choice : null;
  return (
    <li className="hs-review-item" aria-labelledby={`${name}-legend`}>
      <img
        className="hs-review-thumb"
        src={mediaUrl(item.sha256, '320')}
        alt={`Preview of ${item.fileName}`}
        loading="lazy"
      />
      <fieldset>
        <legend id={`${name}-legend`}>{item.fileName}</legend>
        <p className="hs-muted">
          {REVIEW_STATUS_LABELS[item.status]}
          {item.derivedName ? ` for “${item.derivedName}”` : ' (no name in the file or folder name)'}
        </p>
        <div className="hs-choice">
          <label>
            <input
              type="radio"
              name={name}
              checked={choice.kind === 'create'}
              onChange={() => onChange({ kind: 'create', name: item.derivedName ?? '' })}
            />
            Create a new profile
          </label>
          {choice.kind === 'create' && (
            <input
              className="input hs-inline-input"
              aria-label="Name for the new profile"
              value={choice.name}
              onChange={(e) => onChange({ kind: 'create', name: e.target.value })}
              aria-invalid={choice.name.trim() === '' ? 'true' : undefined}
            />
          )}
        </div>
        {item.candidates.map((c) => (
          <div className="hs-choice" key={c.talentId}>
            <label>
              <input
                type="radio"
                name={name}
                checked={choice.kind === 'candidate' && choice.talentId === c.talentId}
                onChange={() => onChange({ kind: 'candidate', talentId: c.talentId })}
              />
              <span className="hs-candidate-face">
                <Avatar name={c.fullName} sha={c.primaryHeadshot} />
              </span>
              Assign to {c.stageName ?? c.fullName}
              <span className="hs-muted">
                {c.stageName ? ` (${c.fullName})` : ''}
                {c.nativeName ? ` · ${c.nativeName}` : ''} · {Math.round(c.score * 100)}% match
              </span>
            </label>
            {item.status === 'ambiguous' && <CandidateFacts talentId={c.talentId} />}
          </div>
        ))}
        <div className="hs-choice">
          <label>
            <input
              type="radio"
              name={name}
              checked={choice.kind === 'other'}
              onChange={() => onChange({ kind: 'other', talentId: null, label: null })}
            />
            {other?.label ? `Assign to ${other.label}` : 'Assign to someone else…'}
          </label>
          {other && (
            <PersonSearch
              fileName={item.fileName}
              onPick={(p) => onChange({ kind: 'other', talentId: p.id, label: p.label })}
            />
          )}
        </div>
        <div className="hs-choice">
          <label>
            <input
              type="radio"
              name={name}
              checked={choice.kind === 'skip'}
              onChange={() => onChange({ kind: 'skip' })}
            />
            Leave unassigned
          </label>
        </div>
      </fieldset>
    </li>
  );
}

/**
 * Images stored by the import whose person is unclear: create a profile from the derived name, pick a
 * candidate or anyone else, or skip. All decisions go to the backend in one call (all or nothing).
 */
export function ReviewStep({
  items,
  onResolved,
}: {
  items: ReviewItem[];
  onResolved: (r: ResolveReviewResult) => void;
}) {
  const qc = useQueryClient();
  const headingId = useId();
  const [choices, setChoices] = useState<Choice[]>(() => items.map(() => initialChoice()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decisions = items.map((item, i) => toDecision(item, choices[i] ?? { kind: 'skip' }));
  const incomplete = decisions.filter((d) => d === null).length;

  const apply = async () => {
    const ready = decisions.filter((d): d is ReviewDecision => d !== null);
    if (ready.length !== items.length) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('headshots.resolveReview', { decisions: ready });
      void qc.invalidateQueries({ queryKey: ['talent.search'] });
      void qc.invalidateQueries({ queryKey: ['talent.get'] });
      void qc.invalidateQueries({ queryKey: ['headshots.list'] });
      onResolved(r);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const setAll = (make: (item: ReviewItem) => Choice) => setChoices(items.map(make));
  return (
    <section className="hs-review" aria-labelledby={headingId}>
      <h3 id={headingId}>Needs review ({items.length.toLocaleString('en-IN')})</h3>
      <p className="hs-muted">
        These images are stored but not on anyone’s profile yet. Choose where each one goes.
      </p>
      {items.length > 1 && (
        <div className="hs-bulk">
          <button
            type="button"
            className="btn small"
            onClick={() =>
              setAll((it) => (it.derivedName ? { kind: 'create', name: it.derivedName } : { kind: 'skip' }))
            }
          >
            Create profiles for all named files
          </button>
          <button type="button" className="btn small" onClick={() => setAll(() => ({ kind: 'skip' }))}>
            Skip all
          </button>
        </div>
      )}
      <ul className="hs-review-list" aria-label="Files to review">
        {items.map((item, i) => (
          <ReviewRow
            key={item.sha256}
            item={item}
            choice={choices[i] ?? { kind: 'skip' }}
            onChange={(c) => setChoices((cs) => cs.map((old, j) => (j === i ? c : old)))}
          />
        ))}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn primary"
          disabled={busy || incomplete > 0}
          onClick={() => void apply()}
        >
          {busy ? 'Applying…' : `Apply ${plural(items.length, 'decision')}`}
        </button>
        {incomplete > 0 && (
          <span className="hs-muted">
            {plural(incomplete, 'file')} still {incomplete === 1 ? 'needs' : 'need'} a name or a person.
          </span>
        )}
      </div>
    </section>
  );
}
