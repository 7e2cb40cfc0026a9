import { useId, useState } from 'react';
import { Counts } from './Counts.tsx';
import type { ImportRun } from './ImportProvider.tsx';

type Active = Exclude<ImportRun, { kind: 'done' }>;

/**
 * Progress of the running import, in a corner panel rather than a modal: the talent browser stays usable
 * while hundreds of files are processed.
 */
export function ImportProgressPanel({ run, onCancel }: { run: Active; onCancel: () => void }) {
  const headingId = useId();
  const [cancelling, setCancelling] = useState(false);
  const p = run.kind === 'running' ? run.progress : null;
  const counting = p !== null && p.phase === 'processing' && p.total > 0;
  const status =
    run.kind === 'uploading'
      ? 'Preparing files…'
      : !counting
        ? 'Looking through the files…'
        : `${p.done.toLocaleString('en-IN')} of ${p.total.toLocaleString('en-IN')} files`;
  return (
    <section className="hs-progress" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {run.targetName ? `Adding headshots to ${run.targetName}` : 'Importing headshots'}
      </h2>
      {/* The bar carries the full status for screen readers; the text below is not a live region, so a
          big batch does not announce every file. */}
      <progress
        aria-label="Import progress"
        aria-valuetext={counting && p.currentFile ? `${status}, ${p.currentFile}` : status}
        max={counting ? p.total : undefined}
        value={counting ? p.done : undefined}
      />
      <div className="hs-progress-status">
        <span>{status}</span>
        {counting && p.currentFile && (
          <span className="hs-current" title={p.currentFile}>
            {p.currentFile}
          </span>
        )}
      </div>
      {p && (
        <Counts
          label="Counts so far"
          className="hs-counts"
          rows={[
            { label: 'Imported', value: p.imported },
            { label: 'Duplicates', value: p.duplicates },
            { label: 'Need review', value: p.review },
            { label: 'Failed', value: p.failed, tone: 'bad' },
          ]}
        />
      )}
      <div className="hs-progress-actions">
        <button
          type="button"
          className="btn"
          disabled={cancelling}
          onClick={() => {
            setCancelling(true);
            onCancel();
          }}
        >
          {cancelling ? 'Cancelling…' : 'Cancel import'}
        </button>
      </div>
    </section>
  );
}
