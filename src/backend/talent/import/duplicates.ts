// Finding the same person twice: same phone (last 10 digits), same email, or same name (or a kept alias) and
// date of birth — against the office's database and within the file being imported.
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

export const REASONS = ['same phone number', 'same email', 'same name and date of birth'] as const;
export type DuplicateReason = (typeof REASONS)[number];

/** An earlier row of the file being imported; `id` is its profile's, once the row has been written. */
export interface RowRef {
  row: number;
  id: string | null;
}
/** A profile already in the office (its id), or an earlier row of the same file. */
export type DuplicateRef = string | RowRef;

export interface DuplicateIndex {
  /** The existing profile (or earlier row) with any of these keys, with the reason, or null. */
  find(keys: DuplicateKeys): { existing: DuplicateRef; reason: DuplicateReason } | null;
  add(keys: DuplicateKeys, ref: DuplicateRef): void;
}

/**
 * The office's profiles by each duplicate key (phone, email, name and date of birth; the other spellings a
 * merge kept count with the date of birth), the first by rowid winning; `exclude` leaves some out (the people
 * an upload brought, checked against the rest: sync/first-join.ts).
 */
export function buildDuplicateIndex(db: AppDatabase, exclude?: ReadonlySet<string>): DuplicateIndex {
  const seen = [
    new Map<string, DuplicateRef>(),
    new Map<string, DuplicateRef>(),
    new Map<string, DuplicateRef>(),
  ] as const;
  const add = (keys: DuplicateKeys, ref: DuplicateRef) => {
    keys.forEach((k, i) => {
      if (k && !seen[i]!.has(k)) seen[i]!.set(k, ref);
    });
  };
  const rows = db.sqlite
    .prepare(
      'SELECT full_name, phone, email, date_of_birth, aliases, id FROM talent WHERE deleted_at IS NULL ORDER BY rowid',
    )
    .all() as {
    id: string;
    full_name: string;
    phone: string | null;
    email: string | null;
    date_of_birth: string | null;
    aliases: string | null;
  }[];
  for (const r of rows) {
    if (exclude?.has(r.id)) continue;
    add(
      duplicateKeys({ fullName: r.full_name, phone: r.phone, email: r.email, dateOfBirth: r.date_of_birth }),
      r.id,
    );
    // A spelling kept by an earlier merge is the same person too (with the same date of birth).
    if (r.aliases && r.date_of_birth)
      for (const alias of r.aliases.split('\n'))
        if (alias.trim()) add([null, null, `${foldName(alias)}|${r.date_of_birth}`], r.id);
  }
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

const SHORT_REASONS: Record<string, string> = {
  'same phone number': 'same phone',
  'same email': 'same email',
  'same name and date of birth': 'same name and date of birth',
};

const nameWords = (s: string) =>
  foldName(s)
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .split(' ')
    .filter(Boolean);

/** Edit distance (two rows of the table; names are short). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Whether two different names are spellings of one (Bhatia / Bhatiya, P. Sharma / Priya Sharma) rather than
 * two names: they share a word of three letters or more, or differ in under a third of their letters.
 */
export function similarNames(a: string, b: string): boolean {
  const wa = nameWords(a);
  const wb = new Set(nameWords(b));
  if (wa.some((w) => w.length >= 3 && wb.has(w))) return true;
  const ja = wa.join(' ');
  const jb = [...wb].join(' ');
  return distance(ja, jb) <= Math.max(ja.length, jb.length) / 3;
}

/** The line a person reads: "same phone, different spelling: Meher Bhatia / Meher Bhatiya". */
export function describeDuplicate(reason: string, existingName: string, incomingName: string): string {
  const why = SHORT_REASONS[reason] ?? reason;
  if (nameWords(existingName).join(' ') === nameWords(incomingName).join(' ')) {
    return reason === 'same name and date of birth'
      ? `${why}: ${existingName}`
      : `${why}, same name: ${existingName}`;
  }
  const how = similarNames(existingName, incomingName) ? 'different spelling' : 'different name';
  return `${why}, ${how}: ${existingName} / ${incomingName}`;
}
