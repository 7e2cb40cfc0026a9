// Finding the same person twice: same phone (last 10 digits), same email, or same name and date of birth —
// against the office's database and within the file being imported.
import type { DuplicatePolicy } from '../../../shared/talent-import.ts';
import type { AppDatabase } from '../../store/db.ts';
import { foldName } from '../normalize.ts';
import { columnIndex, type TalentValues } from '../repo.ts';

export const phoneKey = (p: string | null | undefined) => {
  const digits = (p ?? '').replace(/\D/g, '');
  return digits.length >= 8 ? digits.slice(-10) : null;
};

/** What two profiles are compared on. */
export interface DuplicateFields {
  fullName: string;
  phone?: string | null;
  email?: string | null;
  dateOfBirth?: string | null;
}

/**
 * A profile's comparison keys, null where a field is missing. Computed where the row is validated (a
 * worker thread, for large files) so that the writing thread only looks them up.
 */
export type DuplicateKeys = [phone: string | null, email: string | null, nameAndDob: string | null];

/** Whether an import looks for duplicates at all ('create' imports every row as a new profile). */
export const looksForDuplicates = (policy: DuplicatePolicy): boolean => policy !== 'create';

export const duplicateKeys = (t: DuplicateFields): DuplicateKeys => [
  phoneKey(t.phone),
  t.email ? t.email.toLowerCase() : null,
  t.dateOfBirth ? `${foldName(t.fullName)}|${t.dateOfBirth}` : null,
];

const [FULL_NAME, PHONE, EMAIL, DOB] = (['full_name', 'phone', 'email', 'date_of_birth'] as const).map(
  columnIndex,
);

export const valuesKeys = (v: TalentValues): DuplicateKeys =>
  duplicateKeys({
    fullName: v[FULL_NAME!] as string,
    phone: v[PHONE!] as string | null,
    email: v[EMAIL!] as string | null,
    dateOfBirth: v[DOB!] as string | null,
  });

export const fullNameOf = (v: TalentValues): string => v[FULL_NAME!] as string;

const REASONS = ['same phone number', 'same email', 'same name and date of birth'] as const;

export interface DuplicateIndex {
  /** The existing profile (or earlier row, as "row:N") with any of these keys, with the reason, or null. */
  find(keys: DuplicateKeys): { existing: string; reason: string } | null;
  add(keys: DuplicateKeys, ref: string): void;
}

export function buildDuplicateIndex(db: AppDatabase): DuplicateIndex {
  const seen = [new Map<string, string>(), new Map<string, string>(), new Map<string, string>()] as const;
  const add = (keys: DuplicateKeys, ref: string) => {
    keys.forEach((k, i) => {
      if (k && !seen[i]!.has(k)) seen[i]!.set(k, ref);
    });
  };
  const rows = db.sqlite
    .prepare('SELECT full_name, phone, email, date_of_birth, id FROM talent WHERE deleted_at IS NULL')
    .all() as {
    id: string;
    full_name: string;
    phone: string | null;
    email: string | null;
    date_of_birth: string | null;
  }[];
  for (const r of rows)
    add(
      duplicateKeys({ fullName: r.full_name, phone: r.phone, email: r.email, dateOfBirth: r.date_of_birth }),
      r.id,
    );
  return {
    add,
    find(keys) {
      for (let i = 0; i < 3; i++) {
        const k = keys[i];
        const existing = k ? seen[i]!.get(k) : undefined;
        if (existing) return { existing, reason: REASONS[i]! };
      }
      return null;
    },
  };
}
