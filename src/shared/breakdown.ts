// A role breakdown drafted from an analysed script (src/shared/script.ts): what the script says about one
// character, the figures behind its importance, key scenes and audition speeches. The offline draft is
// marked `draft` and `source: 'heuristic'`; inferred fields say so.
import { z } from 'zod';

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
  /** Fields guessed rather than read from the script. */
  inferred: z.array(z.enum(['age', 'gender', 'importance'])),
});
export type RoleBreakdown = z.infer<typeof roleBreakdownSchema>;

const id = z.string().min(1).max(64);
export const breakdownMethods = {
  'breakdown.draft': {
    input: z.strictObject({ scriptId: id, character: z.string().trim().min(1).max(200) }),
    output: roleBreakdownSchema,
  },
} as const;
