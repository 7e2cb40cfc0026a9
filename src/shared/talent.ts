import { z } from 'zod';

/** Languages offered first in pickers; any other language name is accepted too. */
export const COMMON_LANGUAGES = [
  'Hindi',
  'English',
  'Marathi',
  'Bengali',
  'Tamil',
  'Telugu',
  'Punjabi',
  'Gujarati',
  'Malayalam',
  'Kannada',
  'Urdu',
  'Bhojpuri',
  'Haryanvi',
  'Odia',
  'Assamese',
  'Konkani',
  'Rajasthani',
  'Sindhi',
  'Kashmiri',
  'Tulu',
] as const;

export const GENDERS = [
  'female',
  'male',
  'non_binary',
  'trans_woman',
  'trans_man',
  'genderfluid',
  'other',
  'undisclosed',
] as const;
export const genderSchema = z.enum(GENDERS);
export type Gender = z.infer<typeof genderSchema>;
export const GENDER_LABELS: Record<Gender, string> = {
  female: 'Female',
  male: 'Male',
  non_binary: 'Non-binary',
  trans_woman: 'Trans woman',
  trans_man: 'Trans man',
  genderfluid: 'Genderfluid',
  other: 'Other',
  undisclosed: 'Prefer not to say',
};

/** Fluency 1–5: basic, conversational, professional, fluent, native. Stored as a number so "at least" filters are a comparison. */
export const FLUENCY_LABELS = ['', 'Basic', 'Conversational', 'Professional', 'Fluent', 'Native'] as const;
export const fluencySchema = z.number().int().min(1).max(5);

export const AVAILABILITY = ['available', 'on_project', 'unavailable', 'unknown'] as const;
export const availabilitySchema = z.enum(AVAILABILITY);
export const AVAILABILITY_LABELS: Record<z.infer<typeof availabilitySchema>, string> = {
  available: 'Available',
  on_project: 'On a project',
  unavailable: 'Unavailable',
  unknown: 'Unknown',
};

const shortText = z.string().trim().max(200);
const optionalShort = shortText.nullable().optional();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 1994-03-21')
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && s <= new Date().toISOString().slice(0, 10),
    'Not a valid past date',
  );

export const languageSkillSchema = z.object({
  language: z.string().trim().min(1).max(40),
  fluency: fluencySchema,
});
export type LanguageSkill = z.infer<typeof languageSkillSchema>;

export const linkSchema = z.object({ label: z.string().trim().max(40), url: z.url().max(500) });

/** What a person types into the profile form; the store adds ids, times and derived fields. */
export const talentInputSchema = z
  .object({
    fullName: z.string().trim().min(1, 'A name is required').max(200),
    nativeName: optionalShort,
    stageName: optionalShort,
    gender: genderSchema.nullable().optional(),
    dateOfBirth: isoDate.nullable().optional(),
    playingAgeMin: z.number().int().min(0).max(120).nullable().optional(),
    playingAgeMax: z.number().int().min(0).max(120).nullable().optional(),
    heightCm: z.number().int().min(40).max(260).nullable().optional(),
    build: optionalShort,
    languages: z.array(languageSkillSchema).max(30).default([]),
    dialects: z.array(shortText).max(30).default([]),
    skills: z.array(shortText).max(60).default([]),
    city: optionalShort,
    homeState: optionalShort,
    agency: optionalShort,
    agentName: optionalShort,
    agentPhone: optionalShort,
    agentEmail: z.email().max(200).nullable().optional(),
    unionName: optionalShort,
    unionNumber: optionalShort,
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[+()\d\s-]{6,40}$/, 'Digits, spaces, + ( ) - only')
      .nullable()
      .optional(),
    email: z.email('Not a valid email address').max(200).nullable().optional(),
    links: z.array(linkSchema).max(20).default([]),
    showreelUrl: z.url().max(500).nullable().optional(),
    tags: z.array(shortText).max(50).default([]),
    notes: z.string().max(20_000).nullable().optional(),
    rating: z.number().int().min(0).max(5).nullable().optional(),
    availability: availabilitySchema.default('unknown'),
  })
  .refine((t) => t.playingAgeMin == null || t.playingAgeMax == null || t.playingAgeMin <= t.playingAgeMax, {
    message: 'Playing age "from" must not be above "to"',
    path: ['playingAgeMax'],
  });
export type TalentInput = z.input<typeof talentInputSchema>;
export type TalentInputParsed = z.output<typeof talentInputSchema>;

export const talentSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  nativeName: z.string().nullable(),
  stageName: z.string().nullable(),
  gender: genderSchema.nullable(),
  dateOfBirth: z.string().nullable(),
  playingAgeMin: z.number().nullable(),
  playingAgeMax: z.number().nullable(),
  heightCm: z.number().nullable(),
  build: z.string().nullable(),
  languages: z.array(languageSkillSchema),
  dialects: z.array(z.string()),
  skills: z.array(z.string()),
  city: z.string().nullable(),
  homeState: z.string().nullable(),
  agency: z.string().nullable(),
  agentName: z.string().nullable(),
  agentPhone: z.string().nullable(),
  agentEmail: z.string().nullable(),
  unionName: z.string().nullable(),
  unionNumber: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  links: z.array(linkSchema),
  showreelUrl: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  rating: z.number().nullable(),
  availability: availabilitySchema,
  primaryHeadshot: z.string().nullable(),
  /** Other spellings of the name, kept when duplicates were merged; search finds the person by any of them. */
  aliases: z.array(z.string()).optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Talent = z.infer<typeof talentSchema>;

/** The slim row a grid card or table row needs. */
export const talentCardSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  nativeName: z.string().nullable(),
  stageName: z.string().nullable(),
  gender: genderSchema.nullable(),
  playingAgeMin: z.number().nullable(),
  playingAgeMax: z.number().nullable(),
  heightCm: z.number().nullable(),
  city: z.string().nullable(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  unionName: z.string().nullable(),
  availability: availabilitySchema,
  rating: z.number().nullable(),
  primaryHeadshot: z.string().nullable(),
  updatedAt: z.number(),
});
export type TalentCard = z.infer<typeof talentCardSchema>;

const filterList = z.array(z.string().trim().min(1).max(100)).max(50).default([]);

export const talentFiltersSchema = z.object({
  genders: z.array(genderSchema).max(GENDERS.length).default([]),
  ageMin: z.number().int().min(0).max(120).nullable().default(null),
  ageMax: z.number().int().min(0).max(120).nullable().default(null),
  heightMin: z.number().int().min(0).max(300).nullable().default(null),
  heightMax: z.number().int().min(0).max(300).nullable().default(null),
  languages: z
    .array(z.object({ language: z.string().trim().min(1).max(40), minFluency: fluencySchema.default(1) }))
    .max(10)
    .default([]),
  skills: filterList,
  cities: filterList,
  unions: filterList,
  tags: filterList,
  availability: z.array(availabilitySchema).max(AVAILABILITY.length).default([]),
  /** Build as stored on the profile ("Slim", "Athletic"…); optional so older saved queries stay valid. */
  builds: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
});
export type TalentFilters = z.output<typeof talentFiltersSchema>;

export const TALENT_SORTS = ['relevance', 'name', 'updated'] as const;
export const talentQuerySchema = z.object({
  text: z.string().max(500).default(''),
  filters: talentFiltersSchema.default(talentFiltersSchema.parse({})),
  sort: z.enum(TALENT_SORTS).default('relevance'),
  limit: z.number().int().min(1).max(500).default(100),
  /** Opaque keyset cursor returned by the previous page. */
  cursor: z.string().max(500).nullable().default(null),
  /** Total is a COUNT over all matches: the first page asks for it, later pages need not. */
  withTotal: z.boolean().default(true),
});
export type TalentQuery = z.input<typeof talentQuerySchema>;
export type TalentQueryParsed = z.output<typeof talentQuerySchema>;

export const talentSearchResultSchema = z.object({
  items: z.array(talentCardSchema),
  total: z.number().nullable(),
  /** True when there are more matches than `total` (counting stops at 10,000). */
  totalCapped: z.boolean().default(false),
  nextCursor: z.string().nullable(),
});
export type TalentSearchResult = z.infer<typeof talentSearchResultSchema>;

export const facetBucketSchema = z.object({ value: z.string(), count: z.number() });
export const talentFacetsSchema = z.object({
  genders: z.array(facetBucketSchema),
  languages: z.array(facetBucketSchema),
  skills: z.array(facetBucketSchema),
  cities: z.array(facetBucketSchema),
  unions: z.array(facetBucketSchema),
  tags: z.array(facetBucketSchema),
  availability: z.array(facetBucketSchema),
  builds: z.array(facetBucketSchema).default([]),
});
export type TalentFacets = z.infer<typeof talentFacetsSchema>;
