// The duplicates an import met, each as two records side by side (the fields that differ marked), for a person
// to keep both, merge or skip — one by one or all at once. Decided ones stay listed with what was done. Without
// a job it lists every candidate earlier imports left undecided ("Undecided duplicates" in the import dialog).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { MethodInput } from '../../../shared/api.ts';
import type { DuplicateAction, DuplicateCandidate } from '../../../shared/talent-import.ts';
import { call, errorMessage } from '../api.ts';
import { formatCount } from '../talent/format.ts';
import './duplicates.css';

type ResolveInput = MethodInput<'talentImport.duplicates.resolve'>;

/**
 * "Merge all" / "Skip all": of one import, every candidate still to decide; on the undecided screen, every
 * candidate still to decide too, shown or not (the list says so), named one by one when they are all shown so
 * that those decided are the ones listed.
 */
function decideAll(
  jobId: string | undefined,
  shown: readonly DuplicateCandidate[],
  action: DuplicateAction,
): ResolveInput {
  if (jobId || shown.length >= PAGE) return { all: { jobId, action } };
  return { decisions: shown.filter((c) => !c.resolution).map((c) => ({ id: c.id, action })) };
}

const PAGE = 200;

function outcome(c: DuplicateCandidate): string {
  switch (c.resolution) {
    case 'merge':
      return `Merged into ${c.existingName ?? 'the existing profile'}; “${c.incomingName}” is kept as another spelling.`;
    case 'keepBoth':
      return `Kept both: ${c.incomingName} was added as a new profile.`;
    case 'skip':
      return `Skipped: ${c.incomingName} was not imported.`;
    default:
      return '';
  }
}

function Candidate({
  c,
  busy,
  error,
  onDecide,
}: {
  c: DuplicateCandidate;
  busy: boolean;
  error: string | undefined;
  onDecide: (action: DuplicateAction) => void;
}) {
  const headingId = useId();
  const existing = c.existingName ?? 'Deleted profile';
  const existingColumn = c.matchRow ? `Row ${c.matchRow} (imported)` : 'In the office';
  const incomingColumn = `Row ${c.row}${c.fileName ? ` of ${c.fileName}` : ''}`;
  return (
    <li className="dup-candidate" aria-labelledby={headingId}>
      <p id={headingId} className="dup-summary">
        <b>Row {c.row}:</b> {c.summary}
      </p>
      <table className="data dup-compare" aria-label={`${existing} and ${c.incomingName}, side by side`}>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{existingColumn}</th>
            <th scope="col">{incomingColumn}</th>
          </tr>
        </thead>
        <tbody>
          {c.fields.map((f) => (
            <tr key={f.field} className={f.differs ? 'differs' : undefined}>
              <th scope="row">
                {f.label}
                {f.differs && <span className="sr-only"> (differs)</span>}
              </th>
              <td>{f.existing || '—'}</td>
              <td>{f.differs && f.incoming ? <mark>{f.incoming}</mark> : f.incoming || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {c.resolution ? (
        <p className="dup-outcome">{outcome(c)}</p>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="btn"
            disabled={busy}
            aria-label={`Keep both ${existing} and ${c.incomingName}`}
            onClick={() => onDecide('keepBoth')}
          >
            Keep both
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={busy || c.existingName === null}
            aria-label={`Merge ${c.incomingName} into ${existing}`}
            onClick={() => onDecide('merge')}
          >
            Merge
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy}
            aria-label={`Skip ${c.incomingName}`}
            onClick={() => onDecide('skip')}
          >
            Skip
          </button>
          {c.existingName === null && (
            <span className="dup-note">The matching profile was deleted: keep both to add this row.</span>
          )}
        </div>
      )}
    </li>
  );
}

/** The query key of every duplicates list and count: a decision refreshes them all. */
export const DUPLICATES_KEY = 'talentImport.duplicates';

/**
 * The duplicates of one import, or (no `jobId`) every one earlier imports left undecided: listed when there are
 * any, nothing otherwise.
 */
export function DuplicateReview({ jobId }: { jobId?: string }) {
  const qc = useQueryClient();
  const headingId = useId();
  const queryKey = [DUPLICATES_KEY, jobId ?? 'undecided'];
  const list = useQuery({
    queryKey,
    // One import's list keeps its decided ones; the undecided list only those still to decide, plus the ones
    // decided on this screen (below), so that the person sees what was done.
    queryFn: () =>
      call('talentImport.duplicates.list', { jobId, includeResolved: jobId !== undefined, limit: PAGE }),
  });
  const [decidedHere, setDecidedHere] = useState<DuplicateCandidate[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const resolve = useMutation({
    mutationFn: (input: ResolveInput) => call('talentImport.duplicates.resolve', input),
    onSuccess: (out) => {
      setFailure(null);
      if (jobId === undefined) {
        const shown = new Map((list.data?.items ?? []).map((c) => [c.id, c]));
        const done = out.results.flatMap((r) => {
          const c = shown.get(r.id);
          return c && !r.error ? [{ ...c, resolution: r.action, resultId: r.talentId }] : [];
        });
        setDecidedHere((prev) => [...prev, ...done]);
      }
      setErrors((prev) => {
        const next = { ...prev };
        for (const r of out.results) {
          if (r.error) next[r.id] = r.error;
          else delete next[r.id];
        }
        return next;
      });
    },
    onError: (e) => setFailure(errorMessage(e)),
    // Every duplicates list and count, and the talent a merge or a kept row changed.
    onSettled: () => qc.invalidateQueries(),
  });

  if (list.isError) {
    return (
      <p role="alert" className="field-error">
        The duplicates could not be listed: {errorMessage(list.error)}
      </p>
    );
  }
  const fetched = list.data?.items ?? [];
  const fetchedIds = new Set(fetched.map((c) => c.id));
  const items = [...fetched, ...decidedHere.filter((c) => !fetchedIds.has(c.id))];
  if (items.length === 0) return null;
  const pending = list.data?.pending ?? 0;
  const busy = resolve.isPending;
  return (
    <section className="dup-review" aria-labelledby={headingId}>
      <h3 id={headingId}>{jobId ? 'Duplicates' : 'Undecided duplicates'}</h3>
      <p>
        {pending === 0
          ? 'Every duplicate has been decided.'
          : `${formatCount(pending)} ${pending === 1 ? 'person looks' : 'people look'} like someone already here. Keep both, merge (the newer value of each field wins, and both spellings stay searchable) or skip.`}
      </p>
      {failure && (
        <p role="alert" className="field-error">
          {failure}
        </p>
      )}
      {pending > 1 && (
        <div className="actions">
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => resolve.mutate(decideAll(jobId, fetched, 'merge'))}
          >
            Merge all
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => resolve.mutate(decideAll(jobId, fetched, 'skip'))}
          >
            Skip all
          </button>
        </div>
      )}
      <ul className="dup-list" aria-label="Duplicates to decide">
        {items.map((c) => (
          <Candidate
            key={c.id}
            c={c}
            busy={busy}
            error={errors[c.id]}
            onDecide={(action) => resolve.mutate({ decisions: [{ id: c.id, action }] })}
          />
        ))}
      </ul>
      {items.length >= PAGE && (
        <p>
          The first {formatCount(PAGE)} are shown; “Merge all” and “Skip all” decide every one
          {jobId ? ' of this import' : ' still to decide'}.
        </p>
      )}
    </section>
  );
}
