// The script-review part of the renderer contract, spread into `methods` / `events` in api.ts. Every method
// has a zod input and output schema; the analysis shapes themselves live in script.ts (the engine's).
import { z } from 'zod';
import { projectSchema, roleSchema } from './casting.ts';
import {
  draftComparisonSchema,
  noteTargetSchema,
  scriptAnalysisSchema,
  scriptNoteSchema,
  scriptProgressSchema,
} from './script.ts';
import { genderSchema } from './talent.ts';

const id = z.string().min(1).max(64);
const ok = z.object({ ok: z.literal(true) });
const fileHandle = z.string().regex(/^fh_[A-Za-z0-9_-]{16,64}$/, 'Not a file handle');
const jobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const scriptSummarySchema = z.object({
  id,
  sha256: z.string(),
  fileName: z.string(),
  title: z.string(),
  pages: z.number().int(),
  projectId: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ScriptSummary = z.infer<typeof scriptSummarySchema>;

/** An earlier draft compared with this one: what changed for casting. */
export const draftDiffSchema = z.object({
  before: scriptSummarySchema,
  after: scriptSummarySchema,
  comparison: draftComparisonSchema,
});
export type DraftDiff = z.infer<typeof draftDiffSchema>;

export const analyzeResultSchema = z.object({
  script: scriptSummarySchema,
  /** True when the same file (same SHA-256) was analysed before: nothing was analysed again. */
  reused: z.boolean(),
  ms: z.number(),
  /** The comparison with an earlier draft of the same title, or with the one the user picked. */
  diff: draftDiffSchema.nullable(),
});
export type AnalyzeResult = z.infer<typeof analyzeResultSchema>;

export const scriptExportKindSchema = z.enum(['cast-list', 'cast-by-scene', 'breakdown']);
export const scriptExportFormatSchema = z.enum(['csv', 'xlsx', 'pdf']);

export const makeRoleChoiceSchema = z.object({
  /** A character's normalised name (speaking or silent). */
  name: z.string().trim().min(1).max(200),
  /** Overrides of what the analysis suggests; undefined keeps the suggestion, null clears it. */
  description: z.string().trim().max(10_000).nullable().optional(),
  ageMin: z.number().int().min(0).max(120).nullable().optional(),
  ageMax: z.number().int().min(0).max(120).nullable().optional(),
  gender: genderSchema.nullable().optional(),
});

export const scriptMethods = {
  'script.analyze': {
    input: z.object({
      file: fileHandle,
      jobId,
      password: z.string().max(1000).optional(),
      /** Compare with this earlier script rather than one found by title. */
      compareWith: id.optional(),
    }),
    output: analyzeResultSchema,
  },
  'script.cancel': { input: z.object({ jobId }), output: ok },
  'script.list': { input: z.object({ projectId: id.optional() }), output: z.array(scriptSummarySchema) },
  'script.get': {
    input: z.object({ id }),
    output: z.object({
      script: scriptSummarySchema,
      analysis: scriptAnalysisSchema,
      notes: z.array(scriptNoteSchema),
    }),
  },
  /** The stored copy of the PDF for the viewer. */
  'script.pdf': {
    input: z.object({ id }),
    output: z.object({ base64: z.string(), bytes: z.number().int() }),
  },
  'script.delete': { input: z.object({ id }), output: ok },
  'script.notes.list': { input: z.object({ scriptId: id }), output: z.array(scriptNoteSchema) },
  'script.notes.add': {
    input: z.object({ scriptId: id, target: noteTargetSchema, body: z.string().max(20_000) }),
    output: scriptNoteSchema,
  },
  'script.notes.update': {
    input: z.object({ id, body: z.string().max(20_000) }),
    output: scriptNoteSchema,
  },
  'script.notes.delete': { input: z.object({ id }), output: ok },
  /** Chosen characters become roles of an existing project, or of a new one named here. */
  'script.makeRoles': {
    input: z
      .object({
        scriptId: id,
        projectId: id.optional(),
        newProjectName: z.string().trim().min(1).max(200).optional(),
        characters: z.array(makeRoleChoiceSchema).min(1).max(500),
      })
      .refine((v) => (v.projectId === undefined) !== (v.newProjectName === undefined), {
        message: 'Choose a project or name a new one',
        path: ['projectId'],
      }),
    output: z.object({
      project: projectSchema,
      roles: z.array(roleSchema),
      /** Names skipped because the project already has a role of that name. */
      skipped: z.array(z.string()),
    }),
  },
  'script.compare': { input: z.object({ beforeId: id, afterId: id }), output: draftDiffSchema },
  'script.export': {
    input: z.object({ id, kind: scriptExportKindSchema, format: scriptExportFormatSchema }),
    output: z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
  },
} as const;

export const scriptEvents = {
  'script.progress': scriptProgressSchema.extend({ jobId: z.string() }),
} as const;
