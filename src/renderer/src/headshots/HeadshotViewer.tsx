import { useEffect, useState } from 'react';
import type { GalleryItem } from '../../../shared/headshots.ts';
import { call, mediaUrl } from '../api.ts';
import { Modal } from '../ui/Modal.tsx';

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** One headshot at 1280 px in a dialog; ← and → step through the gallery. */
export function HeadshotViewer({
  items,
  index,
  name,
  onIndex,
  onMakePrimary,
  onClose,
}: {
  items: GalleryItem[];
  index: number;
  name: string;
  onIndex: (i: number) => void;
  onMakePrimary: (i: number) => void;
  onClose: () => void;
}) {
  const count = items.length;
  const go = (d: number) => onIndex((index + d + count) % count);
  // Arrow keys page wherever focus is in the dialog (it starts on the Close button).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || count < 2) return;
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      e.preventDefault();
      onIndex((index + (e.key === 'ArrowLeft' ? -1 : 1) + count) % count);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [index, count, onIndex]);
  // Blob sync: an image from another desktop has only its thumbnail here until the original is fetched.
  const [absent, setAbsent] = useState<ReadonlySet<string>>(new Set());
  const [fetched, setFetched] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState<{ sha256: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const h = items[index];
  if (!h) return null;
  const n = index + 1;
  const fullHere = fetched.has(h.sha256) || (h.fullSizeHere !== false && !absent.has(h.sha256));
  const download = async (sha256: string) => {
    setBusy(true);
    setNote(null);
    try {
      const r = await call('headshots.fetchFullSize', { sha256 });
      if (r.state === 'local') {
        setFetched((s) => new Set(s).add(sha256));
        setAbsent((s) => new Set([...s].filter((x) => x !== sha256)));
      } else setNote({ sha256, text: r.message ?? 'The full-size photo could not be downloaded.' });
    } catch (e) {
      setNote({ sha256, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const alt = `Headshot ${n} of ${name}${h.isPrimary ? ' (primary)' : ''}`;
  return (
    <Modal title={`${name}: headshot ${n} of ${items.length}`} onClose={onClose}>
      <div className="hs-viewer">
        <figure>
          {fullHere ? (
            <img
              key={`${h.sha256}${fetched.has(h.sha256) ? '-fetched' : ''}`}
              src={mediaUrl(h.sha256, '1280')}
              alt={alt}
              onError={() => setAbsent((s) => new Set(s).add(h.sha256))}
            />
          ) : (
            <>
              <img key={`${h.sha256}-thumb`} src={mediaUrl(h.sha256, '320')} alt={`${alt}, thumbnail`} />
              <p role="status" className="hs-muted">
                {note?.sha256 === h.sha256 ? note.text : 'Full-size photo not downloaded yet.'}
              </p>
              <button type="button" className="btn" disabled={busy} onClick={() => void download(h.sha256)}>
                {busy ? 'Downloading…' : 'Download full-size photo'}
              </button>
            </>
          )}
          {h.syncNote && <p className="hs-muted">{h.syncNote}</p>}
          <figcaption>
            {h.isPrimary && <span className="hs-badge static">Primary</span>}
            <span>{h.originalName ?? 'Headshot'}</span>
            <span className="hs-muted">
              {h.width && h.height ? `${h.width} × ${h.height} px · ` : ''}
              {formatBytes(h.byteSize)}
            </span>
          </figcaption>
        </figure>
        <div className="actions hs-viewer-actions">
          <button type="button" className="btn" disabled={items.length < 2} onClick={() => go(-1)}>
            ← Previous
          </button>
          <button type="button" className="btn" disabled={items.length < 2} onClick={() => go(1)}>
            Next →
          </button>
          <span className="spacer" />
          {!h.isPrimary && (
            <button type="button" className="btn primary" onClick={() => onMakePrimary(index)}>
              Make primary
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}
