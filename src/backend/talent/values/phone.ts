// Phone numbers as offices type them ("098200 11111", "+91-98200-11111", "(022) 2634 5678", Excel's
// 9820011111.0, "98xxxxxxxx / 99xxxxxxxx") → E.164. The usual case, a clean 10-digit Indian mobile, is read
// without libphonenumber-js; anything else goes through it.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isEmptyValue } from './empty.ts';

export interface PhoneResult {
  /** The first readable number in E.164 (+91…), or null. */
  phone: string | null;
  /** Further readable numbers in the cell, E.164: kept as other contacts. */
  others: string[];
  /** Why a part of the cell could not be read, when one could not. */
  error?: string;
}

const MOBILE = /^(?:\+?91|0{0,2}91|0)?([6-9]\d{9})$/;
const EXCEL_FLOAT = /^(\d{6,15})\.0+$/;
const EXCEL_SCIENTIFIC = /^\d(?:\.\d+)?e\+?\d+$/i;
const SEPARATORS = /\s*(?:[/,;|&\n]|\bor\b|\balt\.?\b)\s*/i;
const NOT_DIALLED = /[^\d+]/g;

function one(part: string): string | null {
  const digits = part.replace(NOT_DIALLED, '');
  const fast = MOBILE.exec(digits);
  if (fast) return `+91${fast[1]}`;
  if (digits.replace('+', '').length < 6) return null;
  const parsed = parsePhoneNumberFromString(digits, 'IN');
  return parsed?.isValid() ? parsed.number : null;
}

/** Splits "9820011111 9930022222" (two numbers typed with only a space between them). */
function splitRun(part: string): string[] {
  const digits = part.replace(/\D/g, '');
  if (digits.length === 20 && MOBILE.test(digits.slice(0, 10)) && MOBILE.test(digits.slice(10)))
    return [digits.slice(0, 10), digits.slice(10)];
  return [part];
}

export function parsePhones(raw: string): PhoneResult {
  let v = raw.trim();
  if (isEmptyValue(v)) return { phone: null, others: [] };
  if (MOBILE.test(v)) return { phone: `+91${v.slice(-10)}`, others: [] };
  const float = EXCEL_FLOAT.exec(v);
  if (float) v = float[1]!;
  if (EXCEL_SCIENTIFIC.test(v))
    return {
      phone: null,
      others: [],
      error: 'Excel stored the number in scientific notation, which loses digits',
    };
  const found: string[] = [];
  const unreadable: string[] = [];
  for (const part of v.split(SEPARATORS).flatMap(splitRun)) {
    if (!part || isEmptyValue(part)) continue;
    const p = one(part);
    if (p) {
      if (!found.includes(p)) found.push(p);
    } else unreadable.push(part);
  }
  const [phone = null, ...others] = found;
  return unreadable.length
    ? { phone, others, error: `not a phone number: ${unreadable.map((u) => `"${u}"`).join(', ')}` }
    : { phone, others };
}
