// The offline role breakdown: a draft from the script analysis alone (no API key needed). Age and gender
// come from the analysis's hints (the character's intro, "PRIYA (28)", pronouns); importance from how much
// the character speaks and in how many scenes, against the rest of the cast; key scenes are where they
// speak most; audition lines are their longest speeches in different scenes.
import type { Importance, RoleBreakdown } from '../../shared/breakdown.ts';
import { AppError } from '../../shared/errors.ts';
import { type ScriptAnalysis, scriptAnalysisSchema } from '../../shared/script.ts';
import type { AppDatabase } from '../store/db.ts';

const KEY_SCENES = 4;
const AUDITION_LINES = 3;
/** A speech worth reading at an audition: long enough to act, short enough to learn on the day. */
const AUDITION_WORDS = { min: 12, max: 160 };

/** What only a reader of the script (Claude) writes: empty in the offline draft. */
const NOT_WRITTEN = { region: null, languages: [], dialects: [], look: null, personality: null, arc: null };

/** The speech of a scene to read at an audition: the longest actable one, else the longest. */
export function auditionSpeechIn<S extends { words: number; dual: boolean }>(
  speeches: readonly S[],
): S | undefined {
  const byLength = [...speeches].sort((x, y) => y.words - x.words);
  return (
    byLength.find((s) => s.words >= AUDITION_WORDS.min && s.words <= AUDITION_WORDS.max && !s.dual) ??
    byLength[0]
  );
}

const upper = (s: string) => s.normalize('NFC').trim().toUpperCase().replace(/\s+/g, ' ');

/**
 * Lead, supporting, featured, day player. Shares are of the script's scenes and of the busiest character's
 * speeches, so a two-hander and an ensemble are both read right.
 */
export function importanceOf(
  c: { speeches: number; scenes: number },
  cast: { maxSpeeches: number; totalScenes: number; rank: number },
): { importance: Importance; why: string } {
  const sceneShare = cast.totalScenes ? c.scenes / cast.totalScenes : 0;
  const speechShare = cast.maxSpeeches ? c.speeches / cast.maxSpeeches : 0;
  const why = `${c.speeches} speeches (${Math.round(speechShare * 100)}% of the busiest part) in ${c.scenes} of ${cast.totalScenes} scenes`;
  let importance: Importance;
  if (sceneShare >= 0.25 || (cast.rank <= 2 && speechShare >= 0.5)) importance = 'lead';
  else if (sceneShare >= 0.08 || speechShare >= 0.2) importance = 'supporting';
  else if (c.scenes >= 2 || c.speeches >= 4) importance = 'featured';
  else importance = 'day_player';
  return { importance, why };
}

/** Speech text, when the analysis carries it (newer analyses may); tolerant of its absence. */
function speechText(s: object): string | null {
  const t = (s as { text?: unknown }).text;
  return typeof t === 'string' && t.trim() ? t.trim() : null;
}

export function draftBreakdown(analysis: ScriptAnalysis, character: string): RoleBreakdown {
  const want = upper(character);
  const c = analysis.characters.find(
    (x) => upper(x.name) === want || x.aliases.some((a) => upper(a) === want),
  );
  const sceneByIndex = new Map(analysis.scenes.map((s) => [s.index, s]));
  if (!c) {
    const silent = analysis.silent.find((x) => upper(x.name) === want);
    if (!silent) {
      const names = analysis.characters.slice(0, 20).map((x) => x.name);
      throw new AppError(
        'NOT_FOUND',
        `No character "${character}" in this script. Characters: ${names.join(', ')}`,
      );
    }
    const scene = sceneByIndex.get(silent.scene);
    return {
      character: silent.name,
      draft: true,
      source: 'heuristic',
      ageMin: silent.age?.min ?? null,
      ageMax: silent.age?.max ?? null,
      ageCue: silent.age?.text ?? null,
      gender: silent.gender?.value ?? null,
      genderCue: silent.gender?.cue ?? null,
      importance: 'day_player',
      importanceWhy: 'Never speaks; introduced in the action only',
      speeches: 0,
      words: 0,
      scenes: 1,
      firstPage: silent.page,
      intro: silent.intro,
      keyScenes: scene
        ? [
            {
              index: scene.index,
              number: scene.number,
              heading: scene.heading,
              page: scene.page,
              speeches: 0,
            },
          ]
        : [],
      auditionLines: [],
      ...NOT_WRITTEN,
      inferred: ['importance', ...(silent.gender ? (['gender'] as const) : [])],
    };
  }
  const rank = analysis.characters.indexOf(c) + 1;
  const maxSpeeches = Math.max(0, ...analysis.characters.map((x) => x.speeches));
  const { importance, why } = importanceOf(
    { speeches: c.speeches, scenes: c.scenes.length },
    { maxSpeeches, totalScenes: analysis.scenes.length, rank },
  );
  const speeches = analysis.speeches.filter((s) => s.character === c.name);
  const perScene = new Map<number, number>();
  for (const s of speeches) perScene.set(s.scene, (perScene.get(s.scene) ?? 0) + 1);
  const keyScenes = [...perScene.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, KEY_SCENES)
    .flatMap(([index, n]) => {
      const s = sceneByIndex.get(index);
      return s ? [{ index, number: s.number, heading: s.heading, page: s.page, speeches: n }] : [];
    })
    .sort((a, b) => a.index - b.index);
  // Longest actable speeches first, one per scene, shown in script order; a part of only short lines
  // offers its longest ones.
  const actable = speeches.filter(
    (s) => s.words >= AUDITION_WORDS.min && s.words <= AUDITION_WORDS.max && !s.dual,
  );
  const pool = actable.length >= 2 ? actable : speeches.filter((s) => s.words > 0);
  const usedScenes = new Set<number>();
  const picked: typeof speeches = [];
  for (const s of [...pool].sort((a, b) => b.words - a.words || a.page - b.page)) {
    if (usedScenes.has(s.scene)) continue;
    usedScenes.add(s.scene);
    picked.push(s);
    if (picked.length === AUDITION_LINES) break;
  }
  const auditionLines = picked
    .sort((a, b) => a.page - b.page || a.scene - b.scene)
    .map((s) => ({ scene: s.scene, page: s.page, cue: s.cue, words: s.words, text: speechText(s) }));
  return {
    character: c.name,
    draft: true,
    source: 'heuristic',
    ageMin: c.age?.min ?? null,
    ageMax: c.age?.max ?? null,
    ageCue: c.age?.text ?? null,
    gender: c.gender?.value ?? null,
    genderCue: c.gender?.cue ?? null,
    importance,
    importanceWhy: why,
    speeches: c.speeches,
    words: c.words,
    scenes: c.scenes.length,
    firstPage: c.firstPage,
    intro: c.intro,
    keyScenes,
    auditionLines,
    ...NOT_WRITTEN,
    // Gender is read from pronouns and words around the name, not stated: always an inference.
    inferred: ['importance', ...(c.gender ? (['gender'] as const) : [])],
  };
}

/** The draft for a stored script's character. */
export function draftBreakdownFor(db: AppDatabase, scriptId: string, character: string): RoleBreakdown {
  const row = db.sqlite
    .prepare('SELECT analysis FROM script WHERE id = ? AND deleted_at IS NULL')
    .get(scriptId) as { analysis: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That script does not exist.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.analysis);
  } catch {
    parsed = null;
  }
  const r = scriptAnalysisSchema.safeParse(parsed);
  if (!r.success)
    throw new AppError('SCRIPT_OUTDATED', 'This script’s analysis is in an older form: analyse it again.');
  return draftBreakdown(r.data, character);
}
