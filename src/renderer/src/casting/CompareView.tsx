import { useQueries } from '@tanstack/react-query';
import type { CSSProperties } from 'react';
import { AVAILABILITY_LABELS, FLUENCY_LABELS, GENDER_LABELS, type Talent } from '../../../shared/talent.ts';
import { call, errorMessage } from '../api.ts';
import { ageRange, displayName } from '../talent/format.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { Modal } from '../ui/Modal.tsx';
import './casting.css';

/** Someone to compare: a profile, with the shortlist's note and rating when opened from a board. */
export interface CompareItem {
  talentId: string;
  notes?: string | null;
  rating?: number | null;
}

const stars = (n: number | null | undefined) =>
  n ? `${'★'.repeat(n)}${'☆'.repeat(5 - n)} (${n} of 5)` : '—';

function facts(t: Talent, item: CompareItem, fromShortlist: boolean): [string, string][] {
  const rows: [string, string | null][] = [
    ['Native name', t.nativeName],
    ['Gender', t.gender ? GENDER_LABELS[t.gender] : null],
    ['Playing age', ageRange(t) ? `${ageRange(t)} yrs` : null],
    ['Height', t.heightCm ? `${t.heightCm} cm` : null],
    ['Build', t.build],
    ['City', [t.city, t.homeState].filter(Boolean).join(', ') || null],
    ['Languages', t.languages.map((l) => `${l.language} (${FLUENCY_LABELS[l.fluency]})`).join(', ') || null],
    ['Skills', t.skills.join(', ') || null],
    ['Union', t.unionName],
    ['Agency', t.agency],
    ['Availability', AVAILABILITY_LABELS[t.availability]],
    fromShortlist ? ['Shortlist rating', stars(item.rating)] : ['Profile rating', stars(t.rating)],
    fromShortlist ? ['Shortlist note', item.notes || '—'] : ['Profile notes', t.notes],
  ];
  return rows.map(([k, v]) => [k, v ?? '—']);
}

/** Up to four people side by side: photos, facts, notes and ratings. */
export function CompareView({ items, onClose }: { items: CompareItem[]; onClose: () => void }) {
  const shown = items.slice(0, 4);
  const fromShortlist = shown.some((i) => i.rating !== undefined || i.notes !== undefined);
  const people = useQueries({
    queries: shown.map((i) => ({
      queryKey: ['talent.get', i.talentId],
      queryFn: () => call('talent.get', { id: i.talentId }),
    })),
  });
  return (
    <Modal title={`Compare ${shown.length} people`} onClose={onClose}>
      <div className="compare" style={{ '--n': shown.length } as CSSProperties}>
        {shown.map((item, i) => {
          const q = people[i];
          const t = q?.data;
          if (!t) {
            return (
              <section key={item.talentId} aria-label="Loading profile">
                {q?.error ? <p role="alert">{errorMessage(q.error)}</p> : <p className="muted">Loading…</p>}
              </section>
            );
          }
          return (
            <section key={item.talentId} aria-label={displayName(t)}>
              <figure>
                <Avatar name={displayName(t)} sha={t.primaryHeadshot} size="1280" />
              </figure>
              <h3>{displayName(t)}</h3>
              <dl>
                {facts(t, item, fromShortlist).map(([k, v]) => (
                  <div key={k} style={{ display: 'contents' }}>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        })}
      </div>
    </Modal>
  );
}
