// Claude's tools as the renderer and the backend both see them: each tool's zod input (validated in the
// backend before it runs), its name, what Claude is told, and the card label; and the shortlist proposal one
// returns. Runtime-neutral: zod only.
import { z } from 'zod';
import { availabilitySchema, genderSchema } from './talent.ts';

// ---------- tool inputs (what Claude may pass; validated in main before running) ----------

const id = z.string().trim().min(1).max(100);
const filterValues = (what: string) =>
  z.array(z.string().trim().min(1).max(100)).max(20).optional().describe(what);

// Every tool input is a strict object: an argument a tool does not know is an error Claude reads (naming it),
// never silently dropped — a dropped `gender` once returned men for a request for women.
// search_talent takes every filter of the Talent screen (src/shared/talent.ts talentFiltersSchema).
export const searchTalentToolInput = z
  .strictObject({
    text: z
      .string()
      .max(300)
      .optional()
      .describe('Free text: names, skills, notes, city… Leave empty to filter only.'),
    genders: z
      .array(genderSchema)
      .min(1)
      .max(8)
      .optional()
      .describe('Only these genders, e.g. ["female"] for women'),
    ageMin: z.number().int().min(0).max(120).optional().describe('Playing age lower bound (overlap match)'),
    ageMax: z.number().int().min(0).max(120).optional().describe('Playing age upper bound (overlap match)'),
    heightMinCm: z.number().int().min(0).max(300).optional(),
    heightMaxCm: z.number().int().min(0).max(300).optional(),
    languages: z
      .array(
        z.strictObject({
          language: z.string().trim().min(1).max(40),
          minFluency: z.number().int().min(1).max(5).optional().describe('1 basic … 5 native; default 1'),
        }),
      )
      .max(10)
      .optional(),
    skills: filterValues('Every one required, e.g. ["Horse riding", "Kathak"]'),
    cities: filterValues('Any of these cities'),
    unions: filterValues('Any of these unions, e.g. ["CINTAA"]'),
    tags: filterValues('Every one required'),
    availability: z.array(availabilitySchema).min(1).max(4).optional(),
    limit: z.number().int().min(1).max(50).optional().describe('Default 20'),
  })
  .refine((i) => i.ageMin == null || i.ageMax == null || i.ageMin <= i.ageMax, {
    message: 'ageMin must not be above ageMax',
    path: ['ageMin'],
  })
  .refine((i) => i.heightMinCm == null || i.heightMaxCm == null || i.heightMinCm <= i.heightMaxCm, {
    message: 'heightMinCm must not be above heightMaxCm',
    path: ['heightMinCm'],
  });
export type SearchTalentToolInput = z.infer<typeof searchTalentToolInput>;

export const getTalentToolInput = z.strictObject({ id: id.describe('Talent id from search_talent') });
export const listProjectsToolInput = z.strictObject({
  includeClosed: z.boolean().optional().describe('Also list archived/closed projects'),
});
export const listRolesToolInput = z.strictObject({ projectId: id });
export const getShortlistToolInput = z.strictObject({ roleId: id });
export const getScriptAnalysisToolInput = z.strictObject({
  scriptId: id.optional().describe('A script id; or give projectId to use that project’s latest script'),
  projectId: id.optional(),
  part: z
    .enum(['overview', 'cast', 'scenes', 'speeches'])
    .describe('cast list, scene list, or one character’s speeches'),
  character: z.string().min(1).max(100).optional().describe('Required for part=speeches'),
  limit: z.number().int().min(1).max(200).optional(),
});
export const proposeShortlistAdditionToolInput = z.strictObject({
  roleId: id,
  talentIds: z.array(id).min(1).max(20),
  reason: z.string().max(1000).optional().describe('Why these people fit the role'),
});
export const rememberToolInput = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe('One self-contained fact worth remembering across conversations'),
  pinned: z.boolean().optional().describe('Pinned memories are always in context'),
});

export const TOOL_NAMES = [
  'search_talent',
  'get_talent',
  'list_projects',
  'list_roles',
  'get_shortlist',
  'get_script_analysis',
  'propose_shortlist_addition',
  'remember',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Tool definitions: name, what Claude is told, and the zod schema of its input (converted to JSON Schema in main). */
export const CHAT_TOOLS = {
  search_talent: {
    description:
      "Search the office's talent database (same search as the Talent screen). Returns slim cards with ids. " +
      'Use filters for gender, playing age, height, languages with fluency, skills, city, union, tags and ' +
      'availability; text for anything else. Unknown arguments are errors.',
    input: searchTalentToolInput,
    label: 'Searched talent',
  },
  get_talent: {
    description: 'Get one talent profile in full by id.',
    input: getTalentToolInput,
    label: 'Opened a profile',
  },
  list_projects: {
    description: 'List the office’s projects (films, series, ads) with ids and status.',
    input: listProjectsToolInput,
    label: 'Listed projects',
  },
  list_roles: {
    description: 'List the roles of one project with their briefs (age range, gender, languages).',
    input: listRolesToolInput,
    label: 'Listed roles',
  },
  get_shortlist: {
    description: 'Get the shortlist of one role: talents considered, their status, notes and rating.',
    input: getShortlistToolInput,
    label: 'Read a shortlist',
  },
  get_script_analysis: {
    description:
      'Read a script analysis: overview, the cast list (characters with line counts), the scene list, ' +
      'or the speeches of one character.',
    input: getScriptAnalysisToolInput,
    label: 'Read a script analysis',
  },
  propose_shortlist_addition: {
    description:
      'Propose adding talents to a role’s shortlist. Nothing is written: the user sees the proposal and ' +
      'confirms or dismisses it in the app.',
    input: proposeShortlistAdditionToolInput,
    label: 'Proposed a shortlist addition',
  },
  remember: {
    description:
      'Save a long-term memory for future conversations (office preferences, facts about people or ' +
      'projects the user told you). Do not save secrets or passing details.',
    input: rememberToolInput,
    label: 'Saved a memory',
  },
} as const satisfies Record<ToolName, { description: string; input: z.ZodType; label: string }>;

/** What propose_shortlist_addition returns: the UI shows it as a card with Confirm / Dismiss. */
export const shortlistProposalSchema = z.object({
  kind: z.literal('shortlist_proposal'),
  roleId: z.string(),
  roleName: z.string().nullable(),
  talents: z.array(z.object({ id: z.string(), fullName: z.string(), alreadyShortlisted: z.boolean() })),
  reason: z.string().nullable(),
});
export type ShortlistProposal = z.infer<typeof shortlistProposalSchema>;
