import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useId, useState } from 'react';
import {
  AUDITION_STATUS_LABELS,
  AUDITION_STATUSES,
  type Audition,
  type AuditionStatus,
  type Role,
} from '../../../shared/casting.ts';
import { call, errorMessage } from '../api.ts';
import { displayName } from '../talent/format.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { downloadBase64 } from '../ui/download.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { ScheduleForm, type ScheduleRequest } from './ScheduleForm.tsx';
import { ENTRY_MIME, shortlistKey, TALENT_MIME } from './ShortlistBoard.tsx';
import { daySlots, hhmm, today } from './schedule-time.ts';
import './casting.css';

const ROLE_MIME = 'application/x-castmatch-role';

/** Ids of the day's auditions that clash with another (same person overlapping, or same place overlapping). */
function clashing(list: Audition[]): Set<string> {
  const live = list.filter((a) => a.status !== 'cancelled');
  const out = new Set<string>();
  for (const a of live) {
    for (const b of live) {
      if (a.id >= b.id || !(a.startsAt < b.endsAt && b.startsAt < a.endsAt)) continue;
      if (a.talent.id === b.talent.id || a.place.toLowerCase() === b.place.toLowerCase()) {
        out.add(a.id);
        out.add(b.id);
      }
    }
  }
  return out;
}

/**
 * A project's auditions for one day, in half-hour slots, for every role or one. Drag a shortlisted person into a
 * slot, or use their "Schedule…" button; both open the form that shows clashes before saving.
 */
export function AuditionSchedule({
  projectId,
  roles,
  initialRoleId,
  onOpenProfile,
}: {
  projectId: string;
  roles: Role[];
  initialRoleId: string | null;
  onOpenProfile: (talentId: string) => void;
}) {
  const id = useId();
  const qc = useQueryClient();
  const toasts = useToasts();
  const [day, setDay] = useState(today);
  const [roleId, setRoleId] = useState<string | null>(initialRoleId);
  const [form, setForm] = useState<ScheduleRequest | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const validDay = /^\d{4}-\d{2}-\d{2}$/.test(day);
  const list = useQuery({
    queryKey: ['auditions.list', projectId, roleId, day],
    queryFn: () => call('auditions.list', { projectId, roleId, day }),
    enabled: validDay,
  });
  const shownRoles = roles.filter((r) => !roleId || r.id === roleId);
  const shortlists = useQueries({
    queries: shownRoles.map((r) => ({
      queryKey: shortlistKey(r.id),
      queryFn: () => call('shortlist.get', { roleId: r.id }),
    })),
  });
  const auditions = list.data ?? [];
  const clashes = clashing(auditions);
  const slots = daySlots(
    day,
    auditions.map((a) => a.startsAt),
  );

  const request = (talentId: string, role: Role, startsAt?: string): ScheduleRequest | null => {
    const entry = shortlists
      .flatMap((q) => q.data ?? [])
      .find((e) => e.talent.id === talentId && e.roleId === role.id);
    if (!entry) return null;
    return {
      talentId,
      talentName: displayName(entry.talent),
      roleId: role.id,
      roleName: role.name,
      startsAt,
    };
  };
  const onDrop = (slot: string) => (ev: DragEvent) => {
    ev.preventDefault();
    setOver(null);
    const talentId = ev.dataTransfer.getData(TALENT_MIME);
    const role = roles.find((r) => r.id === (ev.dataTransfer.getData(ROLE_MIME) || roleId));
    const req = talentId && role ? request(talentId, role, slot) : null;
    if (req) setForm(req);
  };
  const setStatus = async (a: Audition, status: AuditionStatus) => {
    try {
      await call('auditions.update', { id: a.id, patch: { status }, allowClash: true });
      void qc.invalidateQueries({ queryKey: ['auditions.list'] });
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  const remove = async (a: Audition) => {
    try {
      await call('auditions.delete', { id: a.id });
      void qc.invalidateQueries({ queryKey: ['auditions.list'] });
      toasts.show(`Deleted the audition of ${displayName(a.talent)} at ${hhmm(a.startsAt)}`, {
        action: {
          label: 'Undo',
          run: () =>
            void call('auditions.restore', { id: a.id })
              .then(() => qc.invalidateQueries({ queryKey: ['auditions.list'] }))
              .catch((e: unknown) => toasts.show(errorMessage(e), { kind: 'error' })),
        },
      });
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  const exportDay = async (format: 'csv' | 'pdf') => {
    setExporting(true);
    try {
      const r = await call('auditions.export', { projectId, roleId, day, format });
      downloadBase64(r.fileName, r.mime, r.base64);
      toasts.show(`Exported ${r.rows} ${r.rows === 1 ? 'audition' : 'auditions'}`);
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="schedule">
      <section className="schedule-people" aria-label="People to schedule">
        <h3>Shortlisted</h3>
        {shownRoles.length === 0 && <p className="muted">This project has no roles yet.</p>}
        {shownRoles.map((role, i) => {
          const entries = (shortlists[i]?.data ?? []).filter((e) => e.status !== 'passed');
          return (
            <div key={role.id}>
              {!roleId && <h3>{role.name}</h3>}
              {entries.length === 0 && <p className="muted">No one shortlisted for {role.name}.</p>}
              <ul aria-label={`Shortlisted for ${role.name}`}>
                {entries.map((e) => {
                  const name = displayName(e.talent);
                  return (
                    <li
                      key={e.id}
                      className="person-chip"
                      draggable
                      onDragStart={(ev) => {
                        ev.dataTransfer.setData(TALENT_MIME, e.talent.id);
                        ev.dataTransfer.setData(ROLE_MIME, role.id);
                        ev.dataTransfer.setData(ENTRY_MIME, e.id);
                        ev.dataTransfer.effectAllowed = 'copy';
                      }}
                    >
                      <Avatar name={name} sha={e.talent.primaryHeadshot} />
                      <div style={{ minWidth: 0 }}>
                        <div>{name}</div>
                        <small>{role.name}</small>
                        <button
                          type="button"
                          className="btn small"
                          aria-label={`Schedule an audition for ${name} (${role.name})`}
                          onClick={() => setForm(request(e.talent.id, role, `${day}T10:00`))}
                        >
                          Schedule…
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </section>
      <section className="schedule-day" aria-label={`Auditions on ${day}`}>
        <div className="schedule-tools">
          <label htmlFor={`${id}-day`}>
            Day
            <input
              id={`${id}-day`}
              className="input"
              type="date"
              value={day}
              onChange={(e) => setDay(e.target.value || today())}
            />
          </label>
          <label htmlFor={`${id}-role`}>
            Role
            <select
              id={`${id}-role`}
              className="input"
              value={roleId ?? ''}
              onChange={(e) => setRoleId(e.target.value || null)}
            >
              <option value="">All roles</option>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <span style={{ flex: 1 }} />
          <button type="button" className="btn" disabled={exporting} onClick={() => void exportDay('csv')}>
            Export day as CSV
          </button>
          <button type="button" className="btn" disabled={exporting} onClick={() => void exportDay('pdf')}>
            Export day as PDF
          </button>
        </div>
        <p className="muted" role="status" style={{ margin: '0 0 0.5rem' }}>
          {list.isFetching && !list.data
            ? 'Loading…'
            : `${auditions.length} ${auditions.length === 1 ? 'audition' : 'auditions'}${clashes.size ? ` · ${clashes.size} clashing` : ''}`}
        </p>
        {list.error && <p role="alert">{errorMessage(list.error)}</p>}
        <ol className="slots" aria-label="Time slots">
          {slots.map((slot, i) => {
            const next = slots[i + 1] ?? `${day}T24:00`;
            const inSlot = auditions.filter((a) => a.startsAt >= slot && a.startsAt < next);
            return (
              <li
                key={slot}
                className={`slot${over === slot ? ' over' : ''}`}
                aria-label={`${hhmm(slot)}${inSlot.length ? `, ${inSlot.length} booked` : ''}`}
                onDragOver={(e) => {
                  if (!e.dataTransfer.types.includes(TALENT_MIME)) return;
                  e.preventDefault();
                  setOver(slot);
                }}
                onDragLeave={() => setOver(null)}
                onDrop={onDrop(slot)}
              >
                <time dateTime={slot}>{hhmm(slot)}</time>
                <div className="slot-items">
                  {inSlot.map((a) => {
                    const name = displayName(a.talent);
                    const clash = clashes.has(a.id);
                    const role = roles.find((r) => r.id === a.roleId);
                    return (
                      <article
                        key={a.id}
                        className={`audition${clash ? ' clash' : ''}${a.status === 'cancelled' ? ' cancelled' : ''}`}
                        aria-label={`${name}, ${hhmm(a.startsAt)}–${hhmm(a.endsAt)} at ${a.place}${clash ? ', clash' : ''}`}
                      >
                        <strong>
                          {hhmm(a.startsAt)}–{hhmm(a.endsAt)}
                        </strong>
                        <button
                          type="button"
                          className="name-link"
                          onClick={() => onOpenProfile(a.talent.id)}
                        >
                          {name}
                        </button>
                        <small>
                          {a.roleName} · {a.place}
                        </small>
                        {clash && <span className="field-error">Clash</span>}
                        <select
                          className="input"
                          style={{ width: 'auto' }}
                          aria-label={`Status of ${name}'s audition`}
                          value={a.status}
                          onChange={(e) => void setStatus(a, e.target.value as AuditionStatus)}
                        >
                          {AUDITION_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {AUDITION_STATUS_LABELS[s]}
                            </option>
                          ))}
                        </select>
                        {role && (
                          <button
                            type="button"
                            className="btn small"
                            aria-label={`Move ${name}'s audition`}
                            onClick={() =>
                              setForm({
                                talentId: a.talent.id,
                                talentName: name,
                                roleId: role.id,
                                roleName: role.name,
                                audition: a,
                              })
                            }
                          >
                            Move…
                          </button>
                        )}
                        <button
                          type="button"
                          className="btn small"
                          aria-label={`Delete ${name}'s audition`}
                          onClick={() => void remove(a)}
                        >
                          Delete
                        </button>
                      </article>
                    );
                  })}
                </div>
              </li>
            );
          })}
        </ol>
      </section>
      {form && (
        <ScheduleForm key={form.audition?.id ?? form.talentId} req={form} onClose={() => setForm(null)} />
      )}
    </div>
  );
}
