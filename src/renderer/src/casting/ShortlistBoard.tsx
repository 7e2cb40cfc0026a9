import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import {
  type Role,
  SHORTLIST_STATUS_LABELS,
  SHORTLIST_STATUSES,
  type ShortlistEntry,
  type ShortlistStatus,
} from '../../../shared/casting.ts';
import { call, errorMessage } from '../api.ts';
import { FindMatchesButton } from '../match/MatchPanel.tsx';
import { ageRange, displayName } from '../talent/format.ts';
import { useToasts } from '../ui/Toasts.tsx';

/** A role's shortlist as status lanes; drag a card between lanes, or use its "Status" menu from the keyboard. */
export function ShortlistBoard({ role }: { role: Role }) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const key = ['shortlist.get', role.id];
  const list = useQuery({ queryKey: key, queryFn: () => call('shortlist.get', { roleId: role.id }) });
  const [over, setOver] = useState<ShortlistStatus | null>(null);

  const move = async (entryId: string, status: ShortlistStatus, beforeId: string | null = null) => {
    try {
      qc.setQueryData(key, await call('shortlist.move', { entryId, status, beforeId }));
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  const remove = async (e: ShortlistEntry) => {
    try {
      await call('shortlist.remove', { entryId: e.id });
      void qc.invalidateQueries({ queryKey: key });
      toasts.show(`Removed ${displayName(e.talent)} from ${role.name}`);
    } catch (err) {
      toasts.show(errorMessage(err), { kind: 'error' });
    }
  };
  const onDrop = (status: ShortlistStatus) => (ev: DragEvent) => {
    ev.preventDefault();
    setOver(null);
    const entryId = ev.dataTransfer.getData('application/x-castmatch-entry');
    if (entryId) void move(entryId, status);
  };

  return (
    <div>
      <div className="banner">
        <b>{role.name}</b> {role.description ? `— ${role.description}` : ''}
        <FindMatchesButton role={role} />
      </div>
      <div className="board">
        {SHORTLIST_STATUSES.map((status) => {
          const entries = (list.data ?? []).filter((e) => e.status === status);
          return (
            <section
              key={status}
              className={`lane${over === status ? ' over' : ''}`}
              aria-label={`${SHORTLIST_STATUS_LABELS[status]} (${entries.length})`}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(status);
              }}
              onDragLeave={() => setOver(null)}
              onDrop={onDrop(status)}
            >
              <h3>
                {SHORTLIST_STATUS_LABELS[status]} <span>{entries.length}</span>
              </h3>
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {entries.map((e) => (
                  <li
                    key={e.id}
                    className="entry"
                    draggable
                    onDragStart={(ev) => ev.dataTransfer.setData('application/x-castmatch-entry', e.id)}
                    aria-label={displayName(e.talent)}
                  >
                    <div className="name">{displayName(e.talent)}</div>
                    <div style={{ fontSize: 12, color: 'var(--muted)' }}>
                      {[ageRange(e.talent), e.talent.city].filter(Boolean).join(' · ')}
                    </div>
                    <select
                      className="input"
                      aria-label={`Status of ${displayName(e.talent)}`}
                      value={e.status}
                      onChange={(ev) => void move(e.id, ev.target.value as ShortlistStatus)}
                    >
                      {SHORTLIST_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {SHORTLIST_STATUS_LABELS[s]}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className="btn small"
                      style={{ marginTop: 4 }}
                      aria-label={`Remove ${displayName(e.talent)} from the shortlist`}
                      onClick={() => void remove(e)}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
