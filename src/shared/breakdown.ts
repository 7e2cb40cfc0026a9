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
const characterName = z.string().trim().min(1).max(200);
const breakdownInput = z.strictObject({ scriptId: id, character: characterName });

/** The fields a person edits; an edit outlives a regenerate until they choose the new value. */
export const EDITABLE_FIELDS = [
  'ageMin',
  'ageMax',
  'gender',
  'importance',
  'region',
  'languages',
  'dialects',
  'look',
  'personality',
  'arc',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export const EDITABLE_FIELD_LABELS: Record<EditableField, string> = {
  ageMin: 'Age from',
  ageMax: 'Age to',
  gender: 'Gender',
  importance: 'Importance',
  region: 'Region or community',
  languages: 'Languages',
  dialects: 'Dialects',
  look: 'Look and physical notes',
  personality: 'Personality',
  arc: 'Arc',
};
const longText = (max: number) => z.string().trim().max(max).nullable();
export const breakdownEditsSchema = z
  .strictObject({
    ageMin: z.number().int().min(0).max(120).nullable(),
    ageMax: z.number().int().min(0).max(120).nullable(),
    gender: z.enum(['female', 'male']).nullable(),
    importance: importanceSchema,
    region: longText(200),
    languages: z.array(z.string().trim().min(1).max(40)).max(20),
    dialects: z.array(z.string().trim().min(1).max(60)).max(20),
    look: longText(2000),
    personality: longText(2000),
    arc: longText(3000),
  })
  .partial();
export type BreakdownEdits = z.infer<typeof breakdownEditsSchema>;

/** A breakdown kept for a script's character: what was generated, and the person's edits over it. */
export const savedBreakdownSchema = z.object({
  scriptId: id,
  character: z.string(),
  /** The generated breakdown with the edits applied: what the screens, the role brief and exports use. */
  breakdown: roleBreakdownSchema,
  generated: roleBreakdownSchema,
  edits: breakdownEditsSchema,
  editedFields: z.array(z.enum(EDITABLE_FIELDS)),
  /** What generating it cost (0 for a draft or a cached answer). */
  costUsd: z.number(),
  updatedAt: z.number(),
});
export type SavedBreakdown = z.infer<typeof savedBreakdownSchema>;

export const breakdownModeSchema = z.enum(['claude', 'draft']);
const characterList = z.array(characterName).min(1).max(500).optional();

export const breakdownEstimateSchema = z.object({
  model: z.string(),
  /** Characters that would be asked of Claude (the rest are cached: free). */
  toAsk: z.number().int(),
  cached: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  /** The price is the nearest tier's, not a published one. */
  priceEstimated: z.boolean(),
  hasKey: z.boolean(),
});
export type BreakdownEstimate = z.infer<typeof breakdownEstimateSchema>;

export const breakdownFieldChangeSchema = z.object({
  field: z.enum(EDITABLE_FIELDS),
  mine: z.unknown(),
  generated: z.unknown(),
});
export const breakdownExportSchema = z.object({
  fileName: z.string(),
  mime: z.string(),
  base64: z.string(),
  /** The plain text, for the clipboard (format 'text'). */
  text: z.string().nullable(),
});

export const breakdownProgressSchema = z.object({
  jobId: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  /** The character just finished (null for the first and last events). */
  character: z.string().nullable(),
  /** Spent so far, from the API's usage. */
  costUsd: z.number(),
  state: z.enum(['running', 'done', 'cancelled']),
  /** Characters written as offline drafts because Claude could not be asked (no key, offline). */
  drafts: z.number().int(),
  failed: z.array(z.object({ character: z.string(), message: z.string() })),
});
export type BreakdownProgress = z.infer<typeof breakdownProgressSchema>;
export const breakdownEvents = { 'breakdown.progress': breakdownProgressSchema } as const;

export const breakdownMethods = {
  'breakdown.draft': { input: breakdownInput, output: roleBreakdownSchema },
  /** Claude's breakdown; cached by script hash + character + model + prompt version (reopening costs nothing). */
  'breakdown.claude': {
    input: breakdownInput,
    output: z.object({ breakdown: roleBreakdownSchema, cached: z.boolean(), costUsd: z.number() }),
  },
  /** The script's kept breakdowns (generated + edits), in cast order. */
  'breakdown.list': { input: z.strictObject({ scriptId: id }), output: z.array(savedBreakdownSchema) },
  /** The cost before a batch: token counts of the inputs × the model's price; cached characters are free. */
  'breakdown.batch.estimate': {
    input: z.strictObject({ scriptId: id, characters: characterList }),
    output: breakdownEstimateSchema,
  },
  /** Starts a batch (3 at a time); `breakdown.progress` follows. Offline or without a key: drafts. */
  'breakdown.batch.start': {
    input: z.strictObject({ scriptId: id, characters: characterList, mode: breakdownModeSchema }),
    output: z.object({ jobId: z.string(), total: z.number().int() }),
  },
  'breakdown.batch.cancel': {
    input: z.strictObject({ jobId: z.string().min(1).max(64) }),
    output: z.object({ ok: z.literal(true) }),
  },
  /** Sets fields (an edit) and drops edits in `clear` (the generated value shows again). */
  'breakdown.edit': {
    input: z.strictObject({
      scriptId: id,
      character: characterName,
      set: breakdownEditsSchema.default({}),
      clear: z.array(z.enum(EDITABLE_FIELDS)).default([]),
    }),
    output: savedBreakdownSchema,
  },
  /**
   * Generates again (Claude unasked-for cache, or the draft); the person's edits are kept, and each edited
   * field whose generated value changed is listed so the screen can ask: keep mine, or take the new one.
   */
  'breakdown.regenerate': {
    input: z.strictObject({ scriptId: id, character: characterName, mode: breakdownModeSchema }),
    output: z.object({ saved: savedBreakdownSchema, changes: z.array(breakdownFieldChangeSchema) }),
  },
  /** The breakdown becomes a role's brief: the role's fields and its matching brief fill from it. */
  'breakdown.applyToRole': {
    input: z.strictObject({
      scriptId: id,
      character: characterName,
      /** An existing role; else the script's project's role of that name, else a new role there. */
      roleId: id.optional(),
      projectId: id.optional(),
      newProjectName: z.string().trim().min(1).max(200).optional(),
    }),
    output: z.object({ roleId: id, projectId: id, roleName: z.string(), created: z.boolean() }),
  },
  /** The agencies' breakdown document: plain text (for an email) or PDF. */
  'breakdown.export': {
    input: z.strictObject({ scriptId: id, characters: characterList, format: z.enum(['text', 'pdf']) }),
    output: breakdownExportSchema,
  },
} as const;
