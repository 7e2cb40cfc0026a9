// A day's audition schedule as rows, and as CSV. The PDF is drawn by export/schedule-pdf.ts from the same rows
// (handed in by the API layer: casting does not import the export writers).
import type { Audition } from '../../shared/casting.ts';
import { AUDITION_STATUS_LABELS } from '../../shared/casting.ts';

export const SCHEDULE_HEADER = [
  'Date',
  'Start',
  'End',
  'Place',
  'Talent',
  'Role',
  'Status',
  'Phone',
  'Notes',
];

export interface ScheduleSheet {
  title: string;
  subtitle: string;
  header: string[];
  rows: string[][];
}

export function scheduleSheet(
  auditions: Audition[],
  opts: { projectName: string; roleName?: string | null; day: string },
  phoneOf: (talentId: string) => string | null,
): ScheduleSheet {
  return {
    title: `${opts.projectName} — auditions ${opts.day}`,
    subtitle: `${opts.roleName ? `${opts.roleName} · ` : ''}${auditions.length} ${auditions.length === 1 ? 'audition' : 'auditions'}`,
    header: SCHEDULE_HEADER,
    rows: auditions.map((a) => [
      a.startsAt.slice(0, 10),
      a.startsAt.slice(11),
      a.endsAt.slice(11),
      a.place,
      a.talent.stageName ?? a.talent.fullName,
      a.roleName,
      AUDITION_STATUS_LABELS[a.status],
      phoneOf(a.talent.id) ?? '',
      a.notes ?? '',
    ]),
  };
}

/** Text that a spreadsheet would run as a formula (= + - @, tab, CR first) is prefixed with ' to stay text. */
const neutralise = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** RFC 4180 CSV with a BOM, so that Excel reads UTF-8 (Devanagari notes) correctly. */
export function scheduleCsv(sheet: ScheduleSheet): string {
  return `\uFEFF${[sheet.header, ...sheet.rows].map((r) => r.map((v) => quote(neutralise(v))).join(',')).join('\r\n')}\r\n`;
}

export const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'auditions';
