import { useEffect } from 'react';
import type { GalleryItem } from '../../../shared/headshots.ts';
import { mediaUrl } from '../api.ts';
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
  const h = items[index];
  if (!h) return null;
  const n = index + 1;
  return (
    <Modal title={`${name}: headshot ${n} of ${items.length}`} onClose={onClose}>
      <div className="hs-viewer">
        <figure>
          <img
            key={h.sha256}
            src={mediaUrl(h.sha256, '1280')}
            alt={`Headshot ${n} of ${name}${h.isPrimary ? ' (primary)' : ''}`}
          />
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
