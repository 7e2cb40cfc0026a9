// Duplicates a person decides. An import that meets someone already in the office (or an earlier row of the same
// file) under the default policy writes no profile for the row: it keeps the row, validated, as a candidate in
// import_duplicate (local working state, never synced). The review lists both records side by side; each
// decision — keep both, merge, skip — is one transaction, and deciding a candidate again answers the first
// decision without changing anything.
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { AppError, isAppError } from '../../../shared/errors.ts';
import {
  AVAILABILITY_LABELS,
  FLUENCY_LABELS,
  GENDER_LABELS,
  type Talent,
  type TalentInputParsed,
} from '../../../shared/talent.ts';
import type {
  DuplicateAction,
  DuplicateCandidate,
  DuplicateField,
  ListDuplicatesResult,
} from '../../../shared/talent-import.ts';
import type { AppDatabase } from '../../store/db.ts';
import { uuidv7Batch } from '../../store/ids.ts';
import { insertTalentRows, parseTalentInput, rowToTalent, type TalentRow } from '../repo.ts';
import { describeDuplicate } from './duplicates.ts';
import { type IncomingProfile, mergeIntoProfile } from './merge.ts';

/** A duplicate row as the import found it. */
export interface PendingDuplicate {
  row: number;
  incoming: IncomingProfile;
  matchId: string;
  /** The earlier row of the same file the matched profile was made from, if it was. */
  matchRow: number | null;
  reason: string;
  /** Already decided by the import's policy (merge): kept so that the report lists it like the others. */
  merged?: { previous: Talent };
}

/** Writes an import's duplicate candidates, inside the import's own transaction. */
export class PendingDuplicates {
  private readonly insert: Statement;
  private readonly jobId: string;
  private readonly fileName: string | null;
  private readonly now: number;

  constructor(db: AppDatabase, jobId: string, fileName: string | null, now = Date.now()) {
    this.insert = db.sqlite.prepare(
      `INSERT INTO import_duplicate (id, job_id, file_name, row_number, incoming, match_id, match_row, reason,
         created_at, resolved_at, resolution, result_id, previous)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.jobId = jobId;
    this.fileName = fileName;
    this.now = now;
  }

  add(rows: readonly PendingDuplicate[]): void {
    if (rows.length === 0) return;
    const ids = uuidv7Batch(rows.length, this.now);
    rows.forEach((d, i) => {
      this.insert.run(
        ids[i]!,
        this.jobId,
        this.fileName,
        d.row,
        JSON.stringify(d.incoming),
        d.matchId,
        d.matchRow,
        d.reason,
        this.now,
        d.merged ? this.now : null,
        d.merged ? 'merge' : null,
        d.merged ? d.matchId : null,
        d.merged ? JSON.stringify(d.merged.previous) : null,
      );
    });
  }
}

interface CandidateRow {
  id: string;
  job_id: string;
  file_name: string | null;
  row_number: number;
  incoming: string;
  match_id: string;
  match_row: number | null;
  reason: string;
  created_at: number;
  resolved_at: number | null;
  resolution: DuplicateAction | null;
  result_id: string | null;
}

type Profile = TalentInputParsed | Talent;
const text = (v: string | number | null | undefined) => (v == null ? '' : String(v));
const list = (v: readonly string[]) => v.join(', ');

/** The side-by-side lines, in the profile form's order; a field is shown when either record has it. */
const FIELDS: [field: string, label: string, show: (p: Profile) => string][] = [
  ['fullName', 'Name', (p) => p.fullName],
  ['aliases', 'Other spellings', (p) => list(('aliases' in p && p.aliases) || [])],
  ['nativeName', 'Name (native script)', (p) => text(p.nativeName)],
  ['stageName', 'Stage name', (p) => text(p.stageName)],
  ['gender', 'Gender', (p) => (p.gender ? GENDER_LABELS[p.gender] : '')],
  ['dateOfBirth', 'Date of birth', (p) => text(p.dateOfBirth)],
  [
    'playingAge',
    'Playing age',
    (p) =>
      p.playingAgeMin == null && p.playingAgeMax == null
        ? ''
        : `${p.playingAgeMin ?? p.playingAgeMax}–${p.playingAgeMax ?? p.playingAgeMin}`,
  ],
  ['heightCm', 'Height', (p) => (p.heightCm == null ? '' : `${p.heightCm} cm`)],
  ['build', 'Build', (p) => text(p.build)],
  [
    'languages',
    'Languages',
    (p) => p.languages.map((l) => `${l.language} (${FLUENCY_LABELS[l.fluency] ?? l.fluency})`).join(', '),
  ],
  ['dialects', 'Dialects / accents', (p) => list(p.dialects)],
  ['skills', 'Skills', (p) => list(p.skills)],
  ['city', 'City', (p) => text(p.city)],
  ['homeState', 'Home state', (p) => text(p.homeState)],
  ['phone', 'Phone', (p) => text(p.phone)],
  ['email', 'Email', (p) => text(p.email)],
  ['agency', 'Agency', (p) => text(p.agency)],
  ['agentName', 'Agent', (p) => text(p.agentName)],
  ['agentPhone', 'Agent phone', (p) => text(p.agentPhone)],
  ['agentEmail', 'Agent email', (p) => text(p.agentEmail)],
  ['unionName', 'Union', (p) => text(p.unionName)],
  ['unionNumber', 'Union number', (p) => text(p.unionNumber)],
  ['showreelUrl', 'Showreel', (p) => text(p.showreelUrl)],
  ['links', 'Links', (p) => list(p.links.map((l) => l.url))],
  ['tags', 'Tags', (p) => list(p.tags)],
  ['rating', 'Rating', (p) => text(p.rating)],
  [
    'availability',
    'Availability',
    (p) => (p.availability && p.availability !== 'unknown' ? AVAILABILITY_LABELS[p.availability] : ''),
  ],
  ['notes', 'Notes', (p) => text(p.notes)],
];

function sideBySide(existing: Talent | null, incoming: TalentInputParsed): DuplicateField[] {
  const out: DuplicateField[] = [];
  for (const [field, label, show] of FIELDS) {
    const a = existing ? show(existing) : '';
    const b = show(incoming);
    if (a || b) out.push({ field, label, existing: a, incoming: b, differs: a !== b });
  }
  return out;
}

const liveProfile = (sqlite: Database.Database) =>
  sqlite.prepare('SELECT * FROM talent WHERE id = ? AND deleted_at IS NULL');

function toCandidate(r: CandidateRow, existing: Talent | null): DuplicateCandidate {
  const incoming = JSON.parse(r.incoming) as TalentInputParsed;
  const existingName = existing?.fullName ?? null;
  return {
    id: r.id,
    jobId: r.job_id,
    fileName: r.file_name,
    row: r.row_number,
    reason: r.reason,
    summary: existingName
      ? describeDuplicate(r.reason, existingName, incoming.fullName)
      : `${r.reason}: the matching profile was deleted since`,
    incomingName: incoming.fullName,
    existingId: r.match_id,
    existingName,
    matchRow: r.match_row,
    fields: sideBySide(existing, incoming),
    createdAt: r.created_at,
    resolution: r.resolution,
    resultId: r.result_id,
  };
}

/** Candidates, oldest first (an import's in row order), with both records side by side. */
export function listDuplicates(
  db: AppDatabase,
  q: { jobId?: string | undefined; includeResolved: boolean; limit: number },
): ListDuplicatesResult {
  const sqlite = db.sqlite;
  const where = `(@jobId IS NULL OR job_id = @jobId)`;
  const params = { jobId: q.jobId ?? null };
  const rows = sqlite
    .prepare(
      `SELECT * FROM import_duplicate WHERE ${where} ${q.includeResolved ? '' : 'AND resolved_at IS NULL'}
       ORDER BY created_at, job_id, row_number LIMIT @limit`,
    )
    .all({ ...params, limit: q.limit }) as CandidateRow[];
  const pending = (
    sqlite
      .prepare(`SELECT count(*) AS n FROM import_duplicate WHERE ${where} AND resolved_at IS NULL`)
      .get(params) as { n: number }
  ).n;
  const profile = liveProfile(sqlite);
  const items = rows.map((r) => {
    const t = profile.get(r.match_id) as TalentRow | undefined;
    return toCandidate(r, t ? rowToTalent(t) : null);
  });
  return { items, pending };
}

export interface Resolution {
  id: string;
  action: DuplicateAction;
  talentId: string | null;
  /** Why nothing changed for this candidate; null when the decision stands. */
  error: string | null;
}

function resolveOne(db: AppDatabase, id: string, action: DuplicateAction): Resolution & { changed: boolean } {
  const sqlite = db.sqlite;
  return sqlite
    .transaction(() => {
      const r = sqlite.prepare('SELECT * FROM import_duplicate WHERE id = ?').get(id) as
        | CandidateRow
        | undefined;
      if (!r)
        throw new AppError('NOT_FOUND', 'There is no such duplicate to decide: it may have been cleared.');
      if (r.resolved_at != null && r.resolution)
        return { id, action: r.resolution, talentId: r.result_id, error: null, changed: false };
      const stored = JSON.parse(r.incoming) as IncomingProfile;
      const incoming = parseTalentInput(stored);
      const aliases = Array.isArray(stored.aliases)
        ? stored.aliases.filter((a): a is string => typeof a === 'string')
        : [];
      let talentId: string | null = null;
      let previous: string | null = null;
      if (action === 'keepBoth') {
        talentId = insertTalentRows(db, [incoming])[0]!;
        if (aliases.length)
          sqlite.prepare('UPDATE talent SET aliases = ? WHERE id = ?').run(aliases.join('\n'), talentId);
      } else if (action === 'merge') {
        if (!liveProfile(sqlite).get(r.match_id)) {
          throw new AppError(
            'NOT_FOUND',
            `The profile ${incoming.fullName} matched has been deleted: keep both to add this row as a new profile.`,
          );
        }
        previous = JSON.stringify(mergeIntoProfile(db, r.match_id, { ...incoming, aliases }).previous);
        talentId = r.match_id;
      }
      sqlite
        .prepare(
          'UPDATE import_duplicate SET resolved_at = ?, resolution = ?, result_id = ?, previous = ? WHERE id = ?',
        )
        .run(Date.now(), action, talentId, previous, id);
      return { id, action, talentId, error: null, changed: talentId !== null };
    })
    .immediate();
}

/**
 * Applies decisions, each in its own transaction, so one that cannot be done (a deleted profile, a merge too
 * large) leaves the others done and says why. `all` adds every candidate still to decide, of that import or,
 * without a job, of every import (the "Undecided duplicates" screen).
 */
export function resolveDuplicates(
  db: AppDatabase,
  input: {
    decisions: readonly { id: string; action: DuplicateAction }[];
    all?: { jobId?: string | undefined; action: DuplicateAction } | undefined;
  },
): { results: Resolution[]; changedIds: string[] } {
  const decisions = [...input.decisions];
  if (input.all) {
    const ids = db.sqlite
      .prepare(
        `SELECT id FROM import_duplicate WHERE (@jobId IS NULL OR job_id = @jobId) AND resolved_at IS NULL
         ORDER BY created_at, job_id, row_number`,
      )
      .all({ jobId: input.all.jobId ?? null }) as { id: string }[];
    for (const { id } of ids) decisions.push({ id, action: input.all.action });
  }
  const results: Resolution[] = [];
  const changedIds = new Set<string>();
  for (const d of decisions) {
    try {
      const { changed, ...r } = resolveOne(db, d.id, d.action);
      if (changed && r.talentId) changedIds.add(r.talentId);
      results.push(r);
    } catch (e) {
      if (!isAppError(e)) throw e;
      results.push({ id: d.id, action: d.action, talentId: null, error: e.message });
    }
  }
  return { results, changedIds: [...changedIds] };
}
