// A talent import, start to end: read → map and validate every row → find duplicates → write everything in
// ONE transaction. A cancel or any failure before the commit leaves the database exactly as it was.

import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { TalentInputParsed } from '../../../shared/talent.ts';
import type { ColumnMapping, ImportPreview, ImportReport } from '../../../shared/talent-import.ts';
import type { AppDatabase } from '../../store/db.ts';
import { workerUrl } from '../../workers/url.ts';
import { insertTalentRows, parseTalentInput, rowToTalent, type TalentRow, updateTalent } from '../repo.ts';
import { buildDuplicateIndex } from './duplicates.ts';
import { suggestMapping } from './mapping.ts';
import { readSheet } from './read.ts';
import { type RowResult, validateRow } from './validate.ts';

export async function previewImport(path: string): Promise<ImportPreview> {
  const sheet = await readSheet(path);
  const headers = sheet.rows[0]!.map((h) => h.trim());
  return {
    format: sheet.format,
    encoding: sheet.encoding,
    headers,
    sampleRows: sheet.rows.slice(1, 6),
    rowCount: sheet.rows.length - 1,
    suggestedMapping: suggestMapping(headers),
    warnings: sheet.warnings,
  };
}

export interface ImportOptions {
  jobId: string;
  mapping: ColumnMapping;
  duplicates: 'skip' | 'merge' | 'create';
  onProgress?: (phase: 'reading' | 'validating' | 'writing' | 'done', done: number, total: number) => void;
  isCancelled?: () => boolean;
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
    else if ((cur == null || cur === '' || cur === 'unknown') && v != null && v !== '') out[k] = v;
  }
  return parseTalentInput(out);
}

const PARALLEL_FROM_ROWS = 20_000;
const CHUNK = 2000;

/**
 * Validates every row, in chunks that let progress and cancel messages through. A large file is split in
 * two: the second half goes to a worker thread while this thread does the first.
 */
async function validateAll(data: string[][], opts: ImportOptions, headerWidth: number): Promise<RowResult[]> {
  const split = data.length >= PARALLEL_FROM_ROWS ? Math.floor(data.length / 2) : data.length;
  const second =
    split < data.length
      ? new Promise<RowResult[]>((resolve, reject) => {
          const worker = new Worker(
            workerUrl(new URL('./validate-worker.ts', import.meta.url), 'talent-validate-worker'),
            {
              workerData: { rows: data.slice(split), mapping: opts.mapping, headerWidth },
            },
          );
          worker.once('message', (m: RowResult[]) => {
            resolve(m);
            void worker.terminate();
          });
          worker.once('error', reject);
        })
      : Promise.resolve([] as RowResult[]);
  const first: RowResult[] = [];
  for (let i = 0; i < split; i++) {
    if (i % CHUNK === 0) {
      checkCancelled(opts);
      opts.onProgress?.('validating', split < data.length ? i * 2 : i, data.length);
      await new Promise((r) => setImmediate(r));
    }
    first.push(validateRow(data[i]!, opts.mapping, headerWidth));
  }
  const rest = await second;
  checkCancelled(opts);
  return first.concat(rest);
}

export async function runImport(db: AppDatabase, path: string, opts: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  opts.onProgress?.('reading', 0, 1);
  const sheet = await readSheet(path);
  const mapped = new Set(Object.values(opts.mapping).filter(Boolean));
  if (!mapped.has('fullName')) {
    throw new AppError('MISSING_COLUMNS', 'Choose which column holds the full name: it is required.');
  }
  const data = sheet.rows.slice(1);
  const total = data.length;
  const report: ImportReport = {
    jobId: opts.jobId,
    totalRows: total,
    imported: 0,
    merged: 0,
    skippedDuplicates: 0,
    invalid: 0,
    problems: [],
    duplicates: [],
    elapsedMs: 0,
  };
  const problem = (row: number, message: string) => {
    report.invalid++;
    if (report.problems.length < REPORT_LIST_LIMIT) report.problems.push({ row, message });
  };
  const readProblems = new Map(sheet.problems.map((p) => [p.row, p.message]));
  const headerWidth = sheet.rows[0]!.length;

  const results = await validateAll(data, opts, headerWidth);
  const dupes = buildDuplicateIndex(db);
  const toInsert: TalentInputParsed[] = [];
  const toMerge: { id: string; input: TalentInputParsed }[] = [];
  for (let i = 0; i < data.length; i++) {
    const rowNumber = i + 2; // spreadsheet numbering: the header is row 1
    const readError = readProblems.get(rowNumber);
    if (readError) {
      problem(rowNumber, readError);
      continue;
    }
    const result = results[i]!;
    if (!result.ok) {
      problem(rowNumber, result.message);
      continue;
    }
    const t = result.value;
    const dup = opts.duplicates === 'create' ? null : dupes.find(t);
    if (dup) {
      const fromFile = dup.existing.startsWith('row:');
      if (report.duplicates.length < REPORT_LIST_LIMIT) {
        report.duplicates.push({
          row: rowNumber,
          name: t.fullName,
          existingId: fromFile ? null : dup.existing,
          reason: fromFile ? `${dup.reason} as row ${dup.existing.slice(4)}` : dup.reason,
        });
      }
      if (opts.duplicates === 'merge' && !fromFile) toMerge.push({ id: dup.existing, input: t });
      else report.skippedDuplicates++;
      continue;
    }
    dupes.add(t, `row:${rowNumber}`);
    toInsert.push(t);
  }
  checkCancelled(opts);
  opts.onProgress?.('writing', 0, toInsert.length + toMerge.length);
  db.sqlite.transaction(() => {
    insertTalentRows(db, toInsert);
    for (const m of toMerge) {
      const row = db.sqlite.prepare('SELECT * FROM talent WHERE id = ?').get(m.id) as TalentRow;
      updateTalent(db, m.id, mergeInto(parseTalentInput(rowToTalent(row)), m.input));
      report.merged++;
    }
    checkCancelled(opts);
  })();
  report.imported = toInsert.length;
  report.elapsedMs = Math.round(performance.now() - started);
  opts.onProgress?.('done', total, total);
  return report;
}
