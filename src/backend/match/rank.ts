// Ranks the office's talent for a role. Hard filters (gender, playing-age overlap, languages with a minimum
// fluency) select the candidates with the one search's own SQL (talent/search.ts planSearch), so the Talent
// screen with the same filters shows the same people. Every candidate is then scored on the soft criteria
// set-based: one statement per criterion over lookup tables (talent_skill, talent_fts bm25, shortlists),
// the rest from talent_filter's narrow rows. A score is the sum of its reasons' points, so the chips a
// person reads add up to the number the list is sorted by.
import {
  AVAILABILITY_SCORE,
  MATCH_CRITERIA,
  type MatchBrief,
  type MatchCandidate,
  type MatchCriterion,
  type MatchRankInput,
  type MatchReason,
  type MatchResult,
  matchRankInputSchema,
} from '../../shared/match.ts';
import { AVAILABILITY_LABELS, type TalentFilters } from '../../shared/talent.ts';
import { parseOrThrow } from '../../shared/validate.ts';
import { getRole } from '../casting/repo.ts';
import type { AppDatabase } from '../store/db.ts';
import { CARD_COLUMNS, type CardRow, toCard } from '../talent/cards.ts';
import { planSearch } from '../talent/search.ts';
import { hardFilters, loadBrief, type RoleBrief } from './brief.ts';
import { ftsAnyOf, keywordsOf } from './keywords.ts';
import { allSpellings, foldValue } from './vocabulary.ts';

type Row = {
  rid: number;
  sort_name: string;
  height_cm: number | null;
  city: string | null;
  availability: keyof typeof AVAILABILITY_SCORE;
};

/** Each criterion's fraction (0–1) for one candidate, and what to say about it. */
type Judged = { fraction: number; label: string };

const HISTORY_SCORE: Record<string, number> = {
  booked: 1,
  offered: 0.8,
  callback: 0.7,
  auditioned: 0.5,
  considered: 0.3,
  passed: 0.1,
};
const HEIGHT_SLACK_CM = 5;

const json = (xs: readonly (string | number)[]) => JSON.stringify(xs);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The candidates' rowids and narrow rows: the same WHERE as the Talent screen's search for these filters. */
function candidates(db: AppDatabase, filters: TalentFilters): Row[] {
  const plan = planSearch({
    text: '',
    filters,
    sort: 'name',
    limit: Number.MAX_SAFE_INTEGER - 1,
    cursor: null,
    withTotal: true,
  });
  const cols = 'f.rowid AS rid, f.sort_name, f.height_cm, f.city, f.availability';
  if (!plan.few) return db.sqlite.prepare(`SELECT ${cols} FROM talent_filter f`).all() as Row[];
  // plan.few is the unordered "every match" statement; its LIMIT (the last parameter) is lifted.
  const params = [...plan.few.params.slice(0, -1), -1];
  return db.sqlite
    .prepare(`SELECT ${cols} FROM talent_filter f WHERE f.rowid IN (${plan.few.sql})`)
    .all(...params) as Row[];
}

export type RankOptions = { limit: number; brief: MatchBrief };

/** Ranks for a role-like brief; rankRole() reads the role and its saved brief. */
export function rankTalent(db: AppDatabase, role: RoleBrief, opts: RankOptions): MatchResult {
  const { brief, limit } = opts;
  const filters = hardFilters(role, brief);
  return db.sqlite.transaction((): MatchResult => {
    const rows = candidates(db, filters);
    const scorer = new Scorer(db, role, brief, rows);
    const scored = rows.map((r) => ({ r, score: scorer.score(r) }));
    scored.sort(
      (a, b) =>
        b.score - a.score ||
        (a.r.sort_name < b.r.sort_name ? -1 : a.r.sort_name > b.r.sort_name ? 1 : a.r.rid - b.r.rid),
    );
    const top = scored.slice(0, limit);
    const cards = new Map(
      (
        db.sqlite
          .prepare(
            `SELECT t.rowid AS rid, ${CARD_COLUMNS} FROM talent t WHERE t.rowid IN (SELECT value FROM json_each(?))`,
          )
          .all(json(top.map((s) => s.r.rid))) as Array<CardRow & { rid: number }>
      ).map((c) => [c.rid, toCard(c)]),
    );
    const onShortlist = new Set(
      (
        db.sqlite
          .prepare('SELECT talent_id AS id FROM shortlist_entry WHERE role_id = ? AND deleted_at IS NULL')
          .all(role.id) as { id: string }[]
      ).map((x) => x.id),
    );
    const matchedWords = scorer.wordsFor(top.map((s) => s.r.rid));
    const list: MatchCandidate[] = top.flatMap(({ r, score }) => {
      const talent = cards.get(r.rid);
      if (!talent) return [];
      return [
        {
          talent,
          score,
          reasons: scorer.reasons(r, matchedWords.get(r.rid) ?? []),
          shortlisted: onShortlist.has(talent.id),
        },
      ];
    });
    return {
      roleId: role.id,
      brief,
      hardFilters: {
        genders: filters.genders,
        ageMin: filters.ageMin,
        ageMax: filters.ageMax,
        languages: filters.languages,
      },
      total: rows.length,
      candidates: list,
    };
  })();
}

export function rankRole(db: AppDatabase, input: MatchRankInput): MatchResult {
  const q = parseOrThrow(matchRankInputSchema, input);
  const role = getRole(db, q.roleId);
  return rankTalent(db, role, { limit: q.limit, brief: q.brief ?? loadBrief(db, q.roleId) });
}

/**
 * Holds what the soft criteria need, read once for the whole candidate set, and judges one candidate at a
 * time. Active criteria are those the brief asks for with a weight above 0 (history and availability are
 * always asked for); points are shares of 100 in proportion to the weights.
 */
class Scorer {
  private readonly active: MatchCriterion[];
  private readonly share: Map<MatchCriterion, number>;
  private readonly skillsOf = new Map<number, string[]>();
  private readonly skills: string[];
  private readonly spellings: string[];
  private readonly dialects: string[];
  private readonly cities: Set<string>;
  private readonly extra = new Map<number, { dialects: string[]; build: string | null }>();
  private readonly bm25 = new Map<number, number>();
  private bestBm25 = 0;
  private readonly history = new Map<number, { best: string; roles: number }>();
  private readonly words: string[];

  private readonly db: AppDatabase;
  private readonly brief: MatchBrief;

  constructor(db: AppDatabase, role: RoleBrief, brief: MatchBrief, rows: readonly Row[]) {
    this.db = db;
    this.brief = brief;
    const s = db.sqlite;
    this.skills = [...new Set(brief.skills.map(foldValue))].map(
      (k) => brief.skills.find((x) => foldValue(x) === k)!,
    );
    // Every spelling the office uses ("horse riding", "Horse-riding"), looked up as stored.
    this.spellings = allSpellings(db, 'skills', this.skills);
    this.dialects = brief.dialects.map(foldValue);
    this.cities = new Set(brief.cities.map(foldValue));
    this.words = keywordsOf(brief.keywords.trim() || (role.description ?? ''));
    const asked: Record<MatchCriterion, boolean> = {
      skills: this.skills.length > 0,
      dialects: this.dialects.length > 0,
      city: this.cities.size > 0,
      height: brief.heightMin != null || brief.heightMax != null,
      build: !!brief.build?.trim(),
      text: this.words.length > 0,
      history: true,
      availability: true,
    };
    this.active = MATCH_CRITERIA.filter((c) => asked[c] && brief.weights[c] > 0);
    const total = this.active.reduce((n, c) => n + brief.weights[c], 0);
    this.share = new Map(this.active.map((c) => [c, (100 * brief.weights[c]) / total]));
    const on = (c: MatchCriterion) => this.share.has(c);

    if (on('skills')) {
      // A literal IN list lets SQLite seek the primary key once per skill (json_each here costs 2–3×).
      const q = s.prepare(
        `SELECT talent_rowid AS rid, skill FROM talent_skill WHERE skill IN (${this.spellings.map(() => '?').join(', ')})`,
      );
      const folded = new Map(this.spellings.map((x) => [x, foldValue(x)]));
      const isCandidate = new Set(rows.map((x) => x.rid));
      for (const { rid, skill: stored } of q.all(...this.spellings) as { rid: number; skill: string }[]) {
        if (!isCandidate.has(rid)) continue;
        const skill = folded.get(stored) ?? stored;
        const list = this.skillsOf.get(rid);
        if (list) list.push(skill);
        else this.skillsOf.set(rid, [skill]);
      }
    }
    if (on('dialects') || on('build')) {
      // Dialects and build live only on the wide talent row: read for the candidates alone.
      const q = s.prepare(
        'SELECT rowid AS rid, dialects, build FROM talent WHERE rowid IN (SELECT value FROM json_each(?))',
      );
      for (const r of q.all(json(rows.map((x) => x.rid))) as {
        rid: number;
        dialects: string;
        build: string | null;
      }[]) {
        this.extra.set(r.rid, {
          dialects: (JSON.parse(r.dialects) as string[]).map(foldValue),
          build: r.build,
        });
      }
    }
    if (on('text')) {
      const fts = ftsAnyOf(this.words);
      const q = s.prepare(
        'SELECT rowid AS rid, bm25(talent_fts) AS s FROM talent_fts WHERE talent_fts MATCH ?',
      );
      for (const { rid, s: score } of q.all(fts) as { rid: number; s: number }[]) {
        // bm25 is negative, better when lower: kept as a positive relevance.
        const v = -score;
        this.bm25.set(rid, v);
      }
      for (const r of rows) this.bestBm25 = Math.max(this.bestBm25, this.bm25.get(r.rid) ?? 0);
    }
    if (on('history')) {
      const q = s.prepare(
        `SELECT t.rowid AS rid, s.status, count(DISTINCT s.role_id) AS roles FROM shortlist_entry s
         JOIN talent t ON t.id = s.talent_id WHERE s.deleted_at IS NULL AND s.role_id != ? GROUP BY t.rowid, s.status`,
      );
      for (const r of q.all(role.id) as { rid: number; status: string; roles: number }[]) {
        const h = this.history.get(r.rid);
        if (!h) this.history.set(r.rid, { best: r.status, roles: r.roles });
        else {
          h.roles += r.roles;
          if ((HISTORY_SCORE[r.status] ?? 0) > (HISTORY_SCORE[h.best] ?? 0)) h.best = r.status;
        }
      }
    }
  }

  private judge(c: MatchCriterion, r: Row, words: readonly string[] | null): Judged {
    const b = this.brief;
    switch (c) {
      case 'skills': {
        const has = new Set(this.skillsOf.get(r.rid) ?? []);
        const marks = this.skills.map((k) => `${k} ${has.has(foldValue(k)) ? '✓' : '✗'}`);
        return {
          fraction: this.skills.filter((k) => has.has(foldValue(k))).length / this.skills.length,
          label: marks.join(', '),
        };
      }
      case 'dialects': {
        const has = new Set(this.extra.get(r.rid)?.dialects ?? []);
        const hit = b.dialects.filter((d) => has.has(foldValue(d)));
        return {
          fraction: hit.length / b.dialects.length,
          label: b.dialects.map((d) => `${d} ${has.has(foldValue(d)) ? '✓' : '✗'}`).join(', '),
        };
      }
      case 'city': {
        const ok = r.city != null && this.cities.has(foldValue(r.city));
        return {
          fraction: ok ? 1 : 0,
          label: r.city ? `${r.city}${ok ? '' : ` (not ${b.cities.join(' / ')})`}` : 'City unknown',
        };
      }
      case 'height': {
        const h = r.height_cm;
        if (h == null) return { fraction: 0, label: 'Height unknown' };
        const lo = b.heightMin ?? -Infinity;
        const hi = b.heightMax ?? Infinity;
        const off = h < lo ? lo - h : h > hi ? h - hi : 0;
        const fraction = off === 0 ? 1 : off <= HEIGHT_SLACK_CM ? 0.5 : 0;
        return { fraction, label: `${h} cm${off === 0 ? '' : ` (${off} cm ${h < lo ? 'short' : 'tall'})`}` };
      }
      case 'build': {
        const want = foldValue(b.build ?? '');
        const has = this.extra.get(r.rid)?.build ?? null;
        const ok = has != null && (foldValue(has).includes(want) || want.includes(foldValue(has)));
        return {
          fraction: ok ? 1 : 0,
          label: has ? `${has}${ok ? '' : ` (not ${b.build})`}` : 'Build unknown',
        };
      }
      case 'text': {
        const v = this.bm25.get(r.rid) ?? 0;
        const fraction = this.bestBm25 > 0 ? v / this.bestBm25 : 0;
        const label =
          v === 0
            ? 'Profile does not mention the brief'
            : words?.length
              ? `Profile mentions ${words.join(', ')}`
              : 'Profile mentions the brief';
        return { fraction, label };
      }
      case 'history': {
        const h = this.history.get(r.rid);
        if (!h) return { fraction: 0, label: 'Not shortlisted before' };
        const fraction = HISTORY_SCORE[h.best] ?? 0;
        const roles = `${h.roles} other role${h.roles === 1 ? '' : 's'}`;
        return {
          fraction,
          label:
            h.best === 'booked' ? `Booked before (${roles})` : `Shortlisted before: ${h.best} (${roles})`,
        };
      }
      case 'availability':
        return {
          fraction: AVAILABILITY_SCORE[r.availability] ?? 0,
          label: AVAILABILITY_LABELS[r.availability] ?? r.availability,
        };
    }
  }

  /** The score is the sum of the rounded points of the reasons (so the two always agree). */
  score(r: Row): number {
    let total = 0;
    for (const c of this.active) total += round1(this.share.get(c)! * this.judge(c, r, null).fraction);
    return round1(total);
  }

  reasons(r: Row, words: readonly string[]): MatchReason[] {
    return this.active.map((c) => {
      const j = this.judge(c, r, c === 'text' ? words : null);
      const maxPoints = round1(this.share.get(c)!);
      return {
        criterion: c,
        status: j.fraction >= 1 ? 'matched' : j.fraction > 0 ? 'partial' : 'missed',
        label: j.label,
        points: round1(this.share.get(c)! * j.fraction),
        maxPoints,
      };
    });
  }

  /**
   * Which brief words each of these (top) candidates' profile text holds, for the chip. Read from the rows
   * and matched as the FTS query does (folded words, prefixes from four letters): one FTS query per word
   * would cost a whole doclist each.
   */
  wordsFor(rids: readonly number[]): Map<number, string[]> {
    const out = new Map<number, string[]>();
    if (!this.share.has('text') || rids.length === 0) return out;
    const rows = this.db.sqlite
      .prepare(
        "SELECT rowid AS rid, skills, tags, coalesce(notes, '') AS notes FROM talent WHERE rowid IN (SELECT value FROM json_each(?))",
      )
      .all(json(rids)) as { rid: number; skills: string; tags: string; notes: string }[];
    for (const r of rows) {
      const words = new Set(
        foldValue(`${r.skills} ${r.tags} ${r.notes}`).match(/[\p{L}\p{M}\p{N}]+/gu) ?? [],
      );
      const hit = this.words.filter((w) =>
        w.length >= 4 ? [...words].some((x) => x.startsWith(w)) : words.has(w),
      );
      if (hit.length) out.set(r.rid, hit);
    }
    return out;
  }
}
