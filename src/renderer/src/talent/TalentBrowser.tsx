import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { call, errorMessage } from '../api.ts';
import { CompareView } from '../casting/CompareView.tsx';
import { type PickedTalent, ShortlistPicker } from '../casting/ShortlistPicker.tsx';
import { HeadshotDropZone } from '../headshots/DropZone.tsx';
import { ImportHeadshotsButton } from '../headshots/ImportHeadshotsButton.tsx';
import { HeadshotImportProvider } from '../headshots/ImportProvider.tsx';
import { ImportDialog } from '../import/ImportDialog.tsx';
import { useOpenedFile } from '../opened-files.ts';
import { useCanEdit } from '../ui/can-edit.tsx';
import { downloadBase64 } from '../ui/download.ts';
import { MenuButton } from '../ui/MenuButton.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { useUnsavedGuard } from '../ui/unsaved.tsx';
import { loadBrowserState, rememberedScroll, saveBrowserState } from './browser-state.ts';
import { CARD_SIZE_LABELS, CARD_SIZES, useCardSize } from './card-size.ts';
import { FilterSidebar } from './FilterSidebar.tsx';
import { displayName, formatCount } from './format.ts';
import { ProfilePanel } from './ProfilePanel.tsx';
import { SavedSearches } from './SavedSearches.tsx';
import { TalentGrid } from './TalentGrid.tsx';
import { TalentTable } from './TalentTable.tsx';
import { EMPTY_FILTERS, type SearchState, useTalentSearch } from './useTalentSearch.ts';

function EmptyOffice({ onImport }: { onImport: () => void }) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const { canEdit } = useCanEdit();
  const seed = useMutation({
    mutationFn: () => call('demo.seed', { count: 2000 }),
    onSuccess: (r) => {
      toasts.show(`Loaded ${formatCount(r.added)} demo profiles`);
      void qc.invalidateQueries();
    },
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
  return (
    <div className="empty">
      <h2>Your office has no talent yet</h2>
      <p>Import an agency spreadsheet, add a profile by hand, or explore CastMatch with demo data.</p>
      <div className="actions" style={{ justifyContent: 'center' }}>
        <button
          type="button"
          className="btn primary"
          onClick={() => seed.mutate()}
          disabled={seed.isPending || !canEdit}
        >
          {seed.isPending ? 'Loading demo data…' : 'Load demo data'}
        </button>
        <button type="button" className="btn" disabled={!canEdit} onClick={onImport}>
          Import CSV or Excel
        </button>
      </div>
    </div>
  );
}

export function TalentBrowser() {
  // Search, filters, sort, view, scroll and open profile come back after a section switch or a restart.
  const [restored] = useState(() =>
    loadBrowserState({ text: '', filters: EMPTY_FILTERS, sort: 'relevance' }),
  );
  const [state, setState] = useState<SearchState>(restored.search);
  const [view, setView] = useState<'grid' | 'table'>(restored.view);
  const [selected, setSelected] = useState<string | null>(restored.selected);
  useEffect(() => {
    const save = () =>
      saveBrowserState({
        search: state,
        view,
        selected,
        scrollTop: rememberedScroll() ?? restored.scrollTop,
      });
    save();
    // Scrolling alone writes on leaving the screen or the page, not on every frame.
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [state, view, selected, restored]);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  // A spreadsheet opened with the app opens the import dialog, which takes the file (opened-files.ts).
  const opened = useOpenedFile();
  useEffect(() => {
    if (opened?.kind === 'import') setImporting(true);
  }, [opened]);
  const [shortlisting, setShortlisting] = useState<PickedTalent[] | null>(null);
  const [checked, setChecked] = useState<ReadonlyMap<string, PickedTalent>>(new Map());
  const { canEdit, reason: readOnlyReason } = useCanEdit(); // a viewer reads, never writes
  const [comparing, setComparing] = useState<string[] | null>(null);
  const [cardSize, setCardSize] = useCardSize();
  const guard = useUnsavedGuard();
  const searchRef = useRef<HTMLInputElement>(null);
  // "Best match" means nothing without a search: show the most recently updated first, not 20 Aaravs in a row.
  const effective: SearchState =
    state.sort === 'relevance' && state.text.trim() === '' ? { ...state, sort: 'updated' } : state;
  const { results, items, total, totalCapped, facets, facetsError } = useTalentSearch(effective);
  const openProfile = (id: string | null, create = false) =>
    guard.attempt(() => {
      setCreating(create);
      setSelected(id);
    });
  const toggleChecked = (t: { id: string; stageName: string | null; fullName: string }) =>
    setChecked((m) => {
      const next = new Map(m);
      if (next.has(t.id)) next.delete(t.id);
      else next.set(t.id, { id: t.id, fullName: displayName(t) });
      return next;
    });
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => call('app.info', {}) });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        openProfile(null, true);
      } else if (e.key === 'Escape' && (selected || creating) && !document.querySelector('dialog[open]')) {
        openProfile(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // The sidebar (hundreds of facet rows) is rendered only when the search or its counts change, not on
  // each page of results that scrolling fetches.
  const sidebar = useMemo(
    () => (
      <FilterSidebar
        filters={state.filters}
        facets={facets}
        facetsError={facetsError}
        onChange={(filters) => setState((s) => ({ ...s, filters }))}
        header={<SavedSearches current={state} onApply={setState} />}
      />
    ),
    [state, facets, facetsError],
  );
  const emptyOffice = info.data?.talentCount === 0;
  const common = {
    items,
    total,
    loading: results.isFetching,
    hasMore: Boolean(results.hasNextPage),
    loadMore: () => void results.fetchNextPage(),
    onOpen: (id: string) => {
      if (id !== selected || creating) openProfile(id);
    },
  };
  return (
    <HeadshotImportProvider>
      <HeadshotDropZone target={{ mode: 'match' }} className="hs-browser-drop">
        <div className="browser">
          {sidebar}
          <section className="results" aria-label="Talent">
            {/* Two deliberate rows when the pane is narrow (1024 px, 150 % zoom): what is shown (search, count,
                sort, view) above, how it is shown and what to do with it below; one row where both fit. */}
            <div className="results-head">
              <div className="results-query">
                <div className="search">
                  <label htmlFor="talent-search" className="sr-only">
                    Search talent
                  </label>
                  <input
                    id="talent-search"
                    ref={searchRef}
                    className="input"
                    type="search"
                    placeholder="Search names (any script), skills, languages, cities… (Ctrl+F)"
                    value={state.text}
                    onChange={(e) => setState({ ...state, text: e.target.value })}
                    autoComplete="off"
                  />
                </div>
                <span className="total" role="status" aria-live="polite">
                  {total != null
                    ? `${formatCount(total)}${totalCapped ? '+' : ''} ${total === 1 ? 'profile' : 'profiles'}`
                    : ''}
                </span>
                <label htmlFor="talent-sort" className="sr-only">
                  Sort by
                </label>
                <select
                  id="talent-sort"
                  className="input sort-select"
                  value={state.sort}
                  onChange={(e) => setState({ ...state, sort: e.target.value as SearchState['sort'] })}
                >
                  <option value="relevance">
                    {state.text.trim() ? 'Best match' : 'Best match (newest first)'}
                  </option>
                  <option value="name">Name</option>
                  <option value="updated">Recently updated</option>
                </select>
                <fieldset className="segmented" aria-label="View">
                  <button
                    type="button"
                    className="btn"
                    aria-pressed={view === 'grid'}
                    onClick={() => setView('grid')}
                  >
                    Grid
                  </button>
                  <button
                    type="button"
                    className="btn"
                    aria-pressed={view === 'table'}
                    onClick={() => setView('table')}
                  >
                    Table
                  </button>
                </fieldset>
              </div>
              <div className="results-tools">
                <fieldset className="segmented card-sizes" aria-label="Card size">
                  {CARD_SIZES.map((s) => (
                    <button
                      key={s}
                      type="button"
                      className="btn"
                      aria-pressed={cardSize === s}
                      aria-label={CARD_SIZE_LABELS[s]}
                      title={`${CARD_SIZE_LABELS[s]} cards`}
                      onClick={() => setCardSize(s)}
                      disabled={view !== 'grid'}
                    >
                      {/* The full word where there is room, its initial in a narrow pane (styles.css). */}
                      <span className="long">{CARD_SIZE_LABELS[s]}</span>
                      <span className="short" aria-hidden="true">
                        {CARD_SIZE_LABELS[s][0]}
                      </span>
                    </button>
                  ))}
                </fieldset>
                <span className="spacer" />
                <button
                  type="button"
                  className="btn"
                  disabled={!canEdit}
                  title={readOnlyReason ?? undefined}
                  onClick={() => setImporting(true)}
                >
                  Import…
                </button>
                <ImportHeadshotsButton profileId={creating ? null : selected} />
                <ExportButton state={state} />
                <button
                  type="button"
                  className="btn primary"
                  disabled={!canEdit}
                  title={readOnlyReason ?? undefined}
                  onClick={() => openProfile(null, true)}
                >
                  New profile
                </button>
              </div>
            </div>
            {checked.size > 0 && (
              <div className="selection-bar" role="toolbar" aria-label="Selected profiles">
                <span>{formatCount(checked.size)} selected</span>
                <button
                  type="button"
                  className="btn primary small"
                  disabled={!canEdit}
                  title={readOnlyReason ?? undefined}
                  onClick={() => setShortlisting([...checked.values()])}
                >
                  Add {checked.size} to shortlist
                </button>
                <button
                  type="button"
                  className="btn small"
                  disabled={checked.size < 2 || checked.size > 4}
                  title="Compare two to four people side by side"
                  onClick={() => setComparing([...checked.keys()])}
                >
                  Compare
                </button>
                <button type="button" className="btn small" onClick={() => setChecked(new Map())}>
                  Clear selection
                </button>
              </div>
            )}
            {emptyOffice ? (
              <EmptyOffice onImport={() => setImporting(true)} />
            ) : items.length === 0 && !results.isFetching ? (
              <div className="empty">
                <h2>No one matches</h2>
                <p>Try fewer filters or a shorter search.</p>
              </div>
            ) : view === 'grid' ? (
              <TalentGrid
                {...common}
                selectedId={selected}
                size={cardSize}
                initialScrollTop={restored.scrollTop}
                checked={checked}
                onToggleChecked={toggleChecked}
                onShortlist={(t) => setShortlisting([{ id: t.id, fullName: displayName(t) }])}
              />
            ) : (
              <TalentTable {...common} />
            )}
          </section>
        </div>
        {(selected || creating) && (
          <ProfilePanel
            key={creating ? 'new' : (selected ?? '')}
            id={selected}
            creating={creating}
            onClose={() => openProfile(null)}
            onCreated={(id) => {
              setCreating(false);
              setSelected(id);
            }}
            onShortlist={(t) => setShortlisting([t])}
          />
        )}
      </HeadshotDropZone>
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {comparing && (
        <CompareView items={comparing.map((talentId) => ({ talentId }))} onClose={() => setComparing(null)} />
      )}
      {shortlisting && (
        <ShortlistPicker
          talent={shortlisting}
          onClose={() => setShortlisting(null)}
          onAdded={() => {
            if (shortlisting.length > 1) setChecked(new Map());
          }}
        />
      )}
    </HeadshotImportProvider>
  );
}

function ExportButton({ state }: { state: SearchState }) {
  const toasts = useToasts();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      const r = await call('talentExport.run', {
        query: { text: state.text, filters: state.filters, sort: state.sort },
        format,
      });
      downloadBase64(r.fileName, r.mime, r.base64);
      toasts.show(`Exported ${formatCount(r.rows)} profiles`);
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <MenuButton
      label="Export"
      busyLabel="Exporting…"
      busy={busy}
      menuLabel="Export these results"
      items={[
        { label: 'Export as CSV', onSelect: () => void run('csv') },
        { label: 'Export as Excel (.xlsx)', onSelect: () => void run('xlsx') },
      ]}
    />
  );
}
