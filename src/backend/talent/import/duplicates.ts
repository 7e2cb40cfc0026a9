// Finding the same person twice: same phone (last 10 digits), same email, or same name and date of birth —
// against the office's database and within the file being imported.
import type { TalentInputParsed } from '../../../shared/talent.ts';
import type { AppDatabase } from '../../store/db.ts';
import { foldName } from '../normalize.ts';

export const phoneKey = (p: string | null | undefined) => {
  const digits = (p ?? '').replace(/\D/g, '');
  return digits.length >= 8 ? digits.slice(-10) : null;
};
const nameDobKey = (name: string, dob: string | null | undefined) =>
  dob ? `${foldName(name)}|${dob}` : null;

export interface DuplicateIndex {
  /** The existing profile (or earlier row, as "row:N") this input duplicates, with the reason, or null. */
  find(t: TalentInputParsed): { existing: string; reason: string } | null;
  add(t: TalentInputParsed, ref: string): void;
}

export function buildDuplicateIndex(db: AppDatabase): DuplicateIndex {
  const phones = new Map<string, string>();
  const emails = new Map<string, string>();
  const namesDob = new Map<string, string>();
  const add = (
    t: { phone?: string | null; email?: string | null; fullName: string; dateOfBirth?: string | null },
    ref: string,
  ) => {
    const p = phoneKey(t.phone);
    if (p && !phones.has(p)) phones.set(p, ref);
    const e = t.email?.toLowerCase();
    if (e && !emails.has(e)) emails.set(e, ref);
    const n = nameDobKey(t.fullName, t.dateOfBirth);
    if (n && !namesDob.has(n)) namesDob.set(n, ref);
  };
  const rows = db.sqlite
    .prepare('SELECT id, full_name, phone, email, date_of_birth FROM talent WHERE deleted_at IS NULL')
    .all() as {
    id: string;
    full_name: string;
    phone: string | null;
    email: string | null;
    date_of_birth: string | null;
  }[];
  for (const r of rows)
    add({ fullName: r.full_name, phone: r.phone, email: r.email, dateOfBirth: r.date_of_birth }, r.id);
  return {
    add,
    find(t) {
      const p = phoneKey(t.phone);
      if (p && phones.has(p)) return { existing: phones.get(p)!, reason: 'same phone number' };
      const e = t.email?.toLowerCase();
      if (e && emails.has(e)) return { existing: emails.get(e)!, reason: 'same email' };
      const n = nameDobKey(t.fullName, t.dateOfBirth);
      if (n && namesDob.has(n)) return { existing: namesDob.get(n)!, reason: 'same name and date of birth' };
      return null;
    },
  };
}
