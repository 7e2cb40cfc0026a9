// Kept breakdowns per script + character, in the `setting` table (key `breakdown.saved:<scriptId>:<NAME>`,
// no migration): the generated breakdown and the person's edits side by side, so a regenerate replaces the
// first and never the second. What screens and exports read is the two merged.
import {
  type BreakdownEdits,
  breakdownEditsSchema,
  EDITABLE_FIELDS,
  type EditableField,
  type RoleBreakdown,
  roleBreakdownSchema,
  type SavedBreakdown,
} from '../../shared/breakdown.ts';
import { AppError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/validate.ts';
import type { AppDatabase } from '../store/db.ts';

const PREFIX = 'breakdown.saved:';
const keyOf = (scriptId: string, character: string) => `${PREFIX}${scriptId}:${character}`;

type Stored = { generated: RoleBreakdown; edits: BreakdownEdits; costUsd: number };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The generated breakdown with the edits over it; an edited field is no longer "inferred". */
export function mergeEdits(generated: RoleBreakdown, edits: BreakdownEdits): RoleBreakdown {
  const fields = EDITABLE_FIELDS.filter((f) => edits[f] !== undefined);
  const merged = { ...generated, ...Object.fromEntries(fields.map((f) => [f, edits[f]])) } as RoleBreakdown;
  // The person stated these: they are not guesses any more (ageMin/ageMax are the one "age" field).
  const stated = new Set<string>(fields.map((f) => (f === 'ageMin' || f === 'ageMax' ? 'age' : f)));
  merged.inferred = generated.inferred.filter((f) => !stated.has(f));
  return merged;
}

function view(scriptId: string, s: Stored, updatedAt: number): SavedBreakdown {
  return {
    scriptId,
    character: s.generated.character,
    breakdown: mergeEdits(s.generated, s.edits),
    generated: s.generated,
    edits: s.edits,
    editedFields: EDITABLE_FIELDS.filter((f) => s.edits[f] !== undefined),
    costUsd: s.costUsd,
    updatedAt,
  };
}

function parseStored(value: string): Stored | null {
  try {
    const raw = JSON.parse(value) as { generated?: unknown; edits?: unknown; costUsd?: unknown };
    const g = roleBreakdownSchema.safeParse(raw.generated);
    const e = breakdownEditsSchema.safeParse(raw.edits ?? {});
    if (!g.success || !e.success) return null;
    return { generated: g.data, edits: e.data, costUsd: typeof raw.costUsd === 'number' ? raw.costUsd : 0 };
  } catch {
    return null;
  }
}

function write(db: AppDatabase, scriptId: string, s: Stored): SavedBreakdown {
  const now = Date.now();
  db.sqlite
    .prepare(
      'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(keyOf(scriptId, s.generated.character), JSON.stringify(s), now);
  return view(scriptId, s, now);
}

export function getSavedBreakdown(
  db: AppDatabase,
  scriptId: string,
  character: string,
): SavedBreakdown | null {
  const row = db.sqlite
    .prepare('SELECT value, updated_at FROM setting WHERE key = ?')
    .get(keyOf(scriptId, character)) as { value: string; updated_at: number } | undefined;
  const s = row ? parseStored(row.value) : null;
  return s && row ? view(scriptId, s, row.updated_at) : null;
}

/** The script's kept breakdowns; the order is the caller's (cast order), else by name. */
export function listSavedBreakdowns(db: AppDatabase, scriptId: string): SavedBreakdown[] {
  const rows = db.sqlite
    .prepare('SELECT value, updated_at FROM setting WHERE key >= ? AND key < ? ORDER BY key')
    .all(`${PREFIX}${scriptId}:`, `${PREFIX}${scriptId};`) as { value: string; updated_at: number }[];
  return rows.flatMap((r) => {
    const s = parseStored(r.value);
    return s ? [view(scriptId, s, r.updated_at)] : [];
  });
}

/**
 * Keeps a newly generated breakdown under the person's edits. A draft never replaces Claude's breakdown
 * unless asked (`replaceClaude`: a regenerate in draft mode).
 */
export function saveGenerated(
  db: AppDatabase,
  scriptId: string,
  generated: RoleBreakdown,
  costUsd: number,
  opts: { replaceClaude?: boolean } = {},
): SavedBreakdown {
  const old = getSavedBreakdown(db, scriptId, generated.character);
  if (old && generated.draft && !old.generated.draft && !opts.replaceClaude) return old;
  return write(db, scriptId, { generated, edits: old?.edits ?? {}, costUsd: (old?.costUsd ?? 0) + costUsd });
}

/** The edited fields whose new generated value differs from the person's: the questions to ask. */
export function changedEdits(
  after: RoleBreakdown,
  edits: BreakdownEdits,
): Array<{ field: EditableField; mine: unknown; generated: unknown }> {
  return EDITABLE_FIELDS.filter((f) => edits[f] !== undefined && !same(edits[f], after[f])).map((f) => ({
    field: f,
    mine: edits[f],
    generated: after[f],
  }));
}

/** Sets edits and drops those in `clear`; an edit equal to the generated value is no edit. */
export function editBreakdown(
  db: AppDatabase,
  scriptId: string,
  character: string,
  set: BreakdownEdits,
  clear: readonly EditableField[],
  /** What to edit when nothing is kept yet (the offline draft): written only with a valid edit. */
  fallback?: RoleBreakdown,
): SavedBreakdown {
  const cur =
    getSavedBreakdown(db, scriptId, character) ??
    (fallback ? { generated: fallback, edits: {} as BreakdownEdits, costUsd: 0 } : null);
  if (!cur) throw new AppError('NOT_FOUND', `There is no breakdown of ${character} yet: write one first.`);
  const patch = parseOrThrow(breakdownEditsSchema, set);
  const edits: BreakdownEdits = { ...cur.edits, ...patch };
  for (const f of clear) delete edits[f];
  for (const f of EDITABLE_FIELDS)
    if (edits[f] !== undefined && same(edits[f], cur.generated[f])) delete edits[f];
  const merged = mergeEdits(cur.generated, edits);
  if (merged.ageMin != null && merged.ageMax != null && merged.ageMin > merged.ageMax)
    throw new AppError('VALIDATION', 'Age "from" must not be above "to".');
  return write(db, scriptId, { generated: cur.generated, edits, costUsd: cur.costUsd });
}
