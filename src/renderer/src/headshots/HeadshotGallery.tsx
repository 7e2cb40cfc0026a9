import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { GalleryItem, GalleryResult } from '../../../shared/headshots.ts';
import { call, errorMessage, mediaUrl, onEvent, registerFiles } from '../api.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { HeadshotViewer } from './HeadshotViewer.tsx';
import { IMAGE_ACCEPT } from './ImportHeadshotsButton.tsx';
import { useHeadshotImport } from './ImportProvider.tsx';
import './headshots.css';

const COLS = 3;
/** Drag type of a gallery tile being reordered (never "Files", so the profile's drop zone ignores it). */
const TILE_MIME = 'application/x-castmatch-headshot';

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [x] = next.splice(from, 1);
  if (x !== undefined) next.splice(Math.max(0, Math.min(next.length, to)), 0, x);
  return next;
}

/**
 * A profile's headshots, primary first: view full size, make primary, reorder (buttons, keyboard or
 * drag), delete (after a confirmation), and add more from a picker. The first image is the primary one.
 */
export function HeadshotGallery({ talentId, name }: { talentId: string; name: string }) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const imports = useHeadshotImport();
  const headingId = useId();
  const hintId = useId();
  const key = ['headshots.list', talentId];
  const gallery = useQuery({ queryKey: key, queryFn: () => call('headshots.list', { talentId }) });
  const items = gallery.data?.items ?? [];
  const [active, setActive] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<GalleryItem | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const dragFrom = useRef<number | null>(null);
  const tiles = useRef(new Map<string, HTMLButtonElement>());
  const focusId = useRef<string | null>(null);
  const addRef = useRef<HTMLInputElement>(null);

  // Another window, an import or sync changed this person: reload the gallery.
  useEffect(
    () =>
      onEvent((event, payload) => {
        if (event !== 'talent.changed') return;
        const ids = (payload as { ids?: string[] } | null)?.ids;
        if (!ids || ids.includes(talentId))
          void qc.invalidateQueries({ queryKey: ['headshots.list', talentId] });
      }),
    [qc, talentId],
  );

  // After a move or delete, focus follows the tile that moved (or the one now in the deleted one's place).
  useEffect(() => {
    if (active >= items.length && items.length > 0) setActive(items.length - 1);
    const id = focusId.current;
    if (!id) return;
    focusId.current = null;
    const i = items.findIndex((h) => h.id === id);
    if (i >= 0) {
      setActive(i);
      tiles.current.get(id)?.focus();
    }
  }, [items, active]);

  const apply = async (
    optimistic: GalleryItem[] | null,
    run: () => Promise<GalleryResult>,
    done?: string,
  ): Promise<boolean> => {
    const before = qc.getQueryData<GalleryResult>(key);
    if (optimistic) qc.setQueryData<GalleryResult>(key, { items: optimistic });
    setBusy(true);
    try {
      const r = await run();
      qc.setQueryData<GalleryResult>(key, r);
      void qc.invalidateQueries({ queryKey: ['talent.get', talentId] });
      if (done) toasts.show(done);
      return true;
    } catch (e) {
      if (before) qc.setQueryData(key, before);
      toasts.show(errorMessage(e), { kind: 'error' });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const reorder = (from: number, to: number) => {
    if (from === to || to < 0 || to >= items.length) return;
    const next = move(items, from, to).map((h, i) => ({ ...h, position: i, isPrimary: i === 0 }));
    const moved = items[from]!;
    focusId.current = moved.id;
    void apply(
      next,
      () => call('headshots.reorder', { talentId, headshotIds: next.map((h) => h.id) }),
      to === 0 ? `Made headshot primary for ${name}` : undefined,
    );
  };
  const makePrimary = (i: number) => {
    const h = items[i];
    if (!h || i === 0) return;
    focusId.current = h.id;
    const next = move(items, i, 0).map((x, j) => ({ ...x, position: j, isPrimary: j === 0 }));
    void apply(
      next,
      () => call('headshots.setPrimary', { talentId, headshotId: h.id }),
      `Made headshot primary for ${name}`,
    );
  };
  const remove = async (h: GalleryItem) => {
    const i = items.findIndex((x) => x.id === h.id);
    const after = items.filter((x) => x.id !== h.id);
    focusId.current = after[Math.min(i, after.length - 1)]?.id ?? null;
    setDeleting(null);
    await apply(after, () => call('headshots.delete', { headshotId: h.id }), `Deleted a headshot of ${name}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const h = items[i];
    if (!h) return;
    if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      reorder(i, i + (e.key === 'ArrowLeft' ? -1 : 1));
      return;
    }
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      setDeleting(h);
      return;
    }
    if (e.key.toLowerCase() === 'p' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      makePrimary(i);
      return;
    }
    const delta: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -COLS,
      ArrowDown: COLS,
      Home: -i,
      End: items.length - 1 - i,
    };
    const d = delta[e.key];
    if (d === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(items.length - 1, i + d));
    setActive(next);
    const id = items[next]?.id;
    if (id) tiles.current.get(id)?.focus();
  };

  const dragHandlers = (i: number) => ({
    draggable: true,
    onDragStart: (e: DragEvent) => {
      dragFrom.current = i;
      e.dataTransfer.setData(TILE_MIME, items[i]!.id);
      e.dataTransfer.effectAllowed = 'move';
    },
    onDragEnd: () => {
      dragFrom.current = null;
      setDropAt(null);
    },
    onDragOver: (e: DragEvent) => {
      if (dragFrom.current === null || ![...e.dataTransfer.types].includes(TILE_MIME)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (dropAt !== i) setDropAt(i);
    },
    onDrop: (e: DragEvent) => {
      const from = dragFrom.current;
      if (from === null || ![...e.dataTransfer.types].includes(TILE_MIME)) return;
      e.preventDefault();
      dragFrom.current = null;
      setDropAt(null);
      reorder(from, i);
    },
  });

  const addFiles = (input: HTMLInputElement) => {
    if (!input.files || input.files.length === 0 || imports.busy) return;
    imports.start({ mode: 'profile', talentId }, name, registerFiles(input.files));
    input.value = '';
  };

  return (
    <section className="hs-gallery" aria-labelledby={headingId}>
      <div className="hs-gallery-head">
        <h3 id={headingId}>Headshots{items.length > 0 ? ` (${items.length})` : ''}</h3>
        <button
          type="button"
          className="btn small"
          disabled={imports.busy}
          title={imports.busy ? 'Wait for the running import to finish' : undefined}
          onClick={() => addRef.current?.click()}
        >
          Add headshots…
        </button>
        <input
          ref={addRef}
          className="sr-only"
          tabIndex={-1}
          type="file"
          multiple
          accept={IMAGE_ACCEPT}
          aria-label={`Headshot files for ${name}`}
          onChange={(e) => addFiles(e.currentTarget)}
        />
      </div>
      {gallery.error && <p role="alert">{errorMessage(gallery.error)}</p>}
      {gallery.isSuccess && items.length === 0 && (
        <div className="hs-gallery-empty">
          <div className="hs-empty-face">
            <Avatar name={name} sha={null} />
          </div>
          <p className="hs-muted">No headshots yet. Drop images on this profile or add them from a folder.</p>
        </div>
      )}
      {items.length > 0 && (
        <>
          <p id={hintId} className="sr-only">
            Arrow keys move between headshots. Enter opens one full size, P makes it primary, Alt with the
            left or right arrow moves it, Delete removes it.
          </p>
          <ul className="hs-tiles" aria-label={`Headshots of ${name}`} aria-busy={busy || undefined}>
            {items.map((h, i) => {
              const n = i + 1;
              const tabIndex = i === active ? 0 : -1;
              return (
                <li
                  key={h.id}
                  className={`hs-tile${h.isPrimary ? ' primary' : ''}${dropAt === i ? ' drop-target' : ''}`}
                  aria-label={`Headshot ${n} of ${items.length}${h.isPrimary ? ', primary' : ''}`}
                  {...dragHandlers(i)}
                >
                  <button
                    type="button"
                    className="hs-tile-view"
                    tabIndex={tabIndex}
                    ref={(el) => {
                      if (el) tiles.current.set(h.id, el);
                      else tiles.current.delete(h.id);
                    }}
                    aria-label={`View headshot ${n}${h.originalName ? `, ${h.originalName}` : ''}`}
                    aria-describedby={hintId}
                    aria-keyshortcuts="P Delete Alt+ArrowLeft Alt+ArrowRight"
                    onFocus={() => setActive(i)}
                    onClick={() => setViewing(i)}
                    onKeyDown={(e) => onKeyDown(e, i)}
                  >
                    <img
                      src={mediaUrl(h.sha256, '320')}
                      alt=""
                      loading="lazy"
                      decoding="async"
                      draggable={false}
                    />
                    {h.isPrimary && <span className="hs-badge">Primary</span>}
                  </button>
                  <div className="hs-tile-actions">
                    <button
                      type="button"
                      className="hs-icon"
                      tabIndex={tabIndex}
                      disabled={busy || h.isPrimary}
                      title={h.isPrimary ? 'This is the primary headshot' : 'Make primary'}
                      aria-label={`Make headshot ${n} primary`}
                      onClick={() => makePrimary(i)}
                    >
                      {h.isPrimary ? '★' : '☆'}
                    </button>
                    <button
                      type="button"
                      className="hs-icon"
                      tabIndex={tabIndex}
                      disabled={busy || i === 0}
                      title="Move earlier"
                      aria-label={`Move headshot ${n} earlier`}
                      onClick={() => reorder(i, i - 1)}
                    >
                      ‹
                    </button>
                    <button
                      type="button"
                      className="hs-icon"
                      tabIndex={tabIndex}
                      disabled={busy || i === items.length - 1}
                      title="Move later"
                      aria-label={`Move headshot ${n} later`}
                      onClick={() => reorder(i, i + 1)}
                    >
                      ›
                    </button>
                    <button
                      type="button"
                      className="hs-icon danger"
                      tabIndex={tabIndex}
                      disabled={busy}
                      title="Delete"
                      aria-label={`Delete headshot ${n}`}
                      onClick={() => setDeleting(h)}
                    >
                      ×
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {viewing !== null && items.length > 0 && (
        <HeadshotViewer
          items={items}
          index={Math.min(viewing, items.length - 1)}
          name={name}
          onIndex={setViewing}
          onMakePrimary={(i) => {
            makePrimary(i);
            setViewing(0);
          }}
          onClose={() => {
            const id = items[Math.min(viewing, items.length - 1)]?.id;
            setViewing(null);
            if (id) requestAnimationFrame(() => tiles.current.get(id)?.focus());
          }}
        />
      )}
      {deleting && (
        <Modal title="Delete this headshot?" onClose={() => setDeleting(null)}>
          <div className="hs-confirm">
            <img
              src={mediaUrl(deleting.sha256, '320')}
              alt={`Headshot to delete${deleting.originalName ? `: ${deleting.originalName}` : ''}`}
            />
            <div>
              <p>
                It will be removed from {name}’s profile
                {deleting.isPrimary && items.length > 1 ? ', and the next headshot becomes primary' : ''}.
              </p>
              <div className="actions">
                <button type="button" className="btn danger" onClick={() => void remove(deleting)}>
                  Delete headshot
                </button>
                <button type="button" className="btn" onClick={() => setDeleting(null)}>
                  Keep it
                </button>
              </div>
            </div>
          </div>
        </Modal>
      )}
    </section>
  );
}
