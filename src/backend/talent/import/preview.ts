// What the import dialog shows before Import: the file's format and encoding, its sheets, the header row
// taken (and the first rows to pick another), its headers, a few rows and a suggested column mapping. A
// large file is read in a worker (preview-worker.ts via ImportJobs.preview).
import type { ImportPreview, ReadOptions } from '../../../shared/talent-import.ts';
import { suggestMapping } from './columns.ts';
import { readSheet } from './read.ts';

export async function previewImport(path: string, read: ReadOptions = {}): Promise<ImportPreview> {
  const sheet = await readSheet(path, read);
  const headers = sheet.rows[0]!.map((h) => h.trim());
  return {
    format: sheet.format,
    encoding: sheet.encoding,
    headers,
    sampleRows: sheet.rows.slice(1, 6),
    rowCount: sheet.rows.length - 1,
    suggestedMapping: suggestMapping(headers),
    sheets: sheet.sheets,
    sheet: sheet.sheetName,
    headerRow: sheet.rowNumbers[0]!,
    topRows: sheet.topRows,
    warnings: sheet.warnings,
  };
}
