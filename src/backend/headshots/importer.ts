import { basename } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../shared/errors.ts';
import {
  type DuplicateItem,
  type FailedItem,
  type ImportedItem,
  type ImportHeadshotsInput,
  type ImportProgress,
  type ImportReport,
  importHeadshotsInputSchema,
  type ReviewItem,
} from '../../shared/headshots.ts';
import type { AppDatabase } from '../store/db.ts';
import { DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
import { createMatcher, type MatchableTalent, type MatchResult } from './match.ts';
import { cleanStaleTemp } from './mediaStore.ts';
import { deriveName } from './names.ts';
import { runImportPool } from './pool.ts';
import type { ProcessResult } from './process.ts';
import { addHeadshot, ensureMediaBlob, talentsWithImage } from './repo.ts';
import { walkDropped } from './walk.ts';

export interface ImportHeadshotsOptions {
  dataDir: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  limits?: ImportLimits;
  /** Worker threads; default min(os.availableParallelism(), files). */
  workers?: number;
  batchId?: string;
}

function loadTalents(db: AppDatabase): MatchableTalent[] {
  return (
    db.sqlite
      .prepare(
        `SELECT id, full_name, stage_name, native_name, primary_headshot FROM talent WHERE deleted_at IS NULL`,
      )
      .all() as {
      id: string;
      full_name: string;
      stage_name: string | null;
      native_name: string | null;
      primary_headshot: string | null;
    }[]
  ).map((r) => ({
    id: r.id,
    fullName: r.full_name,
    stageName: r.stage_name,
    nativeName: r.native_name,
    primaryHeadshot: r.primary_headshot,
  }));
}

/**
 * Imports dropped files/folders: walks them, stores each image (original + 320/1280 WebP) on worker
 * threads, and files each one under a talent (the profile it was dropped on, or the one its name
 * matches). Images whose person is unclear are stored and listed for review. Bad files are reported per
 * file and never stop the batch. Cancelling via `signal` stops after the files in flight.
 */
export async function importHeadshots(
  db: AppDatabase,
  input: ImportHeadshotsInput,
  opts: ImportHeadshotsOptions,
): Promise<ImportReport> {
  const parsed = importHeadshotsInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `Invalid import request: ${parsed.error.message}`);
  const { paths, target } = parsed.data;
  const started = Date.now();
  const batchId = parsed.data.batchId ?? opts.batchId ?? uuidv7();
  const limits = opts.limits ?? DEFAULT_LIMITS;

  if (target.mode === 'profile') {
    const t = db.sqlite
      .prepare('SELECT 1 FROM talent WHERE id = ? AND deleted_at IS NULL')
      .get(target.talentId);
    if (!t)
      throw new AppError(
        'NOT_FOUND',
        'The profile these headshots were dropped on does not exist or was deleted.',
      );
  }

  const imported: ImportedItem[] = [];
  const duplicates: DuplicateItem[] = [];
  const review: ReviewItem[] = [];
  const failed: FailedItem[] = [];
  let done = 0;
  let total = 0;
  let currentFile: string | null = null;
  const emit = (phase: ImportProgress['phase']) => {
    try {
      opts.onProgress?.({
        batchId,
        phase,
        done,
        total,
        currentFile,
        imported: imported.length,
        duplicates: duplicates.length,
        review: review.length,
        failed: failed.length,
      });
    } catch {
      // A failing progress listener (window closed…) must not break the import.
    }
  };

  emit('scanning');
  await cleanStaleTemp(opts.dataDir);
  let walked: Awaited<ReturnType<typeof walkDropped>>;
  try {
    walked = await walkDropped(paths, opts.signal);
  } catch (e) {
    if (opts.signal?.aborted) walked = { files: [], failed: [], sameFile: [], ignored: [] };
    else throw e;
  }
  failed.push(...walked.failed);
  const files = walked.files;
  total = files.length;
  emit('processing');

  const match: (name: string | null) => MatchResult =
    target.mode === 'match'
      ? createMatcher(loadTalents(db))
      : () => ({ status: 'unmatched', candidates: [] });
  const shaByPath = new Map<string, string>();
  const seenInBatch = new Set<string>();

  const file = (i: number) => files[i]!;
  // Results arrive in completion order; they are filed in drop order so gallery positions and "which
  // copy is the duplicate" do not depend on thread timing.
  const pending = new Map<number, ProcessResult>();
  let nextToFile = 0;
  /** Files every result that is next in drop order; `final`: the pool is done, skip files never processed (cancel). */
  const flush = (final: boolean) => {
    while (nextToFile < files.length) {
      const r = pending.get(nextToFile);
      if (r !== undefined) {
        pending.delete(nextToFile);
        fileOne(nextToFile, r);
      } else if (!final) break;
      nextToFile++;
    }
  };
  const onResult = (i: number, r: ProcessResult) => {
    done++;
    currentFile = basename(file(i).path);
    pending.set(i, r);
    flush(false);
    emit('processing');
  };
  type Outcome =
    | { kind: 'duplicate'; item: DuplicateItem }
    | { kind: 'imported'; item: ImportedItem }
    | { kind: 'review'; item: ReviewItem };

  /** One transaction per file: the blob row, then the headshot row (or nothing, for review/duplicates). */
  const fileOk = (
    path: string,
    fileName: string,
    folders: string[],
    r: Extract<ProcessResult, { ok: true }>,
  ): Outcome =>
    db.sqlite.transaction((): Outcome => {
      const now = Date.now();
      ensureMediaBlob(
        db,
        { sha256: r.sha256, byteSize: r.byteSize, mime: r.mime, width: r.width, height: r.height },
        now,
      );
      const base = { path, fileName, sha256: r.sha256 };
      const existing = talentsWithImage(db, r.sha256);
      if (seenInBatch.has(r.sha256))
        return {
          kind: 'duplicate',
          item: { ...base, reason: 'same-content-in-batch', existingTalentIds: existing },
        };
      if (existing.length > 0)
        return {
          kind: 'duplicate',
          item: { ...base, reason: 'already-stored', existingTalentIds: existing },
        };
      if (target.mode === 'profile') {
        const added = addHeadshot(db, target.talentId, r.sha256, fileName, now);
        return {
          kind: 'imported',
          item: {
            ...base,
            talentId: target.talentId,
            headshotId: added.headshotId,
            matchedBy: 'profile',
            derivedName: null,
            becamePrimary: added.becamePrimary,
          },
        };
      }
      const derived = deriveName(fileName, folders);
      const m = match(derived.name);
      if (m.status !== 'matched')
        return {
          kind: 'review',
          item: { ...base, status: m.status, derivedName: derived.name, candidates: m.candidates },
        };
      const added = addHeadshot(db, m.talentId, r.sha256, fileName, now);
      return {
        kind: 'imported',
        item: {
          ...base,
          talentId: m.talentId,
          headshotId: added.headshotId,
          matchedBy: 'name',
          derivedName: derived.name,
          becamePrimary: added.becamePrimary,
        },
      };
    })();

  const fileOne = (i: number, r: ProcessResult) => {
    const f = file(i);
    const fileName = basename(f.path);
    if (!r.ok) {
      failed.push({ path: f.path, fileName, code: r.code, message: r.message });
      return;
    }
    shaByPath.set(f.path, r.sha256);
    let outcome: Outcome;
    try {
      outcome = fileOk(f.path, fileName, f.folders, r);
    } catch (e) {
      // The image is safely in the media store; only filing it failed (e.g. the profile was deleted meanwhile).
      failed.push({
        path: f.path,
        fileName,
        code: 'STORE_FAILED',
        message: `Stored, but could not be added to the library: ${(e as Error).message}`,
      });
      return;
    }
    seenInBatch.add(r.sha256);
    if (outcome.kind === 'duplicate') duplicates.push(outcome.item);
    else if (outcome.kind === 'imported') imported.push(outcome.item);
    else review.push(outcome.item);
  };

  const { processed } = await runImportPool(
    files.map((f) => f.realPath),
    {
      dataDir: opts.dataDir,
      limits,
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      onStart: (i) => {
        currentFile = basename(file(i).path);
        emit('processing');
      },
      onResult,
    },
  );

  flush(true);
  for (const s of walked.sameFile) {
    duplicates.push({
      path: s.path,
      fileName: basename(s.path),
      sha256: shaByPath.get(s.firstPath) ?? null,
      reason: 'same-file-in-batch',
      existingTalentIds: [],
    });
  }
  currentFile = null;
  emit('done');
  return {
    batchId,
    target,
    cancelled: Boolean(opts.signal?.aborted) && processed < files.length,
    durationMs: Date.now() - started,
    counts: {
      found: files.length + walked.sameFile.length,
      imported: imported.length,
      duplicates: duplicates.length,
      review: review.length,
      failed: failed.length,
      notProcessed: files.length - processed,
      ignored: walked.ignored.length,
    },
    imported,
    duplicates,
    review,
    failed,
  };
}
