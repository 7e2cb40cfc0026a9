// The bar above the PDF: the highlighted character's speech being shown, previous/next (also "[" and "]"),
// clearing the highlight, and a note on the selected text.
import { type Dispatch, type SetStateAction, useEffect } from 'react';
import type { Highlight, TextSelection } from './PdfViewer.tsx';

/** "[" and "]" step through the highlighted speeches while `active` (not while typing a note, nor in a dialog). */
export function useSpeechKeys(
  active: boolean,
  count: number,
  setCurrent: Dispatch<SetStateAction<number | null>>,
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!active || count === 0 || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (
        t &&
        (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)
      )
        return;
      if (document.querySelector('dialog[open]')) return;
      if (e.key === ']' || e.key === '[') {
        e.preventDefault();
        const d = e.key === ']' ? 1 : -1;
        setCurrent((c) => ((c ?? 0) + d + count) % count);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, count, setCurrent]);
}

export function SpeechBar({
  character,
  highlights,
  current,
  selection,
  onStep,
  onClear,
  onNoteSelection,
}: {
  character: string | null;
  highlights: Highlight[];
  current: number | null;
  selection: TextSelection | null;
  onStep: (d: 1 | -1) => void;
  onClear: () => void;
  onNoteSelection: (s: TextSelection) => void;
}) {
  const currentSpeech = current !== null ? highlights[current] : undefined;
  return (
    <div className="step-bar" role="toolbar" aria-label="Speeches">
      {character ? (
        <>
          <span role="status" className="step-status">
            <strong>{character}</strong>:{' '}
            {currentSpeech
              ? `speech ${(current ?? 0) + 1} of ${highlights.length}, page ${currentSpeech.rects[0]?.page ?? ''}`
              : 'no speeches'}
          </span>
          <button
            type="button"
            className="btn small"
            onClick={() => onStep(-1)}
            disabled={highlights.length < 2}
            aria-keyshortcuts="["
            title="Previous speech ( [ )"
          >
            Previous speech
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => onStep(1)}
            disabled={highlights.length < 2}
            aria-keyshortcuts="]"
            title="Next speech ( ] )"
          >
            Next speech
          </button>
          <button
            type="button"
            className="btn small ghost"
            aria-label="Clear highlight"
            title="Clear highlight"
            onClick={onClear}
          >
            ×
          </button>
        </>
      ) : (
        <span className="muted">Choose a character to highlight their speeches.</span>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="btn small"
        disabled={!selection}
        onClick={() => selection && onNoteSelection(selection)}
      >
        Note on selected text
      </button>
    </div>
  );
}
