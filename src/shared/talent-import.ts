import { z } from 'zod';
import { talentQuerySchema } from './talent.ts';

/** Profile fields a spreadsheet column can map to. */
export const IMPORT_FIELDS = [
  'fullName',
  'nativeName',
  'stageName',
  'aliases',
  'gender',
  'dateOfBirth',
  'age',
  'playingAge',
  'heightCm',
  'build',
  'languages',
  'dialects',
  'skills',
  'city',
  'homeState',
  'agency',
  'agentName',
  'agentPhone',
  'agentEmail',
  'unionName',
  'unionNumber',
  'cintaa',
  'phone',
  'otherPhone',
  'email',
  'showreelUrl',
  'tags',
  'notes',
  'rating',
  'availability',
] as const;
export const importFieldSchema = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof importFieldSchema>;
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  fullName: 'Full name',
  nativeName: 'Name (native script)',
  stageName: 'Stage name',
  aliases: 'Other spellings of the name',
  gender: 'Gender',
  dateOfBirth: 'Date of birth',
  age: 'Age',
  playingAge: 'Playing age (e.g. 25-30)',
  heightCm: 'Height',
  build: 'Build',
  languages: 'Languages',
  dialects: 'Dialects / accents',
  skills: 'Skills',
  city: 'City',
  homeState: 'Home state',
  agency: 'Agency',
  agentName: 'Agent',
  agentPhone: 'Agent phone',
  agentEmail: 'Agent email',
  unionName: 'Union',
  unionNumber: 'Union number',
  cintaa: 'CINTAA number',
  phone: 'Phone',
  otherPhone: 'Other phone (kept in notes)',
  email: 'Email',
  showreelUrl: 'Showreel link',
  tags: 'Tags',
  notes: 'Notes',
  rating: 'Rating',
  availability: 'Availability',
};

/** column index (as a string key) → field, or null to ignore the column. */
export const columnMappingSchema = z.record(z.string().regex(/^\d{1,4}$/), importFieldSchema.nullable());
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** Text encodings a CSV can be read in (the dialog offers these). */
export const IMPORT_ENCODINGS = [
  'UTF-8',
  'UTF-16LE',
  'UTF-16BE',
  'windows-1252',
  'ISO-8859-1',
  'windows-1250',
  'windows-1251',
  'windows-1256',
  'Shift_JIS',
  'GB18030',
] as const;

/** How to read the file: which sheet, which row holds the column names, which encoding (CSV). */
export const readOptionsSchema = z.object({
  sheet: z.string().max(200).nullable().optional(),
  /** 1-based, as the spreadsheet numbers rows. */
  headerRow: z.number().int().min(1).max(10_000).nullable().optional(),
  encoding: z.enum(IMPORT_ENCODINGS).nullable().optional(),
});
export type ReadOptions = z.infer<typeof readOptionsSchema>;

export const sheetSummarySchema = z.object({
  name: z.string(),
  rows: z.number(),
  hidden: z.boolean(),
});

export const importPreviewSchema = z.object({
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  headers: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  rowCount: z.number(),
  suggestedMapping: columnMappingSchema,
  /** Every sheet of a workbook (none for CSV), and the one read. */
  sheets: z.array(sheetSummarySchema),
  sheet: z.string().nullable(),
  /** The row (1-based) taken as the header, and the first rows of the sheet to choose another from. */
  headerRow: z.number(),
  topRows: z.array(z.object({ row: z.number(), cells: z.array(z.string()) })),
  /** File-level problems that do not stop an import (e.g. rows with stray quotes). */
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const DUPLICATE_POLICIES = ['skip', 'merge', 'create'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
export const importRequestSchema = readOptionsSchema.extend({
  file: z.string().regex(/^fh_[A-Za-z0-9_-]{16,64}$/),
  jobId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  mapping: columnMappingSchema,
  /**
   * skip: decide later (the row waits as a duplicate candidate, see talentImport.duplicates.*); merge: merge it
   * into the profile it matched now (as the review's merge does); create: add a new profile anyway.
   */
  duplicates: z.enum(DUPLICATE_POLICIES).default('skip'),
});
export type ImportRequest = z.input<typeof importRequestSchema>;
/** "Save rows with problems as CSV": the file, read and mapped as it was imported. */
export const problemsCsvRequestSchema = readOptionsSchema.extend({
  file: importRequestSchema.shape.file,
  mapping: columnMappingSchema,
});

export const rowProblemSchema = z.object({ row: z.number(), message: z.string() });
/** A cell that could not be read: the person was imported without it, and it is kept in their notes. */
export const fieldProblemSchema = z.object({
  row: z.number(),
  name: z.string(),
  column: z.string(),
  value: z.string(),
  why: z.string(),
});
export type FieldProblem = z.infer<typeof fieldProblemSchema>;
export const importReportSchema = z.object({
  jobId: z.string(),
  totalRows: z.number(),
  imported: z.number(),
  merged: z.number(),
  skippedDuplicates: z.number(),
  invalid: z.number(),
  /** Rows not imported (no readable name), spreadsheet numbering. */
  problems: z.array(rowProblemSchema).max(1000),
  /** People imported with a field left empty; fieldProblemCount counts them all, the list stops at 1000. */
  fieldProblems: z.array(fieldProblemSchema).max(1000),
  fieldProblemCount: z.number(),
  peopleNeedingReview: z.number(),
  headerRow: z.number(),
  sheet: z.string().nullable(),
  duplicates: z
    .array(
      z.object({ row: z.number(), name: z.string(), existingId: z.string().nullable(), reason: z.string() }),
    )
    .max(1000),
  elapsedMs: z.number(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/** What a person can do with a duplicate candidate. */
export const DUPLICATE_ACTIONS = ['keepBoth', 'merge', 'skip'] as const;
export const duplicateActionSchema = z.enum(DUPLICATE_ACTIONS);
export type DuplicateAction = z.infer<typeof duplicateActionSchema>;

/** One line of the side-by-side view: a field as the office has it and as the row has it (display text). */
export const duplicateFieldSchema = z.object({
  field: z.string(),
  label: z.string(),
  existing: z.string(),
  incoming: z.string(),
  differs: z.boolean(),
});
export type DuplicateField = z.infer<typeof duplicateFieldSchema>;

/** An imported row that looks like someone already in the office (or an earlier row of the same file). */
export const duplicateCandidateSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  fileName: z.string().nullable(),
  /** The row, as the spreadsheet numbers it. */
  row: z.number(),
  /** 'same phone number', 'same email' or 'same name and date of birth'. */
  reason: z.string(),
  /** For people: "same phone, different spelling: Meher Bhatia / Meher Bhatiya". */
  summary: z.string(),
  incomingName: z.string(),
  existingId: z.string(),
  /** Null when that profile has been deleted since. */
  existingName: z.string().nullable(),
  /** The row number the matched profile came from, when it was an earlier row of the same file. */
  matchRow: z.number().nullable(),
  fields: z.array(duplicateFieldSchema),
  createdAt: z.number(),
  resolution: duplicateActionSchema.nullable(),
  /** The profile created (keep both) or merged into (merge). */
  resultId: z.string().nullable(),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

export const listDuplicatesInputSchema = z.object({
  jobId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
  includeResolved: z.boolean().default(false),
  limit: z.number().int().min(1).max(1000).default(200),
});
export const listDuplicatesResultSchema = z.object({
  items: z.array(duplicateCandidateSchema),
  /** Candidates still to decide (all of them, not only this page). */
  pending: z.number(),
});
export type ListDuplicatesResult = z.infer<typeof listDuplicatesResultSchema>;

export const duplicateDecisionSchema = z.object({
  id: z.string().min(1).max(64),
  action: duplicateActionSchema,
});
export const resolveDuplicatesInputSchema = z
  .object({
    decisions: z.array(duplicateDecisionSchema).max(5000).default([]),
    /**
     * The same action for every candidate still to decide ("Merge all", "Skip all"): of one import, or without
     * `jobId` of every earlier import.
     */
    all: z
      .object({
        jobId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{8,64}$/)
          .optional(),
        action: duplicateActionSchema,
      })
      .optional(),
  })
  .refine((r) => r.decisions.length > 0 || r.all, 'Say which duplicates to resolve.');
export const resolveDuplicatesResultSchema = z.object({
  /**
   * One per candidate, with the decision that stands (a candidate decided earlier keeps its first decision) and
   * the profile created or merged into; `error` says why nothing changed for that one.
   */
  results: z.array(
    z.object({
      id: z.string(),
      action: duplicateActionSchema,
      talentId: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type ResolveDuplicatesResult = z.infer<typeof resolveDuplicatesResultSchema>;

export const duplicateReviewMethods = {
  /** Duplicate candidates with both records side by side, oldest first. */
  'talentImport.duplicates.list': { input: listDuplicatesInputSchema, output: listDuplicatesResultSchema },
  /** Keep both, merge or skip; each candidate in its own transaction; deciding twice answers the same. */
  'talentImport.duplicates.resolve': {
    input: resolveDuplicatesInputSchema,
    output: resolveDuplicatesResultSchema,
  },
} as const;

export const exportRequestSchema = z.object({ query: talentQuerySchema, format: z.enum(['csv', 'xlsx']) });
export const exportResultSchema = z.object({
  fileName: z.string(),
  mime: z.string(),
  base64: z.string(),
  rows: z.number(),
});
