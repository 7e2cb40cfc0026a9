// The script view's right column: the speaking cast with speech counts, the characters introduced who never
// speak, "Only with notes", and below them whatever is in focus (its notes).
import { type ReactNode, useState } from 'react';
import type { NoteTarget, ScriptAnalysis } from '../../../shared/script.ts';

export function CastList({
  analysis,
  character,
  focus,
  noted,
  onChoose,
  onChooseSilent,
  children,
}: {
  analysis: ScriptAnalysis;
  character: string | null;
  focus: NoteTarget | null;
  noted: (t: NoteTarget) => number;
  onChoose: (name: string) => void;
  onChooseSilent: (silent: ScriptAnalysis['silent'][number]) => void;
  /** Shown under the lists (the focus panel). */
  children?: ReactNode;
}) {
  const [castNoted, setCastNoted] = useState(false);
  const cast = analysis.characters.filter(
    (c) => !castNoted || noted({ kind: 'character', name: c.name }) > 0,
  );
  return (
    <aside className="script-side cast-side" aria-label="Cast">
      <div className="side-head">
        <h3>Cast ({analysis.characters.length})</h3>
        <label className="check">
          <input type="checkbox" checked={castNoted} onChange={(e) => setCastNoted(e.target.checked)} />
          Only with notes
        </label>
      </div>
      <ul className="cast-list" aria-label="Cast list">
        {cast.map((c) => {
          const n = noted({ kind: 'character', name: c.name });
          return (
            <li key={c.name}>
              <button
                type="button"
                className="cast-item"
                aria-pressed={character === c.name}
                aria-label={`${c.name}, ${c.speeches} speeches in ${c.scenes.length} scenes${n ? `, ${n} ${n === 1 ? 'note' : 'notes'}` : ''}`}
                onClick={() => onChoose(c.name)}
              >
                <span className="cast-name">{c.name}</span>
                <span className="cast-count">{c.speeches}</span>
                {n > 0 && <span className="badge">✎ {n}</span>}
              </button>
            </li>
          );
        })}
        {cast.length === 0 && <li className="muted">No characters with notes.</li>}
      </ul>
      {analysis.silent.length > 0 && (
        <>
          <h4 className="silent-head">Introduced, never speak ({analysis.silent.length})</h4>
          <ul className="cast-list" aria-label="Silent characters">
            {analysis.silent
              .filter((x) => !castNoted || noted({ kind: 'character', name: x.name }) > 0)
              .map((x) => (
                <li key={x.name}>
                  <button
                    type="button"
                    className="cast-item"
                    aria-pressed={focus?.kind === 'character' && focus.name === x.name}
                    aria-label={`${x.name}, silent, introduced on page ${x.page}`}
                    onClick={() => onChooseSilent(x)}
                  >
                    <span className="cast-name">{x.name}</span>
                    <span className="cast-count">p. {x.page}</span>
                  </button>
                </li>
              ))}
          </ul>
        </>
      )}
      {children}
    </aside>
  );
}
