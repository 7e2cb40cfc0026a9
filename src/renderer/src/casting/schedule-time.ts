// Wall-clock times for auditions ('YYYY-MM-DDTHH:MM', the office's own time), computed without time zones.

/** Today in the local calendar, as YYYY-MM-DD. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A wall time plus minutes (across midnight too). */
export function addMinutes(wall: string, minutes: number): string {
  const d = new Date(`${wall}:00Z`);
  return new Date(d.getTime() + minutes * 60_000).toISOString().slice(0, 16);
}

export function minutesBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}:00Z`) - Date.parse(`${a}:00Z`)) / 60_000);
}

export const hhmm = (wall: string) => wall.slice(11, 16);

/** Half-hour slots of a day from 09:00 to 20:00, widened to hold any audition outside them. */
export function daySlots(day: string, starts: string[]): string[] {
  const first = Math.min(9 * 60, ...starts.map((s) => Number(s.slice(11, 13)) * 60));
  const last = Math.max(20 * 60, ...starts.map((s) => Number(s.slice(11, 13)) * 60 + 30));
  const out: string[] = [];
  for (let m = first; m < last; m += 30) {
    out.push(`${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return out;
}

export const LAST_PLACE_KEY = 'castmatch.auditions.lastPlace';
export function lastPlace(): string {
  try {
    return localStorage.getItem(LAST_PLACE_KEY) ?? '';
  } catch {
    return '';
  }
}
export function rememberPlace(place: string): void {
  try {
    localStorage.setItem(LAST_PLACE_KEY, place);
  } catch {
    // Storage full or off: the next form starts empty, nothing else is lost.
  }
}
