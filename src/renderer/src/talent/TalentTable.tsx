import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { AVAILABILITY_LABELS, GENDER_LABELS, type TalentCard } from '../../../shared/talent.ts';
import { ageRange, displayName } from './format.ts';

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

/**
 * The same results as a real <table>, for scanning many facts at once. Virtualized with spacer rows above
 * and below the visible ones, so it stays a semantic table for screen readers at any length.
 */
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
  const top = virtualRows[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (virtualRows.at(-1)?.end ?? 0);
  return (
    <div className="scroller" ref={scroller}>
      <table
        className="data talent-table"
        aria-label="Talent results"
        aria-rowcount={(total ?? items.length) + 1}
      >
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds no focusable content
            <tr aria-hidden="true" style={{ height: top }}>
              <td colSpan={COLUMNS.length} />
            </tr>
          )}
          {virtualRows.map((r) => {
            const t = items[r.index]!;
            return (
              <tr key={t.id} aria-rowindex={r.index + 2} style={{ height: ROW_H }}>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpen(t.id)}>
                    {displayName(t)}
                  </button>
                </td>
                <td>{t.nativeName}</td>
                <td>{t.gender ? GENDER_LABELS[t.gender] : ''}</td>
                <td>{ageRange(t)}</td>
                <td>{t.heightCm ? `${t.heightCm} cm` : ''}</td>
                <td>{t.city}</td>
                <td>{t.languages.join(', ')}</td>
                <td>{AVAILABILITY_LABELS[t.availability]}</td>
              </tr>
            );
          })}
          {bottom > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds no focusable content
            <tr aria-hidden="true" style={{ height: bottom }}>
              <td colSpan={COLUMNS.length} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
