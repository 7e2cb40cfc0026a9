// Matching a role to the office's talent: the brief (hard filters and soft criteria), the weights a person
// sees and changes per role, and ranked candidates with the reasons for their score.
import { z } from 'zod';
import { type AVAILABILITY, fluencySchema, GENDERS, genderSchema, talentCardSchema } from './talent.ts';

const id = z.string().min(1).max(64);
const values = z.array(z.string().trim().min(1).max(100)).max(30).default([]);

/** Soft criteria, in the order the UI shows them. */
export const MATCH_CRITERIA = [
  'skills',
  'dialects',
  'city',
  'height',
  'build',
  'text',
  'history',
  'availability',
] as const;
export type MatchCriterion = (typeof MATCH_CRITERIA)[number];
export const MATCH_CRITERION_LABELS: Record<MatchCriterion, string> = {
  skills: 'Skills',
  dialects: 'Dialects',
  city: 'City',
  height: 'Height',
  build: 'Build',
  text: 'Profile fits the description',
  history: 'Past shortlists and bookings',
  availability: 'Availability',
};

const weight = z.number().min(0).max(10);
export const matchWeightsSchema = z.strictObject({
  skills: weight,
  dialects: weight,
  city: weight,
  height: weight,
  build: weight,
  text: weight,
  history: weight,
  availability: weight,
});
export type MatchWeights = z.infer<typeof matchWeightsSchema>;
export const DEFAULT_MATCH_WEIGHTS: MatchWeights = {
  skills: 5,
  dialects: 3,
  city: 2,
  height: 2,
  build: 1,
  text: 3,
  history: 2,
  availability: 3,
};

/**
 * What matching reads for a role beyond the role's own fields. Gender and age come from the role unless the
 * brief overrides them; `languages` adds a minimum fluency to the role's languages.
 */
export const matchBriefSchema = z
  .strictObject({
    genders: z.array(genderSchema).max(GENDERS.length).nullable().default(null),
    ageMin: z.number().int().min(0).max(120).nullable().default(null),
    ageMax: z.number().int().min(0).max(120).nullable().default(null),
    languages: z
      .array(
        z.strictObject({ language: z.string().trim().min(1).max(40), minFluency: fluencySchema.default(3) }),
      )
      .max(10)
      .nullable()
      .default(null),
    skills: values,
    dialects: values,
    cities: values,
    heightMin: z.number().int().min(40).max(260).nullable().default(null),
    heightMax: z.number().int().min(40).max(260).nullable().default(null),
    build: z.string().trim().max(100).nullable().default(null),
    /** Words looked for in profile text and notes; empty = the role's description. */
    keywords: z.string().max(2000).default(''),
    weights: matchWeightsSchema.default(DEFAULT_MATCH_WEIGHTS),
  })
  .refine((b) => b.ageMin == null || b.ageMax == null || b.ageMin <= b.ageMax, {
    message: 'Age "from" must not be above "to"',
    path: ['ageMax'],
  })
  .refine((b) => b.heightMin == null || b.heightMax == null || b.heightMin <= b.heightMax, {
    message: 'Height "from" must not be above "to"',
    path: ['heightMax'],
  });
export type MatchBriefInput = z.input<typeof matchBriefSchema>;
export type MatchBrief = z.output<typeof matchBriefSchema>;

export const REASON_STATUSES = ['matched', 'partial', 'missed'] as const;
export const matchReasonSchema = z.object({
  criterion: z.enum(MATCH_CRITERIA),
  status: z.enum(REASON_STATUSES),
  /** What the chip says, e.g. "Kathak ✓, Horse riding ✗". */
  label: z.string(),
  /** Points this criterion gave; a candidate's score is the sum of its reasons' points. */
  points: z.number(),
  maxPoints: z.number(),
});
export type MatchReason = z.infer<typeof matchReasonSchema>;

export const matchCandidateSchema = z.object({
  talent: talentCardSchema,
  /** 0–100, the sum of `reasons[].points`. */
  score: z.number(),
  reasons: z.array(matchReasonSchema),
  shortlisted: z.boolean(),
});
export type MatchCandidate = z.infer<typeof matchCandidateSchema>;

/** The hard filters as the Talent screen would show them (they agree with the ranking's candidates). */
export const matchHardFiltersSchema = z.object({
  genders: z.array(genderSchema),
  ageMin: z.number().nullable(),
  ageMax: z.number().nullable(),
  languages: z.array(z.object({ language: z.string(), minFluency: z.number() })),
});

export const matchRankInputSchema = z.strictObject({
  roleId: id,
  limit: z.number().int().min(1).max(500).default(100),
  /** An unsaved brief to try (the editor's preview); the role's saved brief otherwise. */
  brief: matchBriefSchema.optional(),
});
export type MatchRankInput = z.input<typeof matchRankInputSchema>;
export const matchResultSchema = z.object({
  roleId: id,
  brief: matchBriefSchema,
  hardFilters: matchHardFiltersSchema,
  /** How many profiles pass the hard filters (all of them are scored). */
  total: z.number().int(),
  candidates: z.array(matchCandidateSchema),
});
export type MatchResult = z.infer<typeof matchResultSchema>;

/** How many of the computed order Claude re-ranks. */
export const RERANK_TOP = 50;
export const matchRerankSchema = z.object({
  roleId: id,
  /** Claude's order of the computed top (talent ids), each with its reason; ids it left out follow unchanged. */
  order: z.array(z.object({ talentId: z.string(), reason: z.string().nullable() })),
  model: z.string(),
  cached: z.boolean(),
  costUsd: z.number(),
});
export type MatchRerank = z.infer<typeof matchRerankSchema>;

export const AVAILABILITY_SCORE: Record<(typeof AVAILABILITY)[number], number> = {
  available: 1,
  unknown: 0.5,
  on_project: 0.25,
  unavailable: 0,
};

export const matchMethods = {
  'match.brief.get': { input: z.strictObject({ roleId: id }), output: matchBriefSchema },
  'match.brief.set': {
    input: z.strictObject({ roleId: id, brief: matchBriefSchema }),
    output: matchBriefSchema,
  },
  'match.rank': { input: matchRankInputSchema, output: matchResultSchema },
  /** Claude re-ranks the computed top 50 with a one-line reason each; cached like breakdowns. */
  'match.rerank': {
    input: z.strictObject({ roleId: id, brief: matchBriefSchema.optional() }),
    output: matchRerankSchema,
  },
} as const;
