// The words of the sync progress line ("12,345 of 100,000 changes · 3.1 MB · about 40 s left"), apart from the
// component so that they are tested under Node.
import type { SyncProgressView } from '../../../shared/sync/desktop-api.ts';

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toLocaleString(undefined, { maximumFractionDigits: v < 10 ? 1 : 0 })} ${units[i]}`;
}

export function formatTimeLeft(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  return `about ${h} h ${Math.round((seconds - h * 3600) / 60)} min left`;
}

export function progressText(p: SyncProgressView): string {
  return [
    `${p.done.toLocaleString()} of ${p.total.toLocaleString()} changes`,
    formatBytes(p.bytes),
    formatTimeLeft(p.secondsLeft),
  ]
    .filter(Boolean)
    .join(' · ');
}
