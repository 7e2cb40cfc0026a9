import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import type { Audition } from '../../../shared/casting.ts';
import { call, errorMessage } from '../api.ts';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { addMinutes, lastPlace, minutesBetween, rememberPlace, today } from './schedule-time.ts';
import './casting.css';

const LENGTHS = [15, 20, 30, 45, 60, 90, 120];

/** What to schedule: a person for a role, optionally at a slot already chosen (a drop), or an audition to move. */
export interface ScheduleRequest {
  talentId: string;
  talentName: string;
  roleId: string;
  roleName: string;
  /** 'YYYY-MM-DDTHH:MM' */
  startsAt?: string;
  audition?: Audition;
}

/**
 * Date, start, length and place for an audition. Clashes (the person elsewhere, the place taken) are checked as
 * the fields change and shown before saving; saving over a clash takes a second, explicit "Save anyway".
 */
export function ScheduleForm({ req, onClose }: { req: ScheduleRequest; onClose: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const toasts = useToasts();
  const a = req.audition;
  const initial = a?.startsAt ?? req.startsAt ?? `${today()}T10:00`;
  const [day, setDay] = useState(initial.slice(0, 10));
  const [start, setStart] = useState(initial.slice(11, 16));
  const [length, setLength] = useState(a ? minutesBetween(a.startsAt, a.endsAt) : 30);
  const [place, setPlace] = useState(a?.place ?? lastPlace());
  const [notes, setNotes] = useState(a?.notes ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day) && /^\d{2}:\d{2}$/.test(start) && place.trim() !== '';
  const startsAt = `${day}T${start}`;
  const endsAt = valid ? addMinutes(startsAt, length) : '';
  // Debounced: the check runs when typing pauses, not on every key.
  const [probe, setProbe] = useState<{ startsAt: string; endsAt: string; place: string } | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setProbe(valid ? { startsAt, endsAt, place: place.trim() } : null), 200);
    return () => clearTimeout(t);
  }, [valid, startsAt, endsAt, place]);
  const clashes = useQuery({
    queryKey: ['auditions.clashes', req.talentId, a?.id ?? null, probe],
    queryFn: () => call('auditions.clashes', { id: a?.id ?? null, talentId: req.talentId, ...probe! }),
    enabled: probe !== null,
  });
  const found = probe?.startsAt === startsAt && probe.place === place.trim() ? (clashes.data ?? []) : [];

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!valid) {
      setError(place.trim() === '' ? 'Say where the audition is.' : 'Give a date and a start time.');
      return;
    }
    setSaving(true);
    setError(null);
    const allowClash = found.length > 0;
    try {
      if (a) {
        await call('auditions.update', {
          id: a.id,
          patch: { startsAt, endsAt, place, notes: notes || null },
          allowClash,
        });
      } else {
        await call('auditions.create', {
          roleId: req.roleId,
          talentId: req.talentId,
          startsAt,
          endsAt,
          place,
          notes: notes || null,
          allowClash,
        });
      }
      rememberPlace(place.trim());
      void qc.invalidateQueries({ queryKey: ['auditions.list'] });
      toasts.show(`${a ? 'Moved' : 'Scheduled'} ${req.talentName} · ${day} ${start} · ${place.trim()}`);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      void qc.invalidateQueries({ queryKey: ['auditions.clashes'] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal title={`${a ? 'Move audition' : 'Schedule audition'}: ${req.talentName}`} onClose={onClose}>
      <form onSubmit={submit} aria-label="Audition" noValidate>
        <p className="muted" style={{ marginTop: 0 }}>
          For the role {req.roleName}
        </p>
        <div className="form-rows">
          <label htmlFor={`${id}-day`}>
            Date
            <input
              id={`${id}-day`}
              className="input"
              type="date"
              value={day}
              onChange={(e) => setDay(e.target.value)}
              required
            />
          </label>
          <label htmlFor={`${id}-start`}>
            Start time
            <input
              id={`${id}-start`}
              className="input"
              type="time"
              step={300}
              value={start}
              onChange={(e) => setStart(e.target.value)}
              required
            />
          </label>
          <label htmlFor={`${id}-len`}>
            Length
            <select
              id={`${id}-len`}
              className="input"
              value={length}
              onChange={(e) => setLength(Number(e.target.value))}
            >
              {[...new Set([...LENGTHS, length])]
                .sort((x, y) => x - y)
                .map((m) => (
                  <option key={m} value={m}>
                    {m} minutes
                  </option>
                ))}
            </select>
          </label>
          <label htmlFor={`${id}-place`}>
            Place
            <input
              id={`${id}-place`}
              className="input"
              value={place}
              placeholder="e.g. Andheri studio 2"
              maxLength={200}
              onChange={(e) => setPlace(e.target.value)}
              required
            />
          </label>
          <label htmlFor={`${id}-notes`} className="wide">
            Notes
            <textarea
              id={`${id}-notes`}
              className="input"
              value={notes}
              maxLength={5000}
              onChange={(e) => setNotes(e.target.value)}
            />
          </label>
        </div>
        <div aria-live="polite" style={{ marginTop: '0.75rem' }}>
          {found.length > 0 && (
            <div className="clash-list" role="alert">
              <strong>Clash:</strong> this time is already taken.
              <ul>
                {found.map((c) => (
                  <li key={`${c.kind}-${c.auditionId}`}>{c.message}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions" style={{ marginTop: '0.75rem', display: 'flex', gap: '0.5rem' }}>
          <button type="submit" className="btn primary" disabled={saving}>
            {saving ? 'Saving…' : found.length > 0 ? 'Save anyway' : 'Save audition'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
