// The side panel for one character or scene of an analysed script: its facts, speeches and notes.
import type { NoteTarget, ScriptAnalysis } from '../../../shared/script.ts';
import { GENDER_LABELS } from '../../../shared/talent.ts';
import type { call } from '../api.ts';
import { ageText, targetLabel } from './format.ts';
import { TargetNotes } from './Notes.tsx';
import { SidesButton } from './SidesDialog.tsx';

export function FocusPanel({
  scriptId,
  analysis,
  focus,
  notes,
  onClose,
}: {
  scriptId: string;
  analysis: ScriptAnalysis;
  focus: NoteTarget;
  notes: Awaited<ReturnType<typeof call<'script.notes.list'>>>;
  onClose: () => void;
}) {
  const label = targetLabel(focus, analysis);
  const c = focus.kind === 'character' ? analysis.characters.find((x) => x.name === focus.name) : undefined;
  const s = focus.kind === 'scene' ? analysis.scenes.find((x) => x.index === focus.index) : undefined;
  const silent =
    focus.kind === 'character' && !c ? analysis.silent.find((x) => x.name === focus.name) : undefined;
  return (
    <section className="focus-panel" aria-label={`Details: ${label}`}>
      <div className="side-head">
        <h3>{label}</h3>
        <button type="button" className="btn ghost small" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      {c && (
        <dl className="facts">
          <dt>Speeches</dt>
          <dd>{c.speeches}</dd>
          <dt>Words</dt>
          <dd>{c.words.toLocaleString()}</dd>
          <dt>Scenes</dt>
          <dd>{c.scenes.length}</dd>
          <dt>First appears</dt>
          <dd>page {c.firstPage}</dd>
          {c.age && (
            <>
              <dt>Age</dt>
              <dd>{ageText(c.age)}</dd>
            </>
          )}
          {c.gender && (
            <>
              <dt>Gender</dt>
              <dd>{GENDER_LABELS[c.gender.value]}</dd>
            </>
          )}
          {c.aliases.length > 1 && (
            <>
              <dt>Also cued as</dt>
              <dd>{c.aliases.filter((a) => a !== c.name).join(', ')}</dd>
            </>
          )}
        </dl>
      )}
      {c && <SidesButton scriptId={scriptId} character={c.name} />}
      {c?.intro && <blockquote className="intro">{c.intro}</blockquote>}
      {silent && (
        <>
          <dl className="facts">
            <dt>Speeches</dt>
            <dd>none</dd>
            <dt>Introduced</dt>
            <dd>page {silent.page}</dd>
            {silent.age && (
              <>
                <dt>Age</dt>
                <dd>{ageText(silent.age)}</dd>
              </>
            )}
            {silent.gender && (
              <>
                <dt>Gender</dt>
                <dd>{GENDER_LABELS[silent.gender.value]}</dd>
              </>
            )}
          </dl>
          <blockquote className="intro">{silent.intro}</blockquote>
        </>
      )}
      {s && (
        <dl className="facts">
          <dt>Page</dt>
          <dd>
            {s.page}
            {s.endPage !== s.page ? `–${s.endPage}` : ''}
          </dd>
          <dt>Length</dt>
          <dd>{s.eighths}/8 pages</dd>
          {s.interior && (
            <>
              <dt>Int/Ext</dt>
              <dd>{s.interior}</dd>
            </>
          )}
          <dt>Location</dt>
          <dd>{s.location || '—'}</dd>
          {s.timeOfDay && (
            <>
              <dt>Time</dt>
              <dd>{s.timeOfDay}</dd>
            </>
          )}
          <dt>Speaking</dt>
          <dd>{s.speakers.map((x) => `${x.name} (${x.speeches})`).join(', ') || '—'}</dd>
          {s.named.length > 0 && (
            <>
              <dt>Named</dt>
              <dd>{s.named.join(', ')}</dd>
            </>
          )}
        </dl>
      )}
      <TargetNotes scriptId={scriptId} target={focus} notes={notes} analysis={analysis} />
    </section>
  );
}
