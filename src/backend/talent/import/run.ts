// A talent import, start to end: read → map and validate every row (chunks.ts) → find duplicates → write
// everything in ONE transaction. With a connection of its own, writing overlaps validation chunk by chunk.
// A cancel or any failure before the commit leaves the database exactly as it was.

import { AppError } from '../../../shared/errors.ts';
import type { TalentInputParsed } from '../../../shared/talent.ts';
import type {
  ColumnMapping,
  DuplicatePolicy,
  ImportReport,
  ReadOptions,
} from '../../../shared/talent-import.ts';
import type { AppDatabase } from '../../store/db.ts';
import { BulkTalentInsert } from '../derived.ts';
import {
  analyzeAfterBulkInsert,
  BULK_THRESHOLD,
  insertTalentValues,
  parseTalentInput,
  rowToTalent,
  type TalentRow,
  type TalentValues,
  updateTalent,
  valuesToInput,
} from '../repo.ts';
import { type ChunkSource, openChunks, type ValidatedChunk } from './chunks.ts';
import {
  buildDuplicateIndex,
  type DuplicateIndex,
  fullNameOf,
  looksForDuplicates,
  valuesKeys,
} from './duplicates.ts';

export interface ImportOptions {
  jobId: string;
  mapping: ColumnMapping;
  duplicates: DuplicatePolicy;
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
  /** The file's rows, already being read (the import worker starts that before loading the database code). */
  chunks?: Promise<ChunkSource>;
}

const REPORT_LIST_LIMIT = 1000;

function checkCancelled(opts: ImportOptions): void {
  if (opts.isCancelled?.()) throw new AppError('CANCELLED', 'The import was cancelled; nothing was changed.');
}

/** Fills the existing profile's empty fields (and adds list items) from the incoming row. */
function mergeInto(existing: TalentInputParsed, incoming: TalentInputParsed): TalentInputParsed {
  const out: Record<string, unknown> = { ...existing };
  for (const [k, v] of Object.entries(incoming)) {
    const cur = out[k];
    if (Array.isArray(v) && Array.isArray(cur)) out[k] = [...cur, ...v];
    else if (k === 'notes' && typeof cur === 'string' && cur && typeof v === 'string' && v) {
      // Notes also carry what the import kept for review: add the lines the profile does not have yet.
      const have = new Set(cur.split('\n'));
      const added = v.split('\n').filter((l) => !have.has(l));
      if (added.length) out[k] = [cur, ...added].join('\n');
    } else if ((cur == null || cur === '' || cur === 'unknown') && v != null && v !== '') out[k] = v;
  }
  return parseTalentInput(out);
}

/** The write side of an import: duplicates, inserts and the report, a chunk at a time, inside the transaction. */
class ImportWriter {
  readonly report: ImportReport;
  private readonly db: AppDatabase;
  private readonly opts: ImportOptions;
  private readonly readProblems: Map<number, string>;
  private readonly dupes: DuplicateIndex | null;
  private readonly bulk: BulkTalentInsert | null;
  private readonly toMerge: { id: string; values: TalentValues }[] = [];
  private readonly now = Date.now();

  constructor(db: AppDatabase, source: ChunkSource, opts: ImportOptions) {
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
  }

  private problem(row: number, message: string): void {
    this.report.invalid++;
    if (this.report.problems.length < REPORT_LIST_LIMIT) this.report.problems.push({ row, message });
  }

  write(chunk: ValidatedChunk): void {
    const fresh: TalentValues[] = [];
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
          const fromFile = dup.existing.startsWith('row:');
          if (report.duplicates.length < REPORT_LIST_LIMIT) {
            report.duplicates.push({
              row: rowNumber,
              name: fullNameOf(row),
              existingId: fromFile ? null : dup.existing,
              reason: fromFile ? `${dup.reason} as row ${dup.existing.slice(4)}` : dup.reason,
            });
          }
          if (this.opts.duplicates === 'merge' && !fromFile) {
            this.toMerge.push({ id: dup.existing, values: row });
            kept.add(k);
          } else report.skippedDuplicates++;
          continue;
        }
        this.dupes.add(keys, `row:${rowNumber}`);
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
    insertTalentValues(this.db, fresh, this.now);
    report.imported += fresh.length;
    this.bulk?.derive();
  }

  finish(): ImportReport {
    this.bulk?.finish();
    for (const m of this.toMerge) {
      const row = this.db.sqlite.prepare('SELECT * FROM talent WHERE id = ?').get(m.id) as TalentRow;
      updateTalent(this.db, m.id, mergeInto(parseTalentInput(rowToTalent(row)), valuesToInput(m.values)));
      this.report.merged++;
    }
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
  const source = await (opts.chunks ?? openChunks(path, opts.mapping, opts.duplicates, opts.read));
  const { total } = source.sheet;
  /** Hands every chunk to `take`, in order, with a cancel check and progress between chunks. */
  const drain = async (take: (c: ValidatedChunk) => void) => {
    for (let c = await source.next(); c; c = await source.next()) {
      checkCancelled(opts);
      take(c);
      opts.onProgress?.('validating', c.start + c.rows.length, total);
    }
    checkCancelled(opts);
    opts.onProgress?.('writing', 0, total);
  };
  const finish = (writer: ImportWriter) => {
    const done = writer.finish();
    checkCancelled(opts); // in the import worker a cancel can land during finish(): the flag is shared memory
    return done;
  };
  let report: ImportReport;
  try {
    if (opts.ownConnection) {
      db.sqlite.exec('BEGIN IMMEDIATE');
      try {
        const writer = new ImportWriter(db, source, opts);
        await drain((c) => writer.write(c));
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
        const writer = new ImportWriter(db, source, opts);
        for (const c of chunks) writer.write(c);
        return finish(writer);
      })();
    }
  } finally {
    source.close();
  }
  report.elapsedMs = Math.round(performance.now() - started);
  opts.onProgress?.('done', total, total);
  return report;
}
