// A role breakdown drafted from an analysed script (src/shared/script.ts): what the script says about one
// character, the figures behind its importance, key scenes and audition speeches. The offline draft is
// marked `draft` and `source: 'heuristic'`; inferred fields say so.
import { z } from 'zod';
import { GENDERS } from './talent.ts';

export const IMPORTANCE = ['lead', 'supporting', 'featured', 'day_player'] as const;
export const importanceSchema = z.enum(IMPORTANCE);
export type Importance = z.infer<typeof importanceSchema>;
export const IMPORTANCE_LABELS: Record<Importance, string> = {
  lead: 'Lead',
  supporting: 'Supporting',
  featured: 'Featured',
  day_player: 'Day player',
};

export const breakdownSceneSchema = z.object({
  index: z.number().int().min(0),
  number: z.string().nullable(),
  heading: z.string(),
  page: z.number().int().min(1),
  speeches: z.number().int().min(0),
});
export const auditionLineSchema = z.object({
  scene: z.number().int().min(0),
  page: z.number().int().min(1),
  cue: z.string(),
  words: z.number().int().min(0),
  /** The dialogue when the analysis carries it; otherwise the reader finds it by page and cue. */
  text: z.string().nullable(),
});

export const BREAKDOWN_FIELDS = [
  'age',
  'gender',
  'importance',
  'region',
  'languages',
  'dialects',
  'look',
  'personality',
  'arc',
] as const;

export const roleBreakdownSchema = z.object({
  character: z.string(),
  draft: z.boolean(),
  source: z.enum(['heuristic', 'claude']),
  ageMin: z.number().int().nullable(),
  ageMax: z.number().int().nullable(),
  /** Where the age came from, e.g. "(late 20s)" in the intro; null when nothing says. */
  ageCue: z.string().nullable(),
  gender: z.enum(['female', 'male']).nullable(),
  genderCue: z.string().nullable(),
  importance: importanceSchema,
  /** The figures the importance was computed from, in words. */
  importanceWhy: z.string(),
  speeches: z.number().int().min(0),
  words: z.number().int().min(0),
  scenes: z.number().int().min(0),
  firstPage: z.number().int().min(1).nullable(),
  intro: z.string().nullable(),
  keyScenes: z.array(breakdownSceneSchema),
  auditionLines: z.array(auditionLineSchema),
  /** Written by Claude (null in the offline draft): only what the script states or implies. */
  region: z.string().nullable().default(null),
  languages: z.array(z.string()).default([]),
  dialects: z.array(z.string()).default([]),
  look: z.string().nullable().default(null),
  personality: z.string().nullable().default(null),
  arc: z.string().nullable().default(null),
  /** Fields guessed rather than read from the script. */
  inferred: z.array(z.enum(BREAKDOWN_FIELDS)),
});
export type RoleBreakdown = z.infer<typeof roleBreakdownSchema>;

/**
 * What Claude fills in through the write_breakdown tool, validated strictly (an unknown or unusable field is
 * sent back to Claude as a tool error naming it). Scenes are the analysis's scene indexes.
 */
const note = (max: number, what: string) => z.string().trim().min(1).max(max).nullable().describe(what);
export const claudeBreakdownToolInput = z
  .strictObject({
    ageMin: z.number().int().min(0).max(120).nullable(),
    ageMax: z.number().int().min(0).max(120).nullable(),
    gender: z.enum(GENDERS).nullable(),
    region: note(200, 'Region or community, only where the script states it'),
    languages: z.array(z.string().trim().min(1).max(40)).max(10),
    dialects: z.array(z.string().trim().min(1).max(60)).max(10),
    look: note(1000, 'Look and physical notes'),
    personality: note(1000, 'Personality'),
    arc: note(1500, 'The character’s arc'),
    importance: importanceSchema,
    keyScenes: z
      .array(z.strictObject({ scene: z.number().int().min(0), why: z.string().trim().min(1).max(300) }))
      .max(6),
    auditionScenes: z
      .array(z.strictObject({ scene: z.number().int().min(0), why: z.string().trim().min(1).max(300) }))
      .max(3)
      .describe('Two or three scenes whose speeches make good audition sides'),
    inferred: z.array(z.enum(BREAKDOWN_FIELDS)).describe('Fields inferred rather than stated by the script'),
  })
  .refine((b) => b.ageMin == null || b.ageMax == null || b.ageMin <= b.ageMax, {
    message: 'ageMin must not be above ageMax',
    path: ['ageMin'],
  });
export type ClaudeBreakdownToolInput = z.infer<typeof claudeBreakdownToolInput>;

const id = z.string().min(1).max(64);
const breakdownInput = z.strictObject({ scriptId: id, character: z.string().trim().min(1).max(200) });
export const breakdownMethods = {
  'breakdown.draft': { input: breakdownInput, output: roleBreakdownSchema },
  /** Claude's breakdown; cached by script hash + character + model + prompt version (reopening costs nothing). */
  'breakdown.claude': {
    input: breakdownInput,
    output: z.object({ breakdown: roleBreakdownSchema, cached: z.boolean(), costUsd: z.number() }),
  },
} as const;
