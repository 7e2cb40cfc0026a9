// A talent import, start to end: read → map and validate every row (chunks.ts) → find duplicates → write
// everything in ONE transaction. With a connection of its own, writing overlaps validation chunk by chunk.
// A cancel or any failure before the commit leaves the database exactly as it was.

import { basename } from 'node:path';
import { AppError, isAppError } from '../../../shared/errors.ts';
import type {
  ColumnMapping,
  DuplicatePolicy,
  ImportReport,
  ReadOptions,
} from '../../../shared/talent-import.ts';
import type { AppDatabase } from '../../store/db.ts';
import { BulkTalentInsert } from '../derived.ts';
import {
  ALIASES_AT,
  analyzeAfterBulkInsert,
  BULK_THRESHOLD,
  insertTalentValues,
  splitAliases,
  type TalentValues,
  valuesToInput,
} from '../repo.ts';
import { type ChunkSource, type HandOffPolicy, openChunks, type ValidatedChunk } from './chunks.ts';
import { type PendingDuplicate, PendingDuplicates } from './duplicate-review.ts';
import {
  buildDuplicateIndex,
  type DuplicateIndex,
  type DuplicateRef,
  fullNameOf,
  looksForDuplicates,
  type RowRef,
  valuesKeys,
} from './duplicates.ts';
import { type IncomingProfile, mergeIntoProfile } from './merge.ts';

export interface ImportOptions {
  jobId: string;
  mapping: ColumnMapping;
  duplicates: DuplicatePolicy;
  /** The file's name as the user knows it, kept with its duplicate candidates (default: from the path). */
  fileName?: string;
  /** Which sheet, header row and encoding to read (default: found in the file). */
  read?: ReadOptions;
  onProgress?: (phase: 'reading' | 'validating' | 'writing' | 'done', done: number, total: number) => void;
  isCancelled?: () => boolean;
  /**
   * The connection belongs to this import alone (the import worker, the CLI). The write transaction then
   * stays open while later rows are still being validated, so writing overlaps validation. Otherwise every
   * row is validated first and written in one synchronous transaction, so that no other call on a shared
   * connection can run inside it.
   */
  ownConnection?: boolean;
  /** Which batches a validation worker hands to the writing thread unchecked (chunks.ts; default 'auto'). */
  handOff?: HandOffPolicy;
  /** The file's rows, already being read (the import worker starts that before loading the database code). */
  chunks?: Promise<ChunkSource>;
}

const REPORT_LIST_LIMIT = 1000;

function checkCancelled(opts: ImportOptions): void {
  if (opts.isCancelled?.()) throw new AppError('CANCELLED', 'The import was cancelled; nothing was changed.');
}

/** The profile id a duplicate matched: an office profile, or the one written for an earlier row of the file. */
function refId(ref: DuplicateRef): string {
  if (typeof ref === 'string') return ref;
  if (!ref.id) throw new Error(`Row ${ref.row} was matched before it was written`);
  return ref.id;
}

/** A validated row as a profile to merge or to decide on, with the other spellings it carried. */
function incomingOf(values: TalentValues): IncomingProfile {
  const input = valuesToInput(values);
  const aliases = values[ALIASES_AT];
  return typeof aliases === 'string' ? { ...input, aliases: splitAliases(aliases) } : input;
}

const toPending = (d: { row: number; ref: DuplicateRef; values: TalentValues; reason: string }) =>
  ({
    row: d.row,
    incoming: incomingOf(d.values),
    matchId: refId(d.ref),
    matchRow: typeof d.ref === 'string' ? null : d.ref.row,
    reason: d.reason,
  }) satisfies PendingDuplicate;

/** The write side of an import: duplicates, inserts and the report, a chunk at a time, inside the transaction. */
class ImportWriter {
  readonly report: ImportReport;
  private readonly db: AppDatabase;
  private readonly opts: ImportOptions;
  private readonly readProblems: Map<number, string>;
  private readonly dupes: DuplicateIndex | null;
  private readonly bulk: BulkTalentInsert | null;
  /**
   * Under the default policy, duplicates wait here for a person to decide (duplicate-review.ts); so does a row
   * the merge policy could not merge.
   */
  private readonly pending: PendingDuplicates | null;
  private readonly toMerge: { row: number; ref: DuplicateRef; values: TalentValues; reason: string }[] = [];
  private readonly now = Date.now();

  constructor(db: AppDatabase, path: string, source: ChunkSource, opts: ImportOptions) {
    this.db = db;
    this.opts = opts;
    this.readProblems = new Map(source.sheet.problems.map((p) => [p.row, p.message]));
    this.report = {
      jobId: opts.jobId,
      totalRows: source.sheet.total,
      imported: 0,
      merged: 0,
      skippedDuplicates: 0,
      invalid: 0,
      problems: [],
      fieldProblems: [],
      fieldProblemCount: 0,
      peopleNeedingReview: 0,
      headerRow: source.sheet.headerRow,
      sheet: source.sheet.sheetName,
      duplicates: [],
      elapsedMs: 0,
    };
    this.dupes = looksForDuplicates(opts.duplicates) ? buildDuplicateIndex(db) : null;
    this.bulk = source.sheet.total >= BULK_THRESHOLD ? new BulkTalentInsert(db, source.sheet.total) : null;
    this.pending = this.dupes
      ? new PendingDuplicates(db, opts.jobId, opts.fileName ?? basename(path), this.now)
      : null;
  }

  private problem(row: number, message: string): void {
    this.report.invalid++;
    this.problemNoted(row, message);
  }

  private problemNoted(row: number, message: string): void {
    if (this.report.problems.length < REPORT_LIST_LIMIT) this.report.problems.push({ row, message });
  }

  write(chunk: ValidatedChunk): void {
    const fresh: TalentValues[] = [];
    /** The duplicate index's entry for each fresh row, given its profile id once written. */
    const freshRefs: RowRef[] = [];
    const waiting: { row: number; values: TalentValues; ref: DuplicateRef; reason: string }[] = [];
    const { report } = this;
    const kept = new Set<number>();
    for (let k = 0; k < chunk.rows.length; k++) {
      const rowNumber = chunk.rowNumbers[k]!; // as the spreadsheet numbers it
      const readError = this.readProblems.get(rowNumber);
      const row = chunk.rows[k]!;
      if (readError || typeof row === 'string') {
        this.problem(rowNumber, readError ?? (row as string));
        continue;
      }
      if (this.dupes) {
        const keys = chunk.keys?.[k] ?? valuesKeys(row);
        const dup = this.dupes.find(keys);
        if (dup) {
          const ref = dup.existing;
          if (report.duplicates.length < REPORT_LIST_LIMIT) {
            report.duplicates.push({
              row: rowNumber,
              name: fullNameOf(row),
              existingId: typeof ref === 'string' ? ref : null,
              reason: typeof ref === 'string' ? dup.reason : `${dup.reason} as row ${ref.row}`,
            });
          }
          if (this.opts.duplicates === 'merge') {
            // Also into a profile made from an earlier row of this file: merged once that row is written.
            this.toMerge.push({ row: rowNumber, ref, values: row, reason: dup.reason });
            kept.add(k);
          } else {
            report.skippedDuplicates++;
            waiting.push({ row: rowNumber, values: row, ref, reason: dup.reason });
          }
          continue;
        }
        const ref: RowRef = { row: rowNumber, id: null };
        this.dupes.add(keys, ref);
        freshRefs.push(ref);
      }
      fresh.push(row);
      kept.add(k);
    }
    let lastRow = -1;
    for (const p of chunk.fieldProblems) {
      if (!kept.has(p.index)) continue; // a skipped duplicate: nobody was imported from that row
      const row = chunk.rowNumbers[p.index]!;
      report.fieldProblemCount++;
      if (row !== lastRow) report.peopleNeedingReview++;
      lastRow = row;
      if (report.fieldProblems.length < REPORT_LIST_LIMIT)
        report.fieldProblems.push({ row, name: p.name, column: p.column, value: p.value, why: p.why });
    }
    const ids = insertTalentValues(this.db, fresh, this.now);
    for (let i = 0; i < freshRefs.length; i++) freshRefs[i]!.id = ids[i]!;
    report.imported += fresh.length;
    this.bulk?.added(fresh.length);
    // After the inserts: a duplicate of an earlier row of this chunk needs that row's profile id.
    this.pending?.add(waiting.map(toPending));
  }

  /** Work done early, while the next chunk is not here yet (see BulkTalentInsert.idle). */
  idle(): void {
    this.bulk?.idle();
  }

  finish(): ImportReport {
    this.bulk?.finish();
    const decided: PendingDuplicate[] = [];
    for (const m of this.toMerge) {
      try {
        const { previous } = mergeIntoProfile(this.db, refId(m.ref), incomingOf(m.values));
        this.report.merged++;
        decided.push({ ...toPending(m), merged: { previous } });
      } catch (e) {
        // Too much to merge into one profile: the row waits for a person instead, and the report says why.
        if (!isAppError(e)) throw e;
        this.report.skippedDuplicates++;
        this.problemNoted(m.row, `Not merged: ${e.message} It waits in the duplicates to decide.`);
        decided.push(toPending(m));
      }
    }
    this.pending?.add(decided);
    if (this.report.imported >= 10_000) analyzeAfterBulkInsert(this.db);
    return this.report;
  }
}

export async function runImport(db: AppDatabase, path: string, opts: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  opts.onProgress?.('reading', 0, 1);
  const mapped = new Set(Object.values(opts.mapping).filter(Boolean));
  if (!mapped.has('fullName')) {
    throw new AppError('MISSING_COLUMNS', 'Choose which column holds the full name: it is required.');
  }
  const source = await (opts.chunks ??
    openChunks(path, opts.mapping, opts.duplicates, opts.read, opts.handOff));
  // An estimate while a validation worker is still parsing the file; exact once every chunk has come.
  const total = () => source.sheet.total;
  /** Hands every chunk to `take`, in order, with a cancel check and progress between chunks. */
  const drain = async (take: (c: ValidatedChunk) => void, idle?: () => void) => {
    for (let c = await source.next(); c; c = await source.next()) {
      checkCancelled(opts);
      take(c);
      if (idle && !source.ready()) idle();
      const done = c.start + c.rows.length;
      opts.onProgress?.('validating', done, Math.max(done, total()));
    }
    checkCancelled(opts);
    // The count is exact now: the last 'validating' says so.
    opts.onProgress?.('validating', total(), total());
    opts.onProgress?.('writing', 0, total());
  };
  const finish = (writer: ImportWriter) => {
    writer.report.totalRows = total();
    const done = writer.finish();
    checkCancelled(opts); // in the import worker a cancel can land during finish(): the flag is shared memory
    return done;
  };
  let report: ImportReport;
  try {
    if (opts.ownConnection) {
      db.sqlite.exec('BEGIN IMMEDIATE');
      try {
        const writer = new ImportWriter(db, path, source, opts);
        await drain(
          (c) => writer.write(c),
          () => writer.idle(),
        );
        report = finish(writer);
        db.sqlite.exec('COMMIT');
      } catch (e) {
        if (db.sqlite.inTransaction) db.sqlite.exec('ROLLBACK');
        throw e;
      }
    } else {
      const chunks: ValidatedChunk[] = [];
      await drain((c) => chunks.push(c));
      report = db.sqlite.transaction(() => {
        const writer = new ImportWriter(db, path, source, opts);
        for (const c of chunks) writer.write(c);
        return finish(writer);
      })();
    }
  } finally {
    source.close();
  }
  report.elapsedMs = Math.round(performance.now() - started);
  opts.onProgress?.('done', total(), total());
  return report;
}
