// Spreadsheet cells we write for people to open in Excel or LibreOffice (talent exports, breakdowns).
export type Cell = string | number;

/**
 * Spreadsheet programs run a cell starting with = + - @ (or a tab/CR that some of them skip) as a formula:
 * such text is prefixed with ' so it stays text. Numbers pass through.
 */
export function neutraliseCell<T extends Cell>(v: T): T {
  if (typeof v === 'number') return v;
  return (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) as T;
}
