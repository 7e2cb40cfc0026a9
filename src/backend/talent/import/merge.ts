// Merging a duplicate into the profile it matched, field by field: the newer non-empty value wins (the incoming
// row is newer than the profile it matched, a later row of a file newer than an earlier one); lists are united;
// notes gain the lines they lack. The profile keeps its name — the one the office has searched and shortlisted
// by — and every other spelling (the row's name, a replaced native or stage name) becomes a searchable alias.
import { AppError } from '../../../shared/errors.ts';
import type { Talent, TalentInputParsed } from '../../../shared/talent.ts';
import type { AppDatabase } from '../../store/db.ts';
import { canonicalLanguage, foldName, uniqueList } from '../normalize.ts';
import { getTalent, parseTalentInput, updateTalent } from '../repo.ts';

/** The list fields and the most items a profile holds (talentInputSchema). */
const LISTS = { languages: 30, dialects: 30, skills: 60, tags: 50, links: 20 } as const;
type ListField = keyof typeof LISTS;
const LIST_LABELS: Record<ListField, string> = {
  languages: 'languages',
  dialects: 'dialects',
  skills: 'skills',
  tags: 'tags',
  links: 'links',
};
const NOTES_LIMIT = 20_000;

const isList = (k: string): k is ListField => k in LISTS;
const isEmpty = (v: unknown) => v == null || v === '';

function unite(field: ListField, existing: TalentInputParsed, incoming: TalentInputParsed): unknown[] {
  let out: unknown[];
  if (field === 'languages') {
    // One entry per language; the higher fluency of the two.
    const byName = new Map<string, { language: string; fluency: number }>();
    for (const l of [...existing.languages, ...incoming.languages]) {
      const language = canonicalLanguage(l.language);
      const prev = byName.get(language.toLowerCase());
      if (!prev || prev.fluency < l.fluency)
        byName.set(language.toLowerCase(), { language, fluency: l.fluency });
    }
    out = [...byName.values()];
  } else if (field === 'links') {
    const seen = new Set<string>();
    out = [...existing.links, ...incoming.links].filter((l) => !seen.has(l.url) && Boolean(seen.add(l.url)));
  } else out = uniqueList([...existing[field], ...incoming[field]]);
  if (out.length > LISTS[field]) {
    throw new AppError(
      'MERGE_TOO_LARGE',
      `Merged, this profile would have ${out.length} ${LIST_LABELS[field]}, more than a profile holds (${LISTS[field]}). Keep both, or trim the profile first.`,
    );
  }
  return out;
}

/** The profile's notes plus the row's lines it does not have yet (the import keeps unreadable cells there). */
function uniteNotes(existing: string | null | undefined, incoming: string | null | undefined): string | null {
  if (!incoming) return existing ?? null;
  if (!existing) return incoming;
  const have = new Set(existing.split('\n'));
  const added = incoming.split('\n').filter((l) => !have.has(l));
  const out = added.length ? [existing, ...added].join('\n') : existing;
  if (out.length > NOTES_LIMIT) {
    throw new AppError(
      'MERGE_TOO_LARGE',
      `Merged, this profile's notes would be longer than a profile holds (${NOTES_LIMIT.toLocaleString('en-IN')} characters). Keep both, or shorten the notes first.`,
    );
  }
  return out;
}

/** A row to merge: the profile input, and the other spellings its file gave (the office's own export has them). */
export type IncomingProfile = TalentInputParsed & { aliases?: string[] | undefined };

export interface MergedProfile {
  input: TalentInputParsed;
  /** Every other spelling of the name, the profile's earlier aliases first. */
  aliases: string[];
}

/** The merge of a newer row into an existing profile (pure: nothing is written). */
export function mergeProfiles(existing: Talent, incoming: IncomingProfile): MergedProfile {
  const base = parseTalentInput(existing);
  const out: Record<string, unknown> = { ...base };
  const spellings = [...(existing.aliases ?? []), incoming.fullName, ...(incoming.aliases ?? [])];
  for (const [k, v] of Object.entries(incoming)) {
    if (k === 'fullName' || k === 'aliases' || k === 'playingAgeMin' || k === 'playingAgeMax') continue;
    if (isList(k)) out[k] = unite(k, base, incoming);
    else if (k === 'notes') out[k] = uniteNotes(base.notes, incoming.notes);
    else if (k === 'availability' ? v !== 'unknown' : !isEmpty(v)) {
      const replaced = out[k];
      if ((k === 'nativeName' || k === 'stageName') && typeof replaced === 'string' && replaced)
        spellings.push(replaced);
      out[k] = v;
    }
  }
  // A playing-age range is one value: taking "from" of one and "to" of the other could make a range nobody gave.
  if (incoming.playingAgeMin != null || incoming.playingAgeMax != null) {
    out.playingAgeMin = incoming.playingAgeMin ?? null;
    out.playingAgeMax = incoming.playingAgeMax ?? null;
  }
  const input = parseTalentInput(out);
  const taken = new Set(
    [input.fullName, input.nativeName, input.stageName].filter((n): n is string => Boolean(n)).map(foldName),
  );
  const aliases: string[] = [];
  for (const s of spellings) {
    const name = s.trim();
    const key = foldName(name);
    if (name && !taken.has(key)) {
      taken.add(key);
      aliases.push(name);
    }
  }
  return { input, aliases };
}

/**
 * Merges `incoming` into profile `id` (the caller holds the transaction). Returns the profile as it was, so
 * that the values a merge replaced stay on record.
 */
export function mergeIntoProfile(
  db: AppDatabase,
  id: string,
  incoming: IncomingProfile,
): { merged: Talent; previous: Talent } {
  const previous = getTalent(db, id);
  const { input, aliases } = mergeProfiles(previous, incoming);
  updateTalent(db, id, input);
  const text = aliases.length ? aliases.join('\n') : null;
  if (text !== ((previous.aliases ?? []).join('\n') || null))
    db.sqlite.prepare('UPDATE talent SET aliases = ? WHERE id = ?').run(text, id);
  return { merged: getTalent(db, id), previous };
}
