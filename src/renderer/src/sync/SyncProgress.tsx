// The progress of a long pull (a first sync into a large office, or a long catch-up): a progress bar with an
// accessible name and the line "12,345 of 100,000 changes · 3.1 MB · about 40 s left" (backend: sync/progress.ts).
import type { SyncProgressView } from '../../../shared/sync/desktop-api.ts';
import { progressText } from './progress-format.ts';

/** `paused`: the pull was interrupted (offline, signed out): it resumes from here. */
export function SyncProgress({ p, paused }: { p: SyncProgressView; paused: boolean }) {
  const text = paused ? `${progressText({ ...p, secondsLeft: null })} · paused` : progressText(p);
  return (
    <span className="sync-progress">
      <progress aria-label="Sync progress" max={Math.max(1, p.total)} value={p.done} aria-valuetext={text} />
      <span>{text}</span>
    </span>
  );
}
