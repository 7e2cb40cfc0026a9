// Per-row validation of an import: reading each cell, then the profile schema. Only a missing name
// rejects a row; any other unreadable field is left empty, kept verbatim in a "Needs review" line of the
// profile's notes and returned as a field problem. Pure, so a large file is validated in a second thread
// while the import thread writes (see chunks.ts).

import { type TalentInput, type TalentInputParsed, talentInputSchema } from '../../../shared/talent.ts';
import type { ColumnMapping } from '../../../shared/talent-import.ts';
import { ALIASES_AT, type TalentValues, toValues } from '../repo.ts';
import { fastTalentInput } from './fast-input.ts';
import { type CompiledMapping, compileMapping, convertRow, type FieldProblem } from './mapping.ts';

export type RowResult =
  | { ok: true; value: TalentInputParsed; problems: FieldProblem[]; aliases: string[] }
  | { ok: false; message: string };

export interface RowContext {
  columns: CompiledMapping;
  headers: readonly string[];
  headerWidth: number;
  today: Date;
}

export const rowContext = (
  mapping: ColumnMapping,
  headers: readonly string[],
  today = new Date(),
): RowContext => ({
  columns: compileMapping(mapping),
  headers,
  headerWidth: headers.length,
  today,
});

/** A column's name for notes and the report; -1 is the whole row. */
export const columnName = (headers: readonly string[], column: number): string =>
  column < 0 ? '(whole row)' : headers[column]?.trim() || `Column ${column + 1}`;

const MAX_NOTES = 20_000;
const MAX_ATTEMPTS = 8;

function withNotes(
  input: TalentInput,
  lines: readonly string[],
  problems: readonly FieldProblem[],
  headers: readonly string[],
): TalentInput {
  if (!lines.length && !problems.length) return input;
  const all = [
    ...(input.notes ? [input.notes] : []),
    ...lines,
    ...problems.map((p) => `Needs review — ${columnName(headers, p.column)}: "${p.value}" (${p.why})`),
  ];
  const notes = all.join('\n');
  return { ...input, notes: notes.length > MAX_NOTES ? `${notes.slice(0, MAX_NOTES - 1)}…` : notes };
}

/** The first non-empty cells of a row, so a rejected row can be recognised in the report. */
const rowGist = (row: readonly string[]) =>
  row
    .filter((c) => c?.trim())
    .slice(0, 3)
    .map((c) => c.trim().slice(0, 40))
    .join(' | ');

export function validateRow(row: readonly string[], ctx: RowContext, rowNote?: string): RowResult {
  const problems: FieldProblem[] = [];
  if (rowNote) problems.push({ column: -1, value: '', why: rowNote });
  let width = row.length;
  while (width > ctx.headerWidth && !row[width - 1]!.trim()) width--;
  if (width > ctx.headerWidth) {
    problems.push({
      column: -1,
      value: row.slice(ctx.headerWidth, width).join(' | '),
      why: `the row has ${width} cells but the header has ${ctx.headerWidth}; the extra cells were not imported`,
    });
  }
  const converted = convertRow(row, ctx.columns, ctx.headers, ctx.today);
  problems.push(...converted.problems);
  const input = converted.input;
  if (!input.fullName) {
    const gist = rowGist(row);
    return {
      ok: false,
      message: `No readable name, so no person to import${gist ? ` (row: ${gist})` : ''}.`,
    };
  }
  // Most rows pass every check: the hand-written twin of the schema says so without zod's cost.
  const fast = fastTalentInput(withNotes(input, converted.notes, problems, ctx.headers));
  const aliases = cleanAliases(converted.aliases, input.fullName);
  if (fast) return { ok: true, value: fast, problems, aliases };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const parsed = talentInputSchema.safeParse(withNotes(input, converted.notes, problems, ctx.headers));
    if (parsed.success) return { ok: true, value: parsed.data, problems, aliases };
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] as keyof TalentInput | undefined;
    if (!field || field === 'fullName') return { ok: false, message: `Name: ${issue.message}` };
    // Drop the field the schema refused and keep the cell it came from for review.
    const from = ctx.columns.find(([, f]) => f === field || (field === 'unionNumber' && f === 'cintaa'));
    const value = from ? (row[from[0]] ?? '').trim() : String(input[field] ?? '');
    if (field === 'playingAgeMax') delete input.playingAgeMin;
    delete input[field];
    problems.push({ column: from ? from[0] : -1, value, why: issue.message });
  }
  return { ok: false, message: 'This row could not be read.' };
}

/** Other spellings as stored: trimmed, each once, not the name itself; as many as a merge could keep. */
function cleanAliases(aliases: readonly string[], fullName: string): string[] {
  if (!aliases.length) return [];
  const name = fullName.trim();
  const out = new Set<string>();
  for (const a of aliases) {
    const t = a.trim().slice(0, 200);
    if (t && t !== name) out.add(t);
  }
  return [...out].slice(0, 50);
}

/**
 * A validated row as the column values to insert (the other spellings, if any, after them at ALIASES_AT), or
 * why it was refused.
 */
export type ValidatedRow = TalentValues | string;

/** A field problem of row `index` of a chunk, with the column named. */
export interface ChunkFieldProblem {
  index: number;
  name: string;
  column: string;
  value: string;
  why: string;
}

export function validateRows(
  rows: readonly (readonly string[])[],
  ctx: RowContext,
  rowNotes?: (index: number) => string | undefined,
): { rows: ValidatedRow[]; fieldProblems: ChunkFieldProblem[] } {
  const fieldProblems: ChunkFieldProblem[] = [];
  const out = rows.map((row, index) => {
    const r = validateRow(row, ctx, rowNotes?.(index));
    if (!r.ok) return r.message;
    for (const p of r.problems)
      fieldProblems.push({
        index,
        name: r.value.fullName,
        column: columnName(ctx.headers, p.column),
        value: p.value,
        why: p.why,
      });
    const values = toValues(r.value);
    if (r.aliases.length) values[ALIASES_AT] = r.aliases.join('\n');
    return values;
  });
  return { rows: out, fieldProblems };
}
