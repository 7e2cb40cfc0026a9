import { z } from 'zod';

/** Headshot import, media serving and gallery: the shapes that cross the renderer ↔ backend boundary. */

/** A SHA-256 in lower-case hex: the only way media is ever named outside the backend (no paths). */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Not a SHA-256 hash');
export type Sha256 = z.infer<typeof sha256Schema>;

export const MEDIA_VARIANTS = ['original', '320', '1280'] as const;
export const mediaVariantSchema = z.enum(MEDIA_VARIANTS);
export type MediaVariant = z.infer<typeof mediaVariantSchema>;

/** `<variant>/<sha256>`: the path part of `castmatch-media://media/<variant>/<sha>` and of the host's HTTP route. */
export function mediaPathSegment(sha256: Sha256, variant: MediaVariant): string {
  return `${variant}/${sha256}`;
}

/** Parses `<variant>/<sha256>` (leading slashes allowed); anything else (paths, `..`, upper-case hex) → null. */
export function parseMediaPathSegment(s: string): { variant: MediaVariant; sha256: Sha256 } | null {
  const m = /^\/*(original|320|1280)\/([0-9a-f]{64})$/.exec(s);
  if (!m) return null;
  return { variant: m[1] as MediaVariant, sha256: m[2]! };
}

/** Why one file was not imported. Every file gets one of these or a success entry; nothing is dropped silently. */
export const IMPORT_FAILURE_CODES = [
  'EMPTY_FILE',
  'TRUNCATED',
  'CORRUPT_IMAGE',
  'NOT_AN_IMAGE',
  'UNSUPPORTED_FORMAT',
  'TOO_MANY_PIXELS',
  'TOO_LARGE',
  'UNREADABLE',
  'NOT_FOUND',
  'SYMLINK_LOOP',
  'STORE_FAILED',
  'INTERNAL',
] as const;
export const importFailureCodeSchema = z.enum(IMPORT_FAILURE_CODES);
export type ImportFailureCode = z.infer<typeof importFailureCodeSchema>;

/** Where dropped files go: matched to people by file/folder names, or all onto one profile. */
export const importTargetSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('match') }),
  z.object({ mode: z.literal('profile'), talentId: z.string().min(1).max(64) }),
]);
export type ImportTarget = z.infer<typeof importTargetSchema>;

export const importHeadshotsInputSchema = z.object({
  /** Absolute paths resolved by the shell (files and/or folders). */
  paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
  target: importTargetSchema,
  /** Chosen by the caller (e.g. a UUID) so it can cancel this batch and match progress events to it. */
  batchId: z.string().min(1).max(64).optional(),
});
export type ImportHeadshotsInput = z.infer<typeof importHeadshotsInputSchema>;

export const cancelImportInputSchema = z.object({ batchId: z.string().min(1).max(64) });
export type CancelImportInput = z.infer<typeof cancelImportInputSchema>;

export const importProgressSchema = z.object({
  batchId: z.string(),
  phase: z.enum(['scanning', 'processing', 'done']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Base name of the file last started or finished; null while scanning. */
  currentFile: z.string().nullable(),
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  review: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const talentCandidateSchema = z.object({
  talentId: z.string(),
  fullName: z.string(),
  stageName: z.string().nullable(),
  nativeName: z.string().nullable(),
  /** 0..1 name similarity. */
  score: z.number(),
  matchedOn: z.enum(['full_name', 'stage_name', 'native_name']),
  primaryHeadshot: sha256Schema.nullable(),
});
export type TalentCandidate = z.infer<typeof talentCandidateSchema>;

export const importedItemSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  sha256: sha256Schema,
  talentId: z.string(),
  headshotId: z.string(),
  /** 'profile': dropped on a profile; 'name': matched by file/folder name. */
  matchedBy: z.enum(['profile', 'name']),
  /** The name derived from the file/folder (match mode), for display. */
  derivedName: z.string().nullable(),
  becamePrimary: z.boolean(),
});
export type ImportedItem = z.infer<typeof importedItemSchema>;

export const duplicateItemSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  sha256: sha256Schema.nullable(),
  /**
   * already-stored: the same bytes are already a headshot in the library;
   * same-content-in-batch: another file of this drop has the same bytes;
   * same-file-in-batch: this very file was dropped twice (e.g. itself and its folder).
   */
  reason: z.enum(['already-stored', 'same-content-in-batch', 'same-file-in-batch']),
  /** Talents that already carry this image (live headshots), for "already on Priya Sharma". */
  existingTalentIds: z.array(z.string()),
});
export type DuplicateItem = z.infer<typeof duplicateItemSchema>;

/** A stored image that still needs a person: resolve it with resolveHeadshotReview. Its thumbnail already resolves. */
export const reviewItemSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  sha256: sha256Schema,
  status: z.enum(['unmatched', 'ambiguous']),
  /** Person name derived from file/folder names, to prefill "create profile"; null if none could be derived. */
  derivedName: z.string().nullable(),
  candidates: z.array(talentCandidateSchema),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const failedItemSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  code: importFailureCodeSchema,
  message: z.string(),
});
export type FailedItem = z.infer<typeof failedItemSchema>;

export const importReportSchema = z.object({
  batchId: z.string(),
  target: importTargetSchema,
  cancelled: z.boolean(),
  durationMs: z.number(),
  counts: z.object({
    /** Files found (after walking folders), including ones dropped twice. */
    found: z.number().int().nonnegative(),
    imported: z.number().int().nonnegative(),
    duplicates: z.number().int().nonnegative(),
    review: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    /** Not processed because the import was cancelled. */
    notProcessed: z.number().int().nonnegative(),
    /** System files skipped inside folders (.DS_Store, Thumbs.db, ._AppleDouble…). */
    ignored: z.number().int().nonnegative(),
  }),
  imported: z.array(importedItemSchema),
  duplicates: z.array(duplicateItemSchema),
  review: z.array(reviewItemSchema),
  failed: z.array(failedItemSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

const reviewRef = { sha256: sha256Schema, originalName: z.string().max(500).nullable().optional() };
export const reviewDecisionSchema = z.discriminatedUnion('action', [
  /** Make a new talent named `name` (decisions with the same normalised name share one new profile). */
  z.object({ action: z.literal('create-profile'), ...reviewRef, name: z.string().trim().min(1).max(200) }),
  z.object({ action: z.literal('assign'), ...reviewRef, talentId: z.string().min(1).max(64) }),
  z.object({ action: z.literal('skip'), ...reviewRef }),
]);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export const resolveReviewInputSchema = z.object({
  decisions: z.array(reviewDecisionSchema).min(1).max(10_000),
});
export type ResolveReviewInput = z.infer<typeof resolveReviewInputSchema>;

export const resolveReviewResultSchema = z.object({
  assigned: z.array(
    z.object({
      sha256: sha256Schema,
      talentId: z.string(),
      headshotId: z.string(),
      createdTalent: z.boolean(),
      becamePrimary: z.boolean(),
      /** True when this talent already had this image: nothing was added. */
      alreadyPresent: z.boolean(),
    }),
  ),
  skipped: z.number().int().nonnegative(),
});
export type ResolveReviewResult = z.infer<typeof resolveReviewResultSchema>;

export const galleryItemSchema = z.object({
  id: z.string(),
  talentId: z.string(),
  sha256: sha256Schema,
  originalName: z.string().nullable(),
  position: z.number().int(),
  isPrimary: z.boolean(),
  mime: z.string(),
  byteSize: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  createdAt: z.number().int(),
  /** False when the image came from another desktop and only its thumbnail is here yet (blob sync). */
  fullSizeHere: z.boolean().optional(),
  /** Set when the original is over the sync server's limit: it stays on this computer (blob sync). */
  syncNote: z.string().nullable().optional(),
});
export type GalleryItem = z.infer<typeof galleryItemSchema>;

/** Downloads a headshot's original from the sync server (blob sync: full-size images come on demand). */
export const fetchFullSizeInputSchema = z.object({ sha256: sha256Schema });
export const fullSizeResultSchema = z.object({
  /** 'local': here now; 'too_large': over the server's limit, only on the importing desktop; 'missing': not on
   * the server yet; 'offline': server unreachable; 'refused': the server's copy did not match its hash. */
  state: z.enum(['local', 'too_large', 'missing', 'offline', 'refused']),
  message: z.string().nullable(),
});
export type FullSizeResult = z.infer<typeof fullSizeResultSchema>;

export const listHeadshotsInputSchema = z.object({ talentId: z.string().min(1).max(64) });
export const setPrimaryHeadshotInputSchema = z.object({
  talentId: z.string().min(1).max(64),
  headshotId: z.string().min(1).max(64),
});
export const reorderHeadshotsInputSchema = z.object({
  talentId: z.string().min(1).max(64),
  /** Every live headshot id of the talent, in the new order; the first becomes primary. */
  headshotIds: z.array(z.string().min(1).max(64)).max(10_000),
});
export const deleteHeadshotInputSchema = z.object({ headshotId: z.string().min(1).max(64) });
export const galleryResultSchema = z.object({ items: z.array(galleryItemSchema) });
export type GalleryResult = z.infer<typeof galleryResultSchema>;
