// The script view's left column: the scenes in order, each with its page, length and notes; a scene where
// the highlighted character speaks is marked, and "Only with notes" narrows the list.
import { useState } from 'react';
import type { NoteTarget, ScriptAnalysis } from '../../../shared/script.ts';
import { sceneLabel } from './format.ts';

export function SceneList({
  scenes: allScenes,
  realScenes,
  character,
  focus,
  noted,
  onChoose,
}: {
  scenes: ScriptAnalysis['scenes'];
  /** Scenes after the first heading (the part before it is not counted). */
  realScenes: number;
  character: string | null;
  focus: NoteTarget | null;
  noted: (t: NoteTarget) => number;
  onChoose: (index: number) => void;
}) {
  const [scenesNoted, setScenesNoted] = useState(false);
  const scenes = allScenes.filter((s) => !scenesNoted || noted({ kind: 'scene', index: s.index }) > 0);
  return (
    <aside className="script-side" aria-label="Scenes">
      <div className="side-head">
        <h3>Scenes ({realScenes})</h3>
        <label className="check">
          <input type="checkbox" checked={scenesNoted} onChange={(e) => setScenesNoted(e.target.checked)} />
          Only with notes
        </label>
      </div>
      <ul className="scene-list" aria-label="Scene list">
        {scenes.map((s) => {
          const n = noted({ kind: 'scene', index: s.index });
          const active = focus?.kind === 'scene' && focus.index === s.index;
          const present = character ? s.speakers.some((sp) => sp.name === character) : false;
          return (
            <li key={s.index}>
              <button
                type="button"
                className={`scene-item${present ? ' present' : ''}`}
                aria-pressed={active}
                aria-label={`Scene ${sceneLabel(s)}, page ${s.page}${n ? `, ${n} ${n === 1 ? 'note' : 'notes'}` : ''}`}
                onClick={() => onChoose(s.index)}
              >
                <span className="scene-num">{s.index === 0 ? '–' : (s.number ?? s.index)}</span>
                <span className="scene-heading">{s.index === 0 ? 'Before the first scene' : s.heading}</span>
                <span className="scene-meta">
                  p. {s.page} · {(s.eighths / 8).toFixed(s.eighths % 8 ? 1 : 0)} pg
                  {s.revised ? ' · revised' : ''}
                  {n > 0 && <span className="badge">✎ {n}</span>}
                </span>
              </button>
            </li>
          );
        })}
        {scenes.length === 0 && <li className="muted">No scenes with notes.</li>}
      </ul>
    </aside>
  );
}
