import { useId, useState } from 'react';
import { call, errorMessage } from '../api.ts';
import { downloadBase64 } from '../ui/download.ts';
import { Modal } from '../ui/Modal.tsx';
import '../casting/deck.css';

/** "Sides…" for one character: opens the dialog that exports their pages of the original PDF. */
export function SidesButton({ scriptId, character }: { scriptId: string; character: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn small"
        aria-label={`Sides for ${character}…`}
        onClick={() => setOpen(true)}
      >
        Sides…
      </button>
      {open && <SidesDialog scriptId={scriptId} character={character} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * Sides for an audition: the pages of the original script where the character speaks, their speeches
 * highlighted, with an optional watermark (the actor's or agency's name) on every page.
 */
export function SidesDialog({
  scriptId,
  character,
  onClose,
}: {
  scriptId: string;
  character: string;
  onClose: () => void;
}) {
  const id = useId();
  const [watermark, setWatermark] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const exportSides = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const r = await call('script.sides', {
        scriptId,
        character,
        watermark: watermark.trim() || undefined,
      });
      downloadBase64(r.fileName, r.mime, r.base64);
      setSaved(`Saved ${r.fileName}: a cover and script pages ${r.scriptPages.join(', ')}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Sides — ${character}`} onClose={onClose}>
      <div className="deck-dialog">
        <p>
          The pages of the original script where {character} speaks, with their speeches highlighted, after a
          cover listing the scenes.
        </p>
        <label htmlFor={`${id}-wm`}>Watermark (optional, printed on every page)</label>
        <input
          id={`${id}-wm`}
          type="text"
          maxLength={120}
          value={watermark}
          placeholder="e.g. the actor's or agency's name"
          onChange={(e) => setWatermark(e.target.value)}
        />
        {error && <p role="alert">{error}</p>}
        {saved && <p role="status">{saved}</p>}
        <div className="deck-actions">
          <button type="button" className="btn primary" disabled={busy} onClick={exportSides}>
            {busy ? 'Exporting…' : 'Export sides PDF'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
