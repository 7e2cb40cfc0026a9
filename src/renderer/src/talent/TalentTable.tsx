import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { AVAILABILITY_LABELS, GENDER_LABELS, type TalentCard } from '../../../shared/talent.ts';
import { ageRange } from './format.ts';

const ROW_H = 40;
const COLUMNS = ['Name', 'Native name', 'Gender', 'Age', 'Height', 'City', 'Languages', 'Availability'];

interface Props {
  items: TalentCard[];
  total: number | null;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  onOpen: (id: string) => void;
}

/** The same results as rows, for scanning many facts at once; virtualized like the grid. */
export function TalentTable({ items, total, loading, hasMore, loadMore, onOpen }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_H,
    overscan: 10,
  });
  const virtualRows = v.getVirtualItems();
  const last = virtualRows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loading && last >= items.length - 20) loadMore();
  }, [hasMore, loading, last, items.length, loadMore]);
  return (
    <div className="scroller" ref={scroller}>
      <div role="table" aria-label="Talent results" aria-rowcount={(total ?? items.length) + 1} className="table">
        <div role="rowgroup">
          <div role="row" className="row head" aria-rowindex={1} style={{ position: 'sticky' }}>
            {COLUMNS.map((c) => (
              <div role="columnheader" className="cell" key={c}>
                {c}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: v.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((r) => {
            const t = items[r.index]!;
            return (
              <div
                role="row"
                key={t.id}
                className="row"
                aria-rowindex={r.index + 2}
                style={{ top: r.start, height: ROW_H }}
                onClick={() => onOpen(t.id)}
              >
                <div role="cell" className="cell">
                  <button type="button" className="btn small" style={{ border: 0 }} onClick={() => onOpen(t.id)}>
                    {t.stageName ?? t.fullName}
                  </button>
                </div>
                <div role="cell" className="cell">
                  {t.nativeName}
                </div>
                <div role="cell" className="cell">
                  {t.gender ? GENDER_LABELS[t.gender] : ''}
                </div>
                <div role="cell" className="cell">
                  {ageRange(t)}
                </div>
                <div role="cell" className="cell">
                  {t.heightCm ? `${t.heightCm} cm` : ''}
                </div>
                <div role="cell" className="cell">
                  {t.city}
                </div>
                <div role="cell" className="cell">
                  {t.languages.join(', ')}
                </div>
                <div role="cell" className="cell">
                  {AVAILABILITY_LABELS[t.availability]}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
