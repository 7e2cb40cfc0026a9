// Emails as offices write them: "NA", "-", "nil" are empty; "mailto:", spaces and a trailing dot are
// dropped; a second address in the cell is kept as another contact.
import { isEmptyValue } from './empty.ts';

export interface EmailResult {
  email: string | null;
  others: string[];
  error?: string;
}

// Deliberately plain: the profile schema checks the address properly; this only finds candidates.
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const SEPARATORS = /\s*[,;/|\s]\s*/;

export function parseEmails(raw: string): EmailResult {
  if (isEmptyValue(raw)) return { email: null, others: [] };
  const found: string[] = [];
  const unreadable: string[] = [];
  for (const part of raw.trim().toLowerCase().split(SEPARATORS)) {
    const p = part
      .replace(/^mailto:/, '')
      .replace(/[.,]+$/, '')
      .replace(/^<|>$/g, '');
    if (!p || isEmptyValue(p)) continue;
    if (ADDRESS.test(p)) {
      if (!found.includes(p)) found.push(p);
    } else unreadable.push(part);
  }
  const [email = null, ...others] = found;
  return unreadable.length
    ? { email, others, error: `not an email address: ${unreadable.map((u) => `"${u}"`).join(', ')}` }
    : { email, others };
}
