import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { SavedSearch } from '../../../shared/saved-searches.ts';
import { call, errorMessage } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { forgetLegacySavedSearches, legacySavedSearches } from './browser-state.ts';
import type { SearchState } from './useTalentSearch.ts';

const KEY = ['savedSearches'] as const;

/**
 * Hands the searches an older version kept in this browser's localStorage to the office store, once; the
 * local copy is removed only after the store has them (a failure leaves it for the next start).
 */
let handedOver = false;
async function listWithLegacy(): Promise<SavedSearch[]> {
  const legacy = handedOver ? [] : legacySavedSearches();
  if (legacy.length === 0) {
    handedOver = true;
    return call('savedSearches.list', {});
  }
  const list = await call('savedSearches.importLocal', { searches: legacy });
  forgetLegacySavedSearches();
  handedOver = true;
  return list;
}

/** Named searches ("Women 25–35, Marathi"), run again with one click; kept in the office's store. */
export function SavedSearches({
  current,
  onApply,
}: {
  current: SearchState;
  onApply: (s: SearchState) => void;
}) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const saved = useQuery({ queryKey: KEY, queryFn: listWithLegacy });
  const list = saved.data ?? [];
  const setList = (next: SavedSearch[]) => qc.setQueryData(KEY, next);
  const save = useMutation({
    mutationFn: (name: string) => call('savedSearches.save', { name, search: current }),
  });
  const remove = useMutation({
    mutationFn: (name: string) => call('savedSearches.delete', { name }),
    onSuccess: setList,
    onError: (err) => toasts.show(`The search could not be deleted: ${errorMessage(err)}`, { kind: 'error' }),
  });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the search a name.');
      return;
    }
    save.mutate(name.trim(), {
      onSuccess: (next) => {
        setList(next);
        toasts.show(`Saved the search "${name.trim()}"`);
        setNaming(false);
        setName('');
        setError(null);
      },
      onError: (err) => setError(`The search could not be saved: ${errorMessage(err)}`),
    });
  };
  return (
    <section className="saved-searches" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="filters-heading">
        Saved searches
      </h2>
      {list.length > 0 && (
        <ul>
          {list.map((s) => (
            <li key={s.name}>
              <button type="button" className="link-button" onClick={() => onApply(s.search)}>
                {s.name}
              </button>
              <button
                type="button"
                className="link-button"
                aria-label={`Delete saved search ${s.name}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(s.name)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {naming ? (
        <form onSubmit={submit} noValidate>
          <label htmlFor={`${id}-name`} className="sr-only">
            Name for this search
          </label>
          <input
            id={`${id}-name`}
            className="input facet-find"
            // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to name the search
            autoFocus
            maxLength={80}
            placeholder="Name, e.g. Marathi women 25–35"
            value={name}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-err` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {error && (
            <div id={`${id}-err`} className="field-error">
              {error}
            </div>
          )}
          <div className="actions">
            <button type="submit" className="btn small primary" disabled={save.isPending}>
              Save search
            </button>
            <button type="button" className="btn small" onClick={() => setNaming(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn small" onClick={() => setNaming(true)}>
          Save this search…
        </button>
      )}
    </section>
  );
}
