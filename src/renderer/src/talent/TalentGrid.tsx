import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TalentCard } from '../../../shared/talent.ts';
import { mediaUrl } from '../api.ts';
import { initials, usePhotoRetry } from '../ui/Avatar.tsx';
import { rememberScroll } from './browser-state.ts';
import { type CardSize, cardGeometry, GAP } from './card-size.ts';
import { ageRange, displayName } from './format.ts';

interface Props {
  items: TalentCard[];
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  selectedId: string | null;
  size: CardSize;
  onOpen: (id: string) => void;
  onShortlist: (t: TalentCard) => void;
  /** Cards ticked for a bulk action (add several to a shortlist). */
  checked: ReadonlyMap<string, unknown>;
  onToggleChecked: (t: TalentCard) => void;
  /** Where the grid was scrolled to when the screen was last left (restored once the rows are there). */
  initialScrollTop?: number;
}

/**
 * The width of an element that may mount after the first render. A callback ref feeds the state, so the
 * observer attaches to the real grid once it exists (a ref object read in an effect would stay on
 * whatever was on screen first, e.g. the loading placeholder, and never measure the grid).
 */
function useWidth(): [(el: HTMLElement | null) => void, HTMLElement | null, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [w, setW] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    const ro = new ResizeObserver(() => setW(el.clientWidth));
    ro.observe(el);
    setW(el.clientWidth);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, el, w];
}

function cardLabel(t: TalentCard): string {
  const age = ageRange(t);
  return `${displayName(t)}${age ? `, ${age} years` : ''}${t.city ? `, ${t.city}` : ''}`;
}

/** Headshot cards in a virtualized grid: only the rows on screen exist in the DOM, at 100 or 100,000 results. */
export function TalentGrid(props: Props) {
  const { items, loading, hasMore, loadMore, selectedId, size, onOpen, onShortlist } = props;
  const [scrollerRef, scroller, width] = useWidth();
  const { cols, cardW, cardH } = cardGeometry(width, size);
  const rows = Math.ceil(items.length / cols);
  const v = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller,
    estimateSize: () => cardH + GAP,
    // One row beyond each edge: every row in the DOM costs style, layout and paint on each scroll frame
    // (a profile of a 10k-card scroll: ~15 % less CPU per frame than with 3), and with the synchronous
    // render on scroll a row is there before it shows.
    overscan: 1,
  });
  // Row heights follow the card size, which follows the window width and the size control.
  useEffect(() => {
    if (cardH > 0) v.measure();
  }, [v, cardH]);
  // Restores the remembered scroll once enough rows are loaded (pages load as the grid fills).
  const pendingScroll = useRef(props.initialScrollTop ?? 0);
  useLayoutEffect(() => {
    const want = pendingScroll.current;
    if (!scroller || width === 0 || want <= 0 || items.length === 0) return;
    scroller.scrollTop = want;
    if (Math.abs(scroller.scrollTop - want) < 2 || !hasMore) pendingScroll.current = 0;
  }, [scroller, width, items.length, hasMore]);
  const onScroll = () => {
    if (!scroller) return;
    rememberScroll(scroller.scrollTop);
    noteScroll(scroller.scrollTop, scroller.clientHeight);
  };
  // Stable handlers for the memoised cards: a new page of results re-renders the browser, not every card.
  const latest = useRef({ onOpen, onShortlist, onToggleChecked: props.onToggleChecked });
  latest.current = { onOpen, onShortlist, onToggleChecked: props.onToggleChecked };
  const handlers = useMemo(
    () => ({
      onOpen: (id: string) => latest.current.onOpen(id),
      onShortlist: (t: TalentCard) => latest.current.onShortlist(t),
      onToggleChecked: (t: TalentCard) => latest.current.onToggleChecked(t),
    }),
    [],
  );
  const virtualRows = v.getVirtualItems();
  const lastRow = virtualRows.at(-1)?.index ?? 0;
  // The next page is asked for three screens before the loaded rows run out, so a fast scroll does not
  // reach the end of what is loaded and wait for it.
  const screenRows = Math.ceil((v.scrollRect?.height ?? 900) / (cardH + GAP));
  const fetchAhead = Math.max(4, 3 * screenRows);
  useEffect(() => {
    if (hasMore && !loading && lastRow >= rows - fetchAhead) loadMore();
  }, [hasMore, loading, lastRow, rows, fetchAhead, loadMore]);

  // Arrow keys move between cards the way they would in a photo grid.
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const target = e.target as HTMLElement;
    if (!target.classList.contains('card-open')) return;
    const index = Number(target.dataset.index);
    if (Number.isNaN(index)) return;
    const delta = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols }[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(items.length - 1, index + delta));
    v.scrollToIndex(Math.floor(next / cols));
    requestAnimationFrame(() =>
      scroller?.querySelector<HTMLElement>(`.card-open[data-index="${next}"]`)?.focus(),
    );
  };

  if (loading && items.length === 0) {
    return (
      <output className="scroller" aria-busy="true" style={{ display: 'block' }}>
        <span className="sr-only">Loading results…</span>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: GAP, padding: GAP }}>
          {Array.from({ length: 18 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <div key={i} className="skeleton" style={{ width: cardW, height: cardH }} />
          ))}
        </div>
      </output>
    );
  }
  return (
    <div className="scroller" ref={scrollerRef} onScroll={onScroll}>
      <ul
        aria-label="Talent results"
        className={`grid size-${size}${props.checked.size > 0 ? ' selecting' : ''}`}
        onKeyDown={onKeyDown}
        style={{ height: v.getTotalSize() }}
      >
        {virtualRows.flatMap((row) =>
          items
            .slice(row.index * cols, row.index * cols + cols)
            .map((t, col) => (
              <Card
                key={t.id}
                t={t}
                index={row.index * cols + col}
                top={row.start + GAP}
                left={GAP + col * (cardW + GAP)}
                width={cardW}
                height={cardH}
                size={size}
                current={t.id === selectedId}
                checked={props.checked.has(t.id)}
                {...handlers}
              />
            )),
        )}
      </ul>
    </div>
  );
}

interface CardProps {
  t: TalentCard;
  index: number;
  top: number;
  left: number;
  width: number;
  height: number;
  size: CardSize;
  current: boolean;
  checked: boolean;
  onOpen: (id: string) => void;
  onToggleChecked: (t: TalentCard) => void;
  onShortlist: (t: TalentCard) => void;
}

/** One card; memoised, so a scroll frame renders only the cards that came on screen. */
const Card = memo(function Card({
  t,
  index,
  top,
  left,
  width,
  height,
  size,
  current,
  checked,
  ...on
}: CardProps) {
  const name = displayName(t);
  return (
    <li
      className="card"
      aria-current={current ? 'true' : undefined}
      data-checked={checked || undefined}
      style={{ top, left, width, height }}
    >
      <button
        type="button"
        className="card-open"
        data-index={index}
        onClick={() => on.onOpen(t.id)}
        aria-label={cardLabel(t)}
      >
        <CardPhoto name={t.fullName} sha={t.primaryHeadshot} alt={`Headshot of ${name}`} />
        <span className="meta">
          <span className="name">{name}</span>
          {size !== 'small' && <span className="native">{t.nativeName ?? '\u00a0'}</span>}
          <span className="facts">
            {[ageRange(t) && `${ageRange(t)} yrs`, t.city].filter(Boolean).join(' · ') || '\u00a0'}
          </span>
          {size !== 'small' && (
            <span className="langs">{t.languages.slice(0, 3).join(', ') || '\u00a0'}</span>
          )}
        </span>
      </button>
      <label className="card-check" title="Select for a bulk action">
        <input
          type="checkbox"
          checked={checked}
          onChange={() => on.onToggleChecked(t)}
          aria-label={`Select ${name}`}
        />
      </label>
      <button
        type="button"
        className="card-shortlist"
        aria-label={`Add ${name} to a shortlist`}
        title="Add to a shortlist"
        onClick={() => on.onShortlist(t)}
      >
        +
      </button>
    </li>
  );
});

/** How long a card stays mounted, with no fast scroll going on, before its headshot is requested. */
const PHOTO_DELAY_MS = 150;
/**
 * Headshots already fetched this session: shown at once when their card comes back, unless a fast scroll
 * holds photos. Bounded, oldest out.
 */
const fetched = new Set<string>();
function remember(url: string): void {
  fetched.add(url);
  if (fetched.size > 3000) fetched.delete(fetched.values().next().value as string);
}

/** Until when photos wait: a scroll faster than a screen per ~150 ms (a fling, a dragged scrollbar) holds them. */
let holdPhotosUntil = 0;
let lastScroll = { top: 0, at: 0 };
function noteScroll(top: number, screen: number): void {
  const at = performance.now();
  const speed = Math.abs(top - lastScroll.top) / Math.max(1, at - lastScroll.at); // px per ms
  lastScroll = { top, at };
  if (speed * PHOTO_DELAY_MS > screen) holdPhotosUntil = at + PHOTO_DELAY_MS;
}

/**
 * The card's headshot. Its request starts only once the card has stayed mounted for PHOTO_DELAY_MS and no fast
 * scroll is going on, so cards that fly past never fetch or decode an image: in a profile of a 10k-card
 * scroll that work (the host, image decoding, raster) competed with the frames themselves, and the slower
 * the frames the more cards lived long enough to start it. Photos come in as the scroll slows; at reading
 * speed the row below mounts before it shows. The src is set on the element, not through React, so the
 * timer costs no re-render.
 */
function CardPhoto({ name, sha, alt }: { name: string; sha: string | null; alt: string }) {
  const ref = useRef<HTMLImageElement>(null);
  // A failed photo (a synced profile whose thumbnail has not come yet) shows the initials until the next
  // talent.changed, as Avatar does; its URL is not kept as fetched.
  const [failed, markFailed] = usePhotoRetry(sha);
  useEffect(() => {
    const img = ref.current;
    if (!img || !sha || failed) return;
    const url = mediaUrl(sha, '320');
    // A headshot fetched before shows at once, unless a fast scroll is going on: then, like the others, it
    // waits for the scroll to slow, so the cards flying past do not paint and raster a screenful of photos.
    const cached = fetched.has(url);
    if (cached && holdPhotosUntil <= performance.now()) {
      img.src = url;
      return;
    }
    let timer = 0;
    const show = () => {
      const wait = holdPhotosUntil - performance.now();
      if (wait > 0) {
        timer = window.setTimeout(show, wait + 20);
        return;
      }
      img.src = url;
      remember(url);
    };
    timer = window.setTimeout(show, cached ? holdPhotosUntil - performance.now() + 20 : PHOTO_DELAY_MS);
    return () => clearTimeout(timer);
  }, [sha, failed]);
  if (!sha || failed) {
    return (
      <div className="photo" aria-hidden="true">
        {initials(name)}
      </div>
    );
  }
  return (
    <img
      ref={ref}
      className="photo"
      alt={alt}
      decoding="async"
      onError={() => {
        fetched.delete(mediaUrl(sha, '320'));
        markFailed();
      }}
    />
  );
}
