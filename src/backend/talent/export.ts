// Exporting the current search for producers and agencies: CSV (UTF-8 with BOM, so Excel shows Devanagari)
// or XLSX. Cells that a spreadsheet would run as a formula are neutralised. Every column is one the import
// reads back (import/columns.ts), lists quoted where an item holds a separator (import/lists.ts), so that the
// office's own export re-imported gives back the same people and values, other spellings included.
import { PassThrough } from 'node:stream';
import Papa from 'papaparse';
import { FLUENCY_LABELS, GENDER_LABELS, type TalentQuery } from '../../shared/talent.ts';
import { neutraliseCell } from '../export/cells.ts';
import { loadExcel } from '../export/excel.ts';
import type { AppDatabase } from '../store/db.ts';
import { runWorkerOnce } from '../workers/once.ts';
import { workerUrl } from '../workers/url.ts';
import { joinList } from './import/lists.ts';
import { rowToTalent, type TalentRow } from './repo.ts';
import { parseTalentQuery, searchTalent } from './search.ts';

const HEADERS = [
  'Full name',
  'Native name',
  'Stage name',
  'Other spellings',
  'Gender',
  'Date of birth',
  'Playing age',
  'Height (cm)',
  'Build',
  'Languages',
  'Dialects',
  'Skills',
  'City',
  'Home state',
  'Agency',
  'Agent',
  'Agent phone',
  'Agent email',
  'Union',
  'Union number',
  'Phone',
  'Email',
  'Showreel',
  'Tags',
  'Rating',
  'Availability',
  'Notes',
];

function* exportRows(db: AppDatabase, query: TalentQuery): Generator<string[]> {
  const q = parseTalentQuery(query);
  let cursor: string | null = null;
  const byId = db.sqlite.prepare('SELECT * FROM talent WHERE id = ?');
  do {
    const page = searchTalent(db, { ...q, cursor, limit: 500, withTotal: false });
    for (const card of page.items) {
      const t = rowToTalent(byId.get(card.id) as TalentRow);
      yield [
        t.fullName,
        t.nativeName ?? '',
        t.stageName ?? '',
        joinList(t.aliases ?? []),
        t.gender ? GENDER_LABELS[t.gender] : '',
        t.dateOfBirth ?? '',
        t.playingAgeMin != null ? `${t.playingAgeMin}-${t.playingAgeMax ?? ''}` : '',
        t.heightCm?.toString() ?? '',
        t.build ?? '',
        t.languages.map((l) => `${l.language} (${FLUENCY_LABELS[l.fluency]})`).join(', '),
        joinList(t.dialects),
        joinList(t.skills),
        t.city ?? '',
        t.homeState ?? '',
        t.agency ?? '',
        t.agentName ?? '',
        t.agentPhone ?? '',
        t.agentEmail ?? '',
        t.unionName ?? '',
        t.unionNumber ?? '',
        t.phone ?? '',
        t.email ?? '',
        t.showreelUrl ?? '',
        joinList(t.tags),
        t.rating?.toString() ?? '',
        t.availability,
        t.notes ?? '',
      ].map(neutraliseCell);
    }
    cursor = page.nextCursor;
  } while (cursor);
}

export async function exportTalent(
  db: AppDatabase,
  query: TalentQuery,
  format: 'csv' | 'xlsx',
): Promise<{ fileName: string; mime: string; data: Buffer; rows: number }> {
  // One read transaction: every page of the export comes from the same snapshot.
  const rows = db.sqlite.transaction(() => [...exportRows(db, query)])();
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'csv') {
    const csv = Papa.unparse([HEADERS, ...rows], { quotes: true });
    return {
      fileName: `castmatch-talent-${stamp}.csv`,
      mime: 'text/csv',
      data: Buffer.from(`\ufeff${csv}`),
      rows: rows.length,
    };
  }
  // exceljs's streaming writer, without shared strings: a 100k-row sheet in about a third of the time
  // the in-memory workbook takes.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  const ws = wb.addWorksheet('Talent', { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(HEADERS);
  header.font = { bold: true };
  header.commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  const data = Buffer.concat(chunks);
  return {
    fileName: `castmatch-talent-${stamp}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    data,
    rows: rows.length,
  };
}

type ExportResult = Awaited<ReturnType<typeof exportTalent>>;

/** exportTalent off the calling thread (export-worker.ts); in-thread for an in-memory database (tests). */
export async function exportTalentInWorker(
  db: AppDatabase,
  query: TalentQuery,
  format: 'csv' | 'xlsx',
): Promise<ExportResult> {
  if (db.file === ':memory:') return exportTalent(db, query, format);
  const r = await runWorkerOnce<Omit<ExportResult, 'data'> & { data: Uint8Array }>(
    workerUrl(new URL('./export-worker.ts', import.meta.url), 'talent-export-worker'),
    { dbFile: db.file, query, format },
    'EXPORT_FAILED',
    'The export',
  );
  return { ...r, data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength) };
}
