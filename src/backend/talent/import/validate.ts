// Per-row validation of an import: shape of the row, reading each cell, then the profile schema. Pure, so
// a large file is validated in a second thread while the import thread writes (see chunks.ts).

import { type TalentInputParsed, talentInputSchema } from '../../../shared/talent.ts';
import type { ColumnMapping } from '../../../shared/talent-import.ts';
import { type TalentValues, toValues } from '../repo.ts';
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

/** A validated row as the column values to insert, or why it was refused. */
export type ValidatedRow = TalentValues | string;

export function validateRows(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  headerWidth: number,
): ValidatedRow[] {
  return rows.map((row) => {
    const r = validateRow(row, mapping, headerWidth);
    return r.ok ? toValues(r.value) : r.message;
  });
}
