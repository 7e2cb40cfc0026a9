// The typed contract between the renderer and the backend. Every method names a zod schema for its input
// and its output; the backend validates both (and the sender) on every call, over IPC and over the
// browser host's WebSocket alike. Events from the backend to the renderer are typed the same way.
import { z } from 'zod';
import { breakdownEvents, breakdownMethods } from './breakdown.ts';
import {
  castingMethods,
  projectInputSchema,
  projectSchema,
  roleInputSchema,
  roleSchema,
  shortlistEntrySchema,
  shortlistStatusSchema,
} from './casting.ts';
import { chatEvents, chatMethods } from './chat.ts';
import { deckEvents, deckMethods } from './deck.ts';
import { appErrorSchema } from './errors.ts';
import {
  cancelImportInputSchema,
  deleteHeadshotInputSchema,
  fetchFullSizeInputSchema,
  fullSizeResultSchema,
  galleryResultSchema,
  importReportSchema as headshotReportSchema,
  importProgressSchema,
  importTargetSchema,
  listHeadshotsInputSchema,
  reorderHeadshotsInputSchema,
  resolveReviewInputSchema,
  resolveReviewResultSchema,
  setPrimaryHeadshotInputSchema,
} from './headshots.ts';
import { matchMethods } from './match.ts';
import { savedSearchMethods } from './saved-searches.ts';
import { scriptEvents, scriptMethods } from './script-api.ts';
import { syncEvents, syncMethods } from './sync/desktop-api.ts';
import {
  talentFacetsSchema,
  talentInputSchema,
  talentQuerySchema,
  talentSchema,
  talentSearchResultSchema,
} from './talent.ts';
import {
  duplicateReviewMethods,
  exportRequestSchema,
  exportResultSchema,
  importPreviewSchema,
  importReportSchema,
  importRequestSchema,
  problemsCsvRequestSchema,
  readOptionsSchema,
} from './talent-import.ts';

const id = z.string().min(1).max(64);
const ok = z.object({ ok: z.literal(true) });
/** An opaque token for a file the user dropped or picked; the backend maps it to a path the renderer never sees. */
export const fileHandleSchema = z.string().regex(/^fh_[A-Za-z0-9_-]{16,64}$/, 'Not a file handle');
export const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const methods = {
  'app.info': method(
    z.object({}),
    z.object({ version: z.string(), transport: z.enum(['electron', 'browser']), talentCount: z.number() }),
  ),
  'talent.search': method(talentQuerySchema, talentSearchResultSchema),
  'talent.facets': method(talentQuerySchema, talentFacetsSchema),
  'talent.get': method(z.object({ id }), talentSchema),
  'talent.create': method(talentInputSchema, talentSchema),
  'talent.update': method(z.object({ id, patch: talentInputSchema }), talentSchema),
  'talent.delete': method(z.object({ id }), ok),
  'talent.restore': method(z.object({ id }), talentSchema),
  'demo.seed': method(
    // The same seed gives the same office: demos and tests see the same people every time.
    z.object({
      count: z.number().int().min(1).max(200_000),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31)
        .default(42),
    }),
    z.object({ added: z.number() }),
  ),

  'projects.list': method(z.object({}), z.array(projectSchema)),
  'projects.create': method(projectInputSchema, projectSchema),
  'projects.delete': method(z.object({ id }), ok),
  'roles.list': method(z.object({ projectId: id }), z.array(roleSchema)),
  'roles.create': method(roleInputSchema, roleSchema),
  'roles.delete': method(z.object({ id }), ok),
  'shortlist.get': method(z.object({ roleId: id }), z.array(shortlistEntrySchema)),
  'shortlist.add': method(
    z.object({ roleId: id, talentId: id, notes: z.string().max(5000).nullable().optional() }),
    z.array(shortlistEntrySchema),
  ),
  'shortlist.move': method(
    z.object({ entryId: id, status: shortlistStatusSchema, beforeId: id.nullable() }),
    z.array(shortlistEntrySchema),
  ),
  'shortlist.update': method(
    z.object({
      entryId: id,
      notes: z.string().max(5000).nullable().optional(),
      rating: z.number().int().min(0).max(5).nullable().optional(),
    }),
    ok,
  ),
  'shortlist.remove': method(z.object({ entryId: id }), ok),

  'talentImport.preview': method(readOptionsSchema.extend({ file: fileHandleSchema }), importPreviewSchema),
  'talentImport.run': method(importRequestSchema, importReportSchema),
  'talentImport.cancel': method(z.object({ jobId: jobIdSchema }), ok),
  'talentImport.problemsCsv': method(problemsCsvRequestSchema, exportResultSchema),
  'talentExport.run': method(exportRequestSchema, exportResultSchema),
  'headshots.import': method(
    z.object({
      /** Dropped or picked files and folders, as handles. */
      files: z.array(fileHandleSchema).min(1).max(10_000),
      target: importTargetSchema,
      batchId: jobIdSchema,
    }),
    headshotReportSchema,
  ),
  'headshots.cancelImport': method(cancelImportInputSchema, ok),
  'headshots.resolveReview': method(resolveReviewInputSchema, resolveReviewResultSchema),
  'headshots.list': method(listHeadshotsInputSchema, galleryResultSchema),
  'headshots.setPrimary': method(setPrimaryHeadshotInputSchema, galleryResultSchema),
  'headshots.reorder': method(reorderHeadshotsInputSchema, galleryResultSchema),
  'headshots.delete': method(deleteHeadshotInputSchema, galleryResultSchema),
  /** Blob sync: the original of a headshot that came from another desktop, downloaded now (SYNC.md, Blobs). */
  'headshots.fetchFullSize': method(fetchFullSizeInputSchema, fullSizeResultSchema),
  ...chatMethods,
  ...scriptMethods,
  ...matchMethods,
  ...savedSearchMethods,
  ...breakdownMethods,
  ...duplicateReviewMethods,
  ...castingMethods,
  ...deckMethods,
  ...syncMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export const events = {
  /** Talent rows changed (by this window, another window, an import or sync): lists and facets refetch. */
  'talent.changed': z.object({ ids: z.array(z.string()).max(1000).optional() }),
  /** Projects, roles, shortlists or auditions changed: casting screens refetch (roleId/projectId narrow it). */
  'casting.changed': z.object({ roleId: z.string().optional(), projectId: z.string().optional() }),
  'import.progress': z.object({
    jobId: z.string(),
    phase: z.enum(['reading', 'validating', 'writing', 'done']),
    done: z.number(),
    total: z.number(),
  }),
  'headshots.progress': importProgressSchema,
  /** Electron only: a file opened from the file manager or a second launch (a script PDF, a spreadsheet). */
  'shell.openFile': z.object({ kind: z.enum(['script', 'import']), file: z.string(), name: z.string() }),
  ...chatEvents,
  ...scriptEvents,
  ...breakdownEvents,
  ...deckEvents,
  ...syncEvents,
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** The envelope of every reply: a value, or a typed error — never a stack trace. */
export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);
export type Result = z.infer<typeof resultSchema>;
