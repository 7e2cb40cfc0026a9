import { type FormEvent, useId, useState } from 'react';
import { useToasts } from '../ui/Toasts.tsx';
import { deleteSavedSearch, loadSavedSearches, type SavedSearch, saveSearch } from './browser-state.ts';
import type { SearchState } from './useTalentSearch.ts';

/** Named searches ("Women 25–35, Marathi"), run again with one click; kept on this computer. */
export function SavedSearches({
  current,
  onApply,
}: {
  current: SearchState;
  onApply: (s: SearchState) => void;
}) {
  const [list, setList] = useState<SavedSearch[]>(loadSavedSearches);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const toasts = useToasts();
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the search a name.');
      return;
    }
    try {
      setList(saveSearch(name, current));
      toasts.show(`Saved the search "${name.trim()}"`);
      setNaming(false);
      setName('');
      setError(null);
    } catch (err) {
      setError(`The search could not be saved: ${(err as Error).message}`);
    }
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
                onClick={() => {
                  try {
                    setList(deleteSavedSearch(s.name));
                  } catch (err) {
                    toasts.show(`The search could not be deleted: ${(err as Error).message}`, {
                      kind: 'error',
                    });
                  }
                }}
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
            <button type="submit" className="btn small primary">
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
