// How the file is read, shown before the import so the user can correct it: which row holds the column
// names, which sheet of a workbook, which text encoding of a CSV — each change re-reads the file and the
// preview below follows. The file's warnings (hidden sheets, broken quotes, title rows) are listed here too.
import { useId } from 'react';
import { IMPORT_ENCODINGS, type ImportPreview } from '../../../shared/talent-import.ts';
import { formatCount } from '../talent/format.ts';

export type Encoding = (typeof IMPORT_ENCODINGS)[number];

export const isEncoding = (s: string | null | undefined): s is Encoding =>
  (IMPORT_ENCODINGS as readonly string[]).includes(s ?? '');

/** A header candidate as the user would recognise it: its first few non-empty cells. */
function rowGist(cells: readonly string[]): string {
  const text = cells
    .map((c) => c.trim())
    .filter(Boolean)
    .slice(0, 4)
    .join(' | ');
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}

const sheetLabel = (s: ImportPreview['sheets'][number]) =>
  `${s.name} — ${formatCount(s.rows)} row${s.rows === 1 ? '' : 's'}${s.hidden ? ' (hidden)' : ''}`;

export function ReadOptions({
  preview,
  busy,
  onHeaderRow,
  onSheet,
  onEncoding,
}: {
  preview: ImportPreview;
  /** The file is being read again: the choices wait for it. */
  busy: boolean;
  onHeaderRow: (row: number) => void;
  onSheet: (sheet: string) => void;
  onEncoding: (encoding: Encoding) => void;
}) {
  const id = useId();
  const candidates = preview.topRows.some((r) => r.row === preview.headerRow)
    ? preview.topRows
    : [{ row: preview.headerRow, cells: preview.headers }, ...preview.topRows];
  return (
    <>
      <div className="form-grid">
        <div>
          <label htmlFor={`${id}-header`}>Header row</label>
          <select
            id={`${id}-header`}
            className="input"
            value={String(preview.headerRow)}
            disabled={busy}
            onChange={(e) => onHeaderRow(Number(e.target.value))}
          >
            {candidates.map((r) => (
              <option key={r.row} value={String(r.row)}>
                Row {r.row}: {rowGist(r.cells)}
              </option>
            ))}
          </select>
        </div>
        {preview.format === 'xlsx' && (
          <div>
            <label htmlFor={`${id}-sheet`}>Sheet</label>
            <select
              id={`${id}-sheet`}
              className="input"
              value={preview.sheet ?? ''}
              disabled={busy}
              onChange={(e) => onSheet(e.target.value)}
            >
              {preview.sheets.map((s) => (
                <option key={s.name} value={s.name}>
                  {sheetLabel(s)}
                </option>
              ))}
            </select>
          </div>
        )}
        {preview.format === 'csv' && (
          <div>
            <label htmlFor={`${id}-encoding`}>Encoding</label>
            <select
              id={`${id}-encoding`}
              className="input"
              value={preview.encoding}
              disabled={busy}
              onChange={(e) => {
                if (isEncoding(e.target.value)) onEncoding(e.target.value);
              }}
            >
              {IMPORT_ENCODINGS.map((enc) => (
                <option key={enc} value={enc}>
                  {enc}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p>
        Column names are taken from row {preview.headerRow}
        {preview.sheet ? ` of sheet “${preview.sheet}”` : ''}; {formatCount(preview.rowCount)} row
        {preview.rowCount === 1 ? '' : 's'} below it.
      </p>
      {preview.warnings.length > 0 && (
        <div role="note" aria-label="About this file">
          <ul className="field-error">
            {preview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
