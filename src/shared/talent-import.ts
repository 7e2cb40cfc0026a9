import { z } from 'zod';
import { talentQuerySchema } from './talent.ts';

/** Profile fields a spreadsheet column can map to. */
export const IMPORT_FIELDS = [
  'fullName',
  'nativeName',
  'stageName',
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

export const importPreviewSchema = z.object({
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  headers: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  rowCount: z.number(),
  suggestedMapping: columnMappingSchema,
  /** File-level problems that do not stop an import (e.g. rows with stray quotes). */
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const DUPLICATE_POLICIES = ['skip', 'merge', 'create'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
export const importRequestSchema = z.object({
  file: z.string().regex(/^fh_[A-Za-z0-9_-]{16,64}$/),
  jobId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  mapping: columnMappingSchema,
  /** skip: keep the existing profile; merge: fill the existing profile's empty fields; create: add anyway. */
  duplicates: z.enum(DUPLICATE_POLICIES).default('skip'),
});
export type ImportRequest = z.input<typeof importRequestSchema>;

export const rowProblemSchema = z.object({ row: z.number(), message: z.string() });
export const importReportSchema = z.object({
  jobId: z.string(),
  totalRows: z.number(),
  imported: z.number(),
  merged: z.number(),
  skippedDuplicates: z.number(),
  invalid: z.number(),
  problems: z.array(rowProblemSchema).max(1000),
  duplicates: z
    .array(
      z.object({ row: z.number(), name: z.string(), existingId: z.string().nullable(), reason: z.string() }),
    )
    .max(1000),
  elapsedMs: z.number(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const exportRequestSchema = z.object({ query: talentQuerySchema, format: z.enum(['csv', 'xlsx']) });
export const exportResultSchema = z.object({
  fileName: z.string(),
  mime: z.string(),
  base64: z.string(),
  rows: z.number(),
});
