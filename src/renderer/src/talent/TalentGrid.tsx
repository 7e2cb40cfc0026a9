import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TalentCard } from '../../../shared/talent.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { ageRange, cardFacts, displayName } from './format.ts';

const CARD_W = 176;
const CARD_H = 300;
const GAP = 12;

interface Props {
  items: TalentCard[];
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  selectedId: string | null;
  onOpen: (id: string) => void;
  onShortlist: (t: TalentCard) => void;
}

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [w, setW] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setW(el.clientWidth));
    ro.observe(el);
    setW(el.clientWidth);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}

/** Headshot cards in a virtualized grid: only the rows on screen exist in the DOM, at 100 or 100,000 results. */
export function TalentGrid({ items, loading, hasMore, loadMore, selectedId, onOpen, onShortlist }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const width = useWidth(scroller);
  const cols = Math.max(1, Math.floor((width - GAP) / (CARD_W + GAP)));
  // Cards stretch to fill the row, so the grid has no ragged gap on the right.
  const cardW = Math.max(CARD_W, Math.floor((width - GAP * (cols + 1)) / cols));
  const cardH = Math.round(CARD_H + (cardW - CARD_W) * 1.25);
  const rows = Math.ceil(items.length / cols);
  const v = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => cardH + GAP,
    overscan: 3,
  });
  // Row heights follow the card size, which follows the window width.
  useEffect(() => {
    if (cardH > 0) v.measure();
  }, [v, cardH]);
  const virtualRows = v.getVirtualItems();
  const lastRow = virtualRows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loading && lastRow >= rows - 4) loadMore();
  }, [hasMore, loading, lastRow, rows, loadMore]);

  // Arrow keys move between cards the way they would in a photo grid.
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const target = e.target as HTMLElement;
    const index = Number(target.dataset.index);
    if (Number.isNaN(index)) return;
    const delta = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols }[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(items.length - 1, index + delta));
    v.scrollToIndex(Math.floor(next / cols));
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
    );
  };

  if (loading && items.length === 0) {
    return (
      <output className="scroller" aria-busy="true" style={{ display: 'block' }}>
        <span className="sr-only">Loading results…</span>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: GAP, padding: GAP }}>
          {Array.from({ length: 12 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <div key={i} className="skeleton" style={{ width: CARD_W, height: CARD_H }} />
          ))}
        </div>
      </output>
    );
  }
  return (
    <div className="scroller" ref={scroller}>
      <ul
        aria-label="Talent results"
        onKeyDown={onKeyDown}
        style={{
          height: v.getTotalSize(),
          position: 'relative',
          width: '100%',
          margin: 0,
          padding: 0,
          listStyle: 'none',
        }}
      >
        {virtualRows.flatMap((row) =>
          items.slice(row.index * cols, row.index * cols + cols).map((t, col) => {
            const index = row.index * cols + col;
            return (
              <li
                key={t.id}
                className="card"
                aria-current={t.id === selectedId ? 'true' : undefined}
                style={{ top: row.start + GAP, left: GAP + col * (cardW + GAP), width: cardW, height: cardH }}
              >
                <button
                  type="button"
                  data-index={index}
                  onClick={() => onOpen(t.id)}
                  aria-label={`${displayName(t)}${ageRange(t) ? `, ${ageRange(t)} years` : ''}${t.city ? `, ${t.city}` : ''}`}
                  style={{
                    all: 'unset',
                    cursor: 'pointer',
                    display: 'flex',
                    flexDirection: 'column',
                    flex: 1,
                    minHeight: 0,
                  }}
                >
                  <Avatar name={t.fullName} sha={t.primaryHeadshot} />
                  <span className="meta">
                    <span className="name">{t.stageName ?? t.fullName}</span>
                    <span className="native">{t.nativeName ?? '\u00a0'}</span>
                    <span className="facts">{cardFacts(t)}</span>
                  </span>
                </button>
                <button
                  type="button"
                  className="btn small"
                  style={{ margin: '0 10px 8px' }}
                  aria-label={`Add ${displayName(t)} to a shortlist`}
                  onClick={() => onShortlist(t)}
                >
                  + Shortlist
                </button>
              </li>
            );
          }),
        )}
      </ul>
    </div>
  );
}
