// Dates of birth as Indian offices write them: day first (21/03/1994, 21.03.94, 21-Mar-1994), ISO, "March
// 21, 1994", and Excel's day serials (34414) from cells that lost their date format.
import { isEmptyValue } from './empty.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]|$)/;
const DAY_FIRST = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s/.-]+([a-z]{3,9})\.?,?[\s/.-]+(\d{2}|\d{4})$/;
const MONTH_NAME_DAY = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const EXCEL_SERIAL = /^(\d{5})(?:\.0+)?$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function validDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  const ok = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return ok && y >= 1900 ? `${y}-${pad(m)}-${pad(d)}` : undefined;
}

/** "94" → 1994, "05" → 2005: a two-digit year is the most recent one not in the future. */
function fullYear(y: string, today: Date): number {
  if (y.length === 4) return Number(y);
  const n = Number(y);
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  return century + n > today.getUTCFullYear() ? century - 100 + n : century + n;
}

const month = (name: string) => MONTHS.indexOf(name.slice(0, 3)) + 1;

/** An ISO date; null for an empty cell; undefined when the cell is not a date (or an impossible one). */
export function parseDate(raw: string, today = new Date()): string | null | undefined {
  if (isEmptyValue(raw)) return null;
  const v = raw.trim().toLowerCase();
  let m = ISO.exec(v);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_FIRST.exec(v);
  if (m) return validDate(fullYear(m[3]!, today), Number(m[2]), Number(m[1]));
  m = DAY_MONTH_NAME.exec(v);
  if (m && month(m[2]!) > 0) return validDate(fullYear(m[3]!, today), month(m[2]!), Number(m[1]));
  m = MONTH_NAME_DAY.exec(v);
  if (m && month(m[1]!) > 0) return validDate(Number(m[3]), month(m[1]!), Number(m[2]));
  m = EXCEL_SERIAL.exec(v);
  if (m) {
    const serial = Number(m[1]);
    if (serial < 1 || serial > 80_000) return undefined;
    return new Date(EXCEL_EPOCH + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return undefined;
}
