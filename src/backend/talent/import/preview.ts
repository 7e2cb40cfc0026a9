// What the import dialog shows before Import: the file's format and encoding, its headers, a few rows and
// a suggested column mapping. A large file is read in a worker (preview-worker.ts via ImportJobs.preview).
import type { ImportPreview } from '../../../shared/talent-import.ts';
import { suggestMapping } from './mapping.ts';
import { readSheet } from './read.ts';

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
