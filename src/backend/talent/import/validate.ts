// Per-row validation of an import: shape of the row, reading each cell, then the profile schema. Pure, so
// a large file can be validated in two threads at once (validate-worker.ts).

import { type TalentInputParsed, talentInputSchema } from '../../../shared/talent.ts';
import type { ColumnMapping } from '../../../shared/talent-import.ts';
import { convertRow } from './mapping.ts';

export type RowResult = { ok: true; value: TalentInputParsed } | { ok: false; message: string };

export function validateRow(row: readonly string[], mapping: ColumnMapping, headerWidth: number): RowResult {
  let width = row.length;
  while (width > 0 && row[width - 1]!.trim() === '') width--;
  if (row.length !== headerWidth && width > headerWidth) {
    return {
      ok: false,
      message: `Row has ${row.length} cells but the header has ${headerWidth}: check for a missing quote or extra commas.`,
    };
  }
  const { input, errors } = convertRow(row, mapping);
  if (errors.length) return { ok: false, message: errors.join('; ') };
  const parsed = talentInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${issue.path.join('.') || 'row'}: ${issue.message}` };
  }
  return { ok: true, value: parsed.data };
}
