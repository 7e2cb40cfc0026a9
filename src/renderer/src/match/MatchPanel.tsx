// "Find matches" for a role: the brief (soft criteria and their weights, editable and saved per role)
// beside the ranked candidates, each with the reasons for its score as chips, added to the shortlist one
// at a time or many at once.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { Role } from '../../../shared/casting.ts';
import {
  MATCH_CRITERIA,
  MATCH_CRITERION_LABELS,
  type MatchBrief,
  type MatchCandidate,
  type MatchCriterion,
  type MatchRerank,
} from '../../../shared/match.ts';
import { call, errorMessage } from '../api.ts';
import { cardFacts, displayName } from '../talent/format.ts';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import './match.css';

const STATUS_MARK = { matched: '✓', partial: '~', missed: '✗' } as const;
const list = (s: string) =>
  s
    .split(/[,;]/)
    .map((x) => x.trim())
    .filter(Boolean);
const numberOrNull = (s: string) => (s.trim() && Number.isFinite(Number(s)) ? Math.round(Number(s)) : null);

/** The text fields of the brief as typed (lists comma-separated), so typing is never fought by parsing. */
type Draft = {
  skills: string;
  dialects: string;
  cities: string;
  heightMin: string;
  heightMax: string;
  build: string;
  keywords: string;
  weights: MatchBrief['weights'];
};
const toDraft = (b: MatchBrief): Draft => ({
  skills: b.skills.join(', '),
  dialects: b.dialects.join(', '),
  cities: b.cities.join(', '),
  heightMin: b.heightMin?.toString() ?? '',
  heightMax: b.heightMax?.toString() ?? '',
  build: b.build ?? '',
  keywords: b.keywords,
  weights: b.weights,
});
const fromDraft = (base: MatchBrief, d: Draft): MatchBrief => ({
  ...base,
  skills: list(d.skills),
  dialects: list(d.dialects),
  cities: list(d.cities),
  heightMin: numberOrNull(d.heightMin),
  heightMax: numberOrNull(d.heightMax),
  build: d.build.trim() || null,
  keywords: d.keywords,
  weights: d.weights,
});

function BriefEditor({ draft, onChange }: { draft: Draft; onChange: (d: Draft) => void }) {
  const id = useId();
  const text = (
    key: 'skills' | 'dialects' | 'cities' | 'build' | 'keywords',
    label: string,
    hint: string,
  ) => (
    <label>
      {label}
      <input
        className="input"
        value={draft[key]}
        placeholder={hint}
        onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <form className="match-brief" aria-label="Brief" onSubmit={(e) => e.preventDefault()}>
      {text('skills', 'Skills', 'Horse riding, Kathak')}
      {text('dialects', 'Dialects', 'Bambaiya')}
      {text('cities', 'Cities', 'Mumbai, Pune')}
      <div className="range">
        <input
          className="input"
          aria-label="Height from (cm)"
          placeholder="height from"
          value={draft.heightMin}
          onChange={(e) => onChange({ ...draft, heightMin: e.target.value })}
        />
        <input
          className="input"
          aria-label="Height to (cm)"
          placeholder="to"
          value={draft.heightMax}
          onChange={(e) => onChange({ ...draft, heightMax: e.target.value })}
        />
      </div>
      {text('build', 'Build', 'Athletic')}
      {text('keywords', 'Look for in profiles', 'the role’s description')}
      <fieldset className="match-weights">
        <legend>Weights</legend>
        {MATCH_CRITERIA.map((c: MatchCriterion) => (
          <div key={c} style={{ display: 'contents' }}>
            <label htmlFor={`${id}-${c}`}>{MATCH_CRITERION_LABELS[c]}</label>
            <input
              id={`${id}-${c}`}
              type="range"
              min={0}
              max={10}
              step={1}
              aria-label={`Weight: ${MATCH_CRITERION_LABELS[c]}`}
              value={draft.weights[c]}
              onChange={(e) =>
                onChange({ ...draft, weights: { ...draft.weights, [c]: Number(e.target.value) } })
              }
            />
            <output htmlFor={`${id}-${c}`}>{draft.weights[c]}</output>
          </div>
        ))}
      </fieldset>
    </form>
  );
}

function CandidateRow({
  c,
  selected,
  onSelect,
  onAdd,
  why,
}: {
  c: MatchCandidate;
  /** Claude's one-line reason, when the list is in Claude's order. */
  why?: string | null;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onAdd: () => void;
}) {
  const name = displayName(c.talent);
  // Offices hold many people of one name: the facts tell two Sana Ansaris apart for a screen reader too.
  const who = [name, cardFacts(c.talent)].filter(Boolean).join(' — ');
  return (
    <li className="match-row" aria-label={who}>
      <input
        type="checkbox"
        aria-label={`Select ${who}`}
        checked={selected}
        disabled={c.shortlisted}
        onChange={(e) => onSelect(e.target.checked)}
      />
      <div>
        <div>
          <b>{name}</b>{' '}
          <span className="match-score" title="Score out of 100">
            {c.score}
          </span>{' '}
          <small style={{ color: 'var(--muted)' }}>{cardFacts(c.talent)}</small>
        </div>
        <ul
          className="chips"
          aria-label={`Why ${who} ranks here`}
          style={{ listStyle: 'none', padding: 0, margin: '4px 0 0' }}
        >
          {c.reasons.map((r) => (
            <li
              key={r.criterion}
              className={`chip ${r.status}`}
              title={`${r.points} of ${r.maxPoints} points`}
            >
              {STATUS_MARK[r.status]} {MATCH_CRITERION_LABELS[r.criterion]}: {r.label}
            </li>
          ))}
        </ul>
        {why && <p className="match-why">Claude: {why}</p>}
      </div>
      {c.shortlisted ? (
        <span className="chip">On shortlist</span>
      ) : (
        <button type="button" className="btn small" onClick={onAdd} aria-label={`Add ${who} to shortlist`}>
          + Shortlist
        </button>
      )}
    </li>
  );
}

export function MatchPanel({ role, onClose }: { role: Role; onClose: () => void }) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const saved = useQuery({
    queryKey: ['match.brief.get', role.id],
    queryFn: () => call('match.brief.get', { roleId: role.id }),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (saved.data && !draft) setDraft(toDraft(saved.data));
  }, [saved.data, draft]);
  const brief = saved.data && draft ? fromDraft(saved.data, draft) : null;
  const ranked = useQuery({
    queryKey: ['match.rank', role.id, brief],
    queryFn: () => call('match.rank', { roleId: role.id, limit: 100, brief: brief! }),
    enabled: Boolean(brief),
    placeholderData: (prev) => prev,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Claude's order is for the brief it was asked about; a changed brief shows the computed order again.
  const [rerank, setRerank] = useState<{ for: string; r: MatchRerank } | null>(null);
  const [order, setOrder] = useState<'computed' | 'claude'>('computed');
  const [reranking, setReranking] = useState(false);
  const briefKey = JSON.stringify(brief);
  const claude = rerank && rerank.for === briefKey ? rerank.r : null;
  const askClaude = async () => {
    if (!brief) return;
    setReranking(true);
    try {
      const r = await call('match.rerank', { roleId: role.id, brief });
      setRerank({ for: briefKey, r });
      setOrder('claude');
      toasts.show(
        r.cached ? 'Claude’s order (saved earlier, no cost)' : `Claude re-ranked the top ${r.order.length}`,
      );
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    } finally {
      setReranking(false);
    }
  };

  const add = async (ids: string[]) => {
    try {
      for (const talentId of ids) await call('shortlist.add', { roleId: role.id, talentId });
      setSelected(new Set());
      void qc.invalidateQueries({ queryKey: ['shortlist.get', role.id] });
      void qc.invalidateQueries({ queryKey: ['match.rank', role.id] });
      void qc.invalidateQueries({ queryKey: ['roles.list'] });
      toasts.show(`Added ${ids.length} to ${role.name}`);
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  const save = async () => {
    if (!brief) return;
    try {
      qc.setQueryData(
        ['match.brief.get', role.id],
        await call('match.brief.set', { roleId: role.id, brief }),
      );
      toasts.show('Brief saved');
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  const r = ranked.data;
  const hard = r?.hardFilters;
  const reasonOf = new Map(claude?.order.map((o, i) => [o.talentId, { i, reason: o.reason }]) ?? []);
  const shown =
    r && claude && order === 'claude'
      ? [...r.candidates].sort(
          (a, b) => (reasonOf.get(a.talent.id)?.i ?? 1e6) - (reasonOf.get(b.talent.id)?.i ?? 1e6),
        )
      : r?.candidates;
  return (
    <Modal title={`Matches for ${role.name}`} onClose={onClose}>
      <div className="match-panel">
        <div style={{ display: 'grid', gap: 8, alignContent: 'start' }}>
          {draft && <BriefEditor draft={draft} onChange={setDraft} />}
          <button type="button" className="btn small" onClick={save} disabled={!brief}>
            Save brief
          </button>
        </div>
        <section className="match-results" aria-label="Ranked candidates">
          {ranked.error && <div className="field-error">{errorMessage(ranked.error)}</div>}
          {r && hard && (
            <p style={{ marginTop: 0 }}>
              <b>{r.total.toLocaleString('en-IN')}</b> pass the role’s must-haves
              {[
                hard.genders.length ? hard.genders.join(' / ') : null,
                hard.ageMin != null || hard.ageMax != null
                  ? `age ${hard.ageMin ?? '…'}–${hard.ageMax ?? '…'}`
                  : null,
                ...hard.languages.map((l) => `${l.language} ${l.minFluency}+`),
              ]
                .filter(Boolean)
                .map((x) => ` · ${x}`)}
            </p>
          )}
          <div className="actions" style={{ marginTop: 0, marginBottom: 8 }}>
            <button
              type="button"
              className="btn small"
              disabled={selected.size === 0}
              onClick={() => void add([...selected])}
            >
              Add selected ({selected.size}) to shortlist
            </button>
            <button
              type="button"
              className="btn small"
              disabled={!brief || reranking}
              onClick={() => void askClaude()}
            >
              {reranking ? 'Asking Claude…' : 'Re-rank top 50 with Claude'}
            </button>
            {claude && (
              <div role="radiogroup" aria-label="Order" className="seg">
                <label>
                  <input
                    type="radio"
                    name="match-order"
                    checked={order === 'computed'}
                    onChange={() => setOrder('computed')}
                  />{' '}
                  Computed order
                </label>
                <label>
                  <input
                    type="radio"
                    name="match-order"
                    checked={order === 'claude'}
                    onChange={() => setOrder('claude')}
                  />{' '}
                  Claude’s order
                </label>
              </div>
            )}
          </div>
          {r && r.candidates.length === 0 && <p>No one in the office passes these must-haves.</p>}
          <ul className="match-list" aria-label="Candidates">
            {shown?.map((c) => (
              <CandidateRow
                key={c.talent.id}
                c={c}
                why={order === 'claude' ? reasonOf.get(c.talent.id)?.reason : null}
                selected={selected.has(c.talent.id)}
                onSelect={(on) =>
                  setSelected((s) => {
                    const next = new Set(s);
                    if (on) next.add(c.talent.id);
                    else next.delete(c.talent.id);
                    return next;
                  })
                }
                onAdd={() => void add([c.talent.id])}
              />
            ))}
          </ul>
        </section>
      </div>
    </Modal>
  );
}

/** The entry point from a role: a button that opens the matches. */
export function FindMatchesButton({ role }: { role: Role }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn small" onClick={() => setOpen(true)}>
        Find matches
      </button>
      {open && <MatchPanel role={role} onClose={() => setOpen(false)} />}
    </>
  );
}
