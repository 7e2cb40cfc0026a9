// One analysed script: the PDF beside the scene list and the cast list, with highlights, stepping, charts,
// notes, "Make roles", exports and the draft comparison. The columns are SceneList.tsx and CastList.tsx, the
// bar over the PDF SpeechBar.tsx.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { NoteTarget } from '../../../shared/script.ts';
import type { DraftDiff } from '../../../shared/script-api.ts';
import { call, errorMessage } from '../api.ts';
import { BreakdownsDialog } from '../match/BreakdownBatch.tsx';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { CastList } from './CastList.tsx';
import { Charts } from './Charts.tsx';
import { ComparePanel } from './Compare.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { FocusPanel } from './FocusPanel.tsx';
import { MakeRolesDialog } from './MakeRoles.tsx';
import { NotesPanel, sameTarget, useNotes } from './Notes.tsx';
import { type Highlight, PdfViewer, type ScrollTarget, type TextSelection } from './PdfViewer.tsx';
import { SceneList } from './SceneList.tsx';
import { SpeechBar, useSpeechKeys } from './SpeechBar.tsx';

type Tab = 'script' | 'charts' | 'notes' | 'compare';
const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'script', label: 'Script' },
  { id: 'charts', label: 'Charts' },
  { id: 'notes', label: 'Notes' },
  { id: 'compare', label: 'Draft changes' },
];

export function ScriptView({
  scriptId,
  diff,
  password,
  onBack,
  onPick,
}: {
  scriptId: string;
  diff: DraftDiff | null;
  password?: string;
  onBack: () => void;
  onPick: () => void;
}) {
  const q = useQuery({
    queryKey: ['script.get', scriptId],
    queryFn: () => call('script.get', { id: scriptId }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (q.isError)
    return (
      <div className="empty" role="alert">
        <h2>This script could not be opened</h2>
        <p>{errorMessage(q.error)}</p>
        <button type="button" className="btn" onClick={onBack}>
          Back to scripts
        </button>
      </div>
    );
  if (!q.data)
    return (
      <div className="empty" role="status">
        Opening the script…
      </div>
    );
  return (
    <Loaded key={scriptId} data={q.data} diff={diff} password={password} onBack={onBack} onPick={onPick} />
  );
}

function Loaded({
  data,
  diff,
  password,
  onBack,
  onPick,
}: {
  data: Awaited<ReturnType<typeof call<'script.get'>>>;
  diff: DraftDiff | null;
  password?: string;
  onBack: () => void;
  onPick: () => void;
}) {
  const { script, analysis } = data;
  const qc = useQueryClient();
  const toasts = useToasts();
  const notesQ = useNotes(script.id, data.notes);
  const notes = notesQ.data ?? [];
  const scripts = useQuery({ queryKey: ['script.list'], queryFn: () => call('script.list', {}) });
  const [tab, setTab] = useState<Tab>('script');
  const [character, setCharacter] = useState<string | null>(null);
  const [current, setCurrent] = useState<number | null>(null);
  const [focus, setFocus] = useState<NoteTarget | null>(null);
  const [scrollTo, setScrollTo] = useState<ScrollTarget | null>(null);
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const [makingRoles, setMakingRoles] = useState(false);
  const [breakingDown, setBreakingDown] = useState(false);
  const [showDiff, setShowDiff] = useState(diff !== null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const highlights = useMemo<Highlight[]>(() => {
    if (!character) return [];
    const mine = analysis.speeches.filter((s) => s.character === character);
    return mine.map((s, k) => ({
      index: k,
      label: `${character}, speech ${k + 1} of ${mine.length}, page ${s.page}`,
      rects: s.rects,
    }));
  }, [analysis.speeches, character]);

  const noted = useCallback((t: NoteTarget) => notes.filter((n) => sameTarget(n.target, t)).length, [notes]);

  const chooseCharacter = (name: string) => {
    setTab('script');
    setFocus({ kind: 'character', name });
    if (character === name) return;
    setCharacter(name);
    setCurrent(analysis.speeches.some((s) => s.character === name) ? 0 : null);
  };
  const chooseScene = (index: number) => {
    const s = analysis.scenes.find((x) => x.index === index);
    if (!s) return;
    setTab('script');
    setFocus({ kind: 'scene', index });
    setScrollTo({ page: s.page, y: s.y + 14, nonce: Date.now() });
  };
  const go = (t: NoteTarget) => {
    if (t.kind === 'scene') chooseScene(t.index);
    else if (t.kind === 'character') chooseCharacter(t.name);
    else {
      setTab('script');
      setFocus(t);
      const size = analysis.pageSizes[t.page - 1];
      setScrollTo({ page: t.page, y: size?.height ?? 792, nonce: Date.now() });
    }
  };

  useSpeechKeys(tab === 'script', highlights.length, setCurrent);

  const step = (d: 1 | -1) =>
    setCurrent((c) =>
      highlights.length === 0 ? null : ((c ?? 0) + d + highlights.length) % highlights.length,
    );

  const realScenes = analysis.scenes.filter((s) => s.index > 0).length;

  const remove = useMutation({
    mutationFn: () => call('script.delete', { id: script.id }),
    onSuccess: () => {
      toasts.show(`Deleted ${script.title}`);
      void qc.invalidateQueries({ queryKey: ['script.list'] });
      onBack();
    },
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });

  return (
    <div className="script-view">
      <header className="script-head">
        <button type="button" className="btn" onClick={onBack}>
          ← All scripts
        </button>
        <div className="script-title">
          <h2>{analysis.title}</h2>
          <span className="muted">
            {script.fileName} · {analysis.pages} pages · {realScenes} scenes · {analysis.characters.length}{' '}
            speaking characters
          </span>
        </div>
        <span className="spacer" />
        <button
          type="button"
          className="btn primary"
          onClick={() => setMakingRoles(true)}
          disabled={analysis.characters.length + analysis.silent.length === 0}
        >
          Make roles…
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => setBreakingDown(true)}
          disabled={analysis.characters.length + analysis.silent.length === 0}
        >
          Breakdowns…
        </button>
        <ExportMenu scriptId={script.id} />
        <button type="button" className="btn" onClick={onPick}>
          Open another PDF…
        </button>
        <button type="button" className="btn danger" onClick={() => setConfirmDelete(true)}>
          Delete script
        </button>
      </header>
      {analysis.warnings.length > 0 && (
        <ul className="script-warnings" aria-label="Analysis warnings">
          {analysis.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {diff && showDiff && (
        <div className="diff-banner" role="status">
          <span>
            Compared with the earlier draft <strong>{diff.before.fileName}</strong>:{' '}
            {diff.comparison.added.length} roles added, {diff.comparison.cut.length} cut,{' '}
            {diff.comparison.grew.length} with more speeches, {diff.comparison.shrank.length} with fewer.
          </span>
          <button type="button" className="btn small" onClick={() => setTab('compare')}>
            View draft changes
          </button>
          <button
            type="button"
            className="btn small ghost"
            aria-label="Dismiss draft comparison"
            onClick={() => setShowDiff(false)}
          >
            ×
          </button>
        </div>
      )}
      <div className="script-body">
        <SceneList
          scenes={analysis.scenes}
          realScenes={realScenes}
          character={character}
          focus={focus}
          noted={noted}
          onChoose={chooseScene}
        />
        <section className="script-center" aria-label="Script">
          <div role="tablist" aria-label="Script views" className="script-tabs">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`script-tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={tab === t.id || t.id === 'script' ? `script-panel-${t.id}` : undefined}
                onClick={() => setTab(t.id)}
              >
                {t.label}
                {t.id === 'notes' && notes.length > 0 ? ` (${notes.length})` : ''}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id="script-panel-script"
            aria-labelledby="script-tab-script"
            hidden={tab !== 'script'}
            className="script-panel pdf-panel"
          >
            <SpeechBar
              character={character}
              highlights={highlights}
              current={current}
              selection={selection}
              onStep={step}
              onClear={() => {
                setCharacter(null);
                setCurrent(null);
              }}
              onNoteSelection={(sel) => setFocus({ kind: 'selection', ...sel })}
            />
            <PdfViewer
              scriptId={script.id}
              analysis={analysis}
              highlights={highlights}
              current={current}
              scrollTo={scrollTo}
              initialPassword={password}
              onSelection={setSelection}
            />
          </div>
          {tab === 'charts' && (
            <div
              role="tabpanel"
              id="script-panel-charts"
              aria-labelledby="script-tab-charts"
              className="script-panel"
            >
              <Charts analysis={analysis} />
            </div>
          )}
          {tab === 'notes' && (
            <div
              role="tabpanel"
              id="script-panel-notes"
              aria-labelledby="script-tab-notes"
              className="script-panel"
            >
              <NotesPanel scriptId={script.id} notes={notes} analysis={analysis} onGo={go} />
            </div>
          )}
          {tab === 'compare' && (
            <div
              role="tabpanel"
              id="script-panel-compare"
              aria-labelledby="script-tab-compare"
              className="script-panel"
            >
              <ComparePanel script={script} scripts={scripts.data ?? []} initial={diff} />
            </div>
          )}
        </section>
        <CastList
          analysis={analysis}
          character={character}
          focus={focus}
          noted={noted}
          onChoose={chooseCharacter}
          onChooseSilent={(x) => {
            setTab('script');
            setFocus({ kind: 'character', name: x.name });
            const size = analysis.pageSizes[x.page - 1];
            setScrollTo({ page: x.page, y: size?.height ?? 792, nonce: Date.now() });
          }}
        >
          {focus && (
            <FocusPanel
              scriptId={script.id}
              analysis={analysis}
              focus={focus}
              notes={notes}
              onClose={() => setFocus(null)}
            />
          )}
        </CastList>
      </div>
      {confirmDelete && (
        <Modal title="Delete this script?" onClose={() => setConfirmDelete(false)}>
          <p>
            “{analysis.title}” ({script.fileName}), its analysis and its {notes.length}{' '}
            {notes.length === 1 ? 'note' : 'notes'} will be removed from this office. Roles already made from
            it stay in their project.
          </p>
          <div className="actions">
            <button
              type="button"
              className="btn danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Delete script and notes
            </button>
            <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </div>
        </Modal>
      )}
      {breakingDown && (
        <BreakdownsDialog
          scriptId={script.id}
          analysis={analysis}
          preselect={character ? [character] : []}
          onClose={() => setBreakingDown(false)}
        />
      )}
      {makingRoles && (
        <MakeRolesDialog
          scriptId={script.id}
          analysis={analysis}
          preselect={character ? [character] : []}
          defaultProjectId={script.projectId}
          onClose={() => setMakingRoles(false)}
        />
      )}
    </div>
  );
}
