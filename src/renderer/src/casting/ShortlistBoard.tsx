import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
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
import { Avatar } from '../ui/Avatar.tsx';
import { ReadOnlyNote, useCanEdit } from '../ui/can-edit.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { DeckDialog } from './DeckDialog.tsx';
import { NoteEditor } from './NoteEditor.tsx';
import { Rating } from './Rating.tsx';
import './casting.css';

export const MAX_COMPARE = 4;
/** Drag data: a shortlist entry (moves between lanes) and its talent (drops into an audition slot). */
export const ENTRY_MIME = 'application/x-castmatch-entry';
export const TALENT_MIME = 'application/x-castmatch-talent';

export const shortlistKey = (roleId: string) => ['shortlist.get', roleId];
export function useShortlist(roleId: string) {
  return useQuery({ queryKey: shortlistKey(roleId), queryFn: () => call('shortlist.get', { roleId }) });
}

/**
 * A role's shortlist as six status lanes. Each card shows the headshot, playing age, city, a rating and a note
 * (both edited in place); drag a card between lanes, pick its status, or press Alt+←/→ on a focused card.
 */
export function ShortlistBoard({
  role,
  onOpenProfile,
  onCompare,
  onSchedule,
}: {
  role: Role;
  onOpenProfile: (talentId: string) => void;
  onCompare: (entries: ShortlistEntry[]) => void;
  onSchedule: (entry: ShortlistEntry) => void;
}) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const key = shortlistKey(role.id);
  const list = useShortlist(role.id);
  const [over, setOver] = useState<ShortlistStatus | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [announce, setAnnounce] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const [deckOpen, setDeckOpen] = useState(false);
  const cards = useRef(new Map<string, HTMLLIElement>());
  const entries = list.data ?? [];
  const { canEdit, reason: readOnlyReason } = useCanEdit(); // a viewer's board is read-only

  // After a keyboard move the card re-renders in its new lane: focus follows it.
  useEffect(() => {
    if (!focusId) return;
    const el = cards.current.get(focusId);
    if (el && document.activeElement !== el) el.focus();
    setFocusId(null);
  }, [focusId]);

  const move = async (e: ShortlistEntry, status: ShortlistStatus, beforeId: string | null = null) => {
    if (!canEdit) return refuse();
    try {
      qc.setQueryData(key, await call('shortlist.move', { entryId: e.id, status, beforeId }));
      setAnnounce(`${displayName(e.talent)} moved to ${SHORTLIST_STATUS_LABELS[status]}`);
      return true;
    } catch (err) {
      toasts.show(errorMessage(err), { kind: 'error' });
      return false;
    }
  };
  /** A viewer's change: said, not sent (the backend would refuse it too). */
  const refuse = () => {
    toasts.show(readOnlyReason ?? 'Read-only', { kind: 'error' });
    return false;
  };
  const update = async (e: ShortlistEntry, patch: { notes?: string | null; rating?: number | null }) => {
    if (!canEdit) return refuse();
    qc.setQueryData<ShortlistEntry[]>(key, (old) =>
      old?.map((x) => (x.id === e.id ? { ...x, ...patch } : x)),
    );
    try {
      await call('shortlist.update', { entryId: e.id, ...patch });
      if (patch.rating !== undefined) {
        setAnnounce(patch.rating ? `Rated ${displayName(e.talent)} ${patch.rating} of 5` : 'Rating cleared');
      }
      return true;
    } catch (err) {
      toasts.show(errorMessage(err), { kind: 'error' });
      void qc.invalidateQueries({ queryKey: key });
      return false;
    }
  };
  const remove = async (e: ShortlistEntry) => {
    if (!canEdit) return refuse();
    try {
      await call('shortlist.remove', { entryId: e.id });
      void qc.invalidateQueries({ queryKey: key });
      setPicked((p) => p.filter((id) => id !== e.id));
      toasts.show(`Removed ${displayName(e.talent)} from ${role.name}`);
    } catch (err) {
      toasts.show(errorMessage(err), { kind: 'error' });
    }
  };
  const togglePick = (e: ShortlistEntry) =>
    setPicked((p) => {
      if (p.includes(e.id)) return p.filter((id) => id !== e.id);
      if (p.length >= MAX_COMPARE) {
        toasts.show(`Compare takes up to ${MAX_COMPARE} people`, { kind: 'error' });
        return p;
      }
      return [...p, e.id];
    });
  const onDrop = (status: ShortlistStatus) => (ev: DragEvent) => {
    ev.preventDefault();
    setOver(null);
    const entry = entries.find((x) => x.id === ev.dataTransfer.getData(ENTRY_MIME));
    if (entry && entry.status !== status) void move(entry, status);
  };
  const onCardKey = (e: ShortlistEntry) => async (ev: KeyboardEvent) => {
    if (!ev.altKey || (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft')) return;
    const tag = (ev.target as HTMLElement).tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'INPUT') return;
    ev.preventDefault();
    const i = SHORTLIST_STATUSES.indexOf(e.status) + (ev.key === 'ArrowRight' ? 1 : -1);
    const status = SHORTLIST_STATUSES[i];
    if (!status) {
      setAnnounce(`${displayName(e.talent)} is already in ${SHORTLIST_STATUS_LABELS[e.status]}`);
      return;
    }
    if (await move(e, status)) setFocusId(e.id);
  };
  const pickedEntries = picked.flatMap((id) => entries.filter((e) => e.id === id));

  return (
    <div className="casting-main" style={{ overflow: 'hidden' }}>
      <div className="board-bar">
        <FindMatchesButton role={role} />
        <span>
          {entries.length} shortlisted · Alt+←/→ moves a focused card between columns · pick up to{' '}
          {MAX_COMPARE} to compare
        </span>
        <span className="spacer" style={{ flex: 1 }} />
        <button
          type="button"
          className="btn small primary"
          disabled={pickedEntries.length < 2}
          onClick={() => onCompare(pickedEntries)}
        >
          Compare{pickedEntries.length ? ` (${pickedEntries.length})` : ''}
        </button>
        <button type="button" className="btn small" onClick={() => setDeckOpen(true)}>
          Export deck…
        </button>
        {pickedEntries.length > 0 && (
          <button type="button" className="btn small" onClick={() => setPicked([])}>
            Clear picks
          </button>
        )}
      </div>
      <ReadOnlyNote />
      {deckOpen && <DeckDialog role={role} entries={entries} onClose={() => setDeckOpen(false)} />}
      <div className="sr-only" role="status" aria-live="polite">
        {announce}
      </div>
      {list.error && <p role="alert">{errorMessage(list.error)}</p>}
      <div className="board">
        {SHORTLIST_STATUSES.map((status) => {
          const lane = entries.filter((e) => e.status === status);
          return (
            <section
              key={status}
              className={`lane${over === status ? ' over' : ''}`}
              aria-label={`${SHORTLIST_STATUS_LABELS[status]} (${lane.length})`}
              onDragOver={(e) => {
                if (!e.dataTransfer.types.includes(ENTRY_MIME)) return;
                e.preventDefault();
                setOver(status);
              }}
              onDragLeave={() => setOver(null)}
              onDrop={onDrop(status)}
            >
              <h3>
                {SHORTLIST_STATUS_LABELS[status]} <span>{lane.length}</span>
              </h3>
              <ul aria-label={SHORTLIST_STATUS_LABELS[status]}>
                {lane.map((e) => {
                  const name = displayName(e.talent);
                  const isPicked = picked.includes(e.id);
                  return (
                    <li
                      key={e.id}
                      ref={(el) => {
                        if (el) cards.current.set(e.id, el);
                        else cards.current.delete(e.id);
                      }}
                      className="entry"
                      // biome-ignore lint/a11y/noNoninteractiveTabindex: a card is a keyboard target (Alt+arrows move it)
                      tabIndex={0}
                      draggable={canEdit}
                      aria-label={`${name}, ${SHORTLIST_STATUS_LABELS[e.status]}${e.rating ? `, rated ${e.rating} of 5` : ''}`}
                      aria-describedby={`${e.id}-hint`}
                      onKeyDown={onCardKey(e)}
                      onDragStart={(ev) => {
                        ev.dataTransfer.setData(ENTRY_MIME, e.id);
                        ev.dataTransfer.setData(TALENT_MIME, e.talent.id);
                        ev.dataTransfer.effectAllowed = 'move';
                      }}
                    >
                      <span id={`${e.id}-hint`} hidden>
                        Alt+Left and Alt+Right move this card between columns
                      </span>
                      <Avatar name={name} sha={e.talent.primaryHeadshot} />
                      <div className="who">
                        <button
                          type="button"
                          className="name-link"
                          aria-label={`Open profile of ${name}`}
                          onClick={() => onOpenProfile(e.talent.id)}
                        >
                          {name}
                        </button>
                        <div className="facts-line">
                          {[ageRange(e.talent) && `${ageRange(e.talent)} yrs`, e.talent.city]
                            .filter(Boolean)
                            .join(' · ') || '—'}
                        </div>
                      </div>
                      <div className="wide">
                        <Rating
                          value={e.rating}
                          label={`Rating of ${name}`}
                          onChange={(rating) => void update(e, { rating })}
                        />
                      </div>
                      <div className="wide">
                        <NoteEditor
                          value={e.notes}
                          label={`Note on ${name}`}
                          onSave={(notes) => update(e, { notes })}
                        />
                      </div>
                      <div className="wide">
                        <select
                          className="input"
                          aria-label={`Status of ${name}`}
                          disabled={!canEdit}
                          title={readOnlyReason ?? undefined}
                          value={e.status}
                          onChange={(ev) => void move(e, ev.target.value as ShortlistStatus)}
                        >
                          {SHORTLIST_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {SHORTLIST_STATUS_LABELS[s]}
                            </option>
                          ))}
                        </select>
                      </div>
                      <label className="wide pick">
                        <input
                          type="checkbox"
                          checked={isPicked}
                          onChange={() => togglePick(e)}
                          aria-label={`Pick ${name} to compare`}
                        />
                        Compare
                      </label>
                      <div className="wide row">
                        <button
                          type="button"
                          className="btn small"
                          aria-label={`Schedule an audition for ${name}`}
                          disabled={!canEdit}
                          onClick={() => onSchedule(e)}
                        >
                          Schedule…
                        </button>
                        <button
                          type="button"
                          className="btn small"
                          aria-label={`Remove ${name} from the shortlist`}
                          title={readOnlyReason ?? 'Remove from the shortlist'}
                          disabled={!canEdit}
                          onClick={() => void remove(e)}
                        >
                          ×
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
