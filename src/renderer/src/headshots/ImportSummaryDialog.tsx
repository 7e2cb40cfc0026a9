import { useId, useState } from 'react';
import type { ImportReport, ResolveReviewResult } from '../../../shared/headshots.ts';
import { Modal } from '../ui/Modal.tsx';
import { ReportTable } from '../ui/ReportTable.tsx';
import { Counts } from './Counts.tsx';
import { DUPLICATE_LABELS, FAILURE_LABELS, plural } from './format.ts';
import { ReviewStep } from './ReviewStep.tsx';

function resolvedText(r: ResolveReviewResult): string {
  const added = r.assigned.filter((a) => !a.alreadyPresent).length;
  const created = new Set(r.assigned.filter((a) => a.createdTalent).map((a) => a.talentId)).size;
  const parts = [`Added ${plural(added, 'headshot')}`];
  if (created > 0) parts.push(`created ${plural(created, 'profile')}`);
  parts.push(`skipped ${plural(r.skipped, 'file')}`);
  return `${parts.join(', ')}.`;
}

/** The end of an import: what happened to every file, then the review step for images without a person. */
export function ImportSummaryDialog({
  report,
  targetName,
  onClose,
}: {
  report: ImportReport;
  targetName: string | null;
  onClose: () => void;
}) {
  const summaryId = useId();
  const [resolved, setResolved] = useState<ResolveReviewResult | null>(null);
  const c = report.counts;
  const title = report.cancelled ? 'Headshot import cancelled' : 'Headshot import finished';
  return (
    <Modal title={title} onClose={onClose}>
      <section className="hs-summary" aria-labelledby={summaryId}>
        <h3 id={summaryId}>Import summary</h3>
        <p className="hs-muted">
          {plural(c.found, 'file')} {targetName ? `for ${targetName}` : 'matched by file and folder names'} in{' '}
          {(report.durationMs / 1000).toFixed(1)} s
          {c.ignored > 0 ? ` · ${plural(c.ignored, 'system file')} ignored` : ''}.
        </p>
        <Counts
          label="Import counts"
          className="hs-stats"
          rows={[
            { label: 'Imported', value: c.imported, tone: 'ok' },
            { label: 'Duplicates', value: c.duplicates },
            { label: 'Need review', value: resolved ? 0 : c.review, tone: 'warn' },
            { label: 'Failed', value: c.failed, tone: 'bad' },
            ...(report.cancelled
              ? [{ label: 'Not processed', value: c.notProcessed, tone: 'warn' as const }]
              : []),
          ]}
        />

        {report.failed.length > 0 && (
          <div className="hs-table-wrap">
            <ReportTable
              label="Files that failed"
              caption="Files that failed"
              items={report.failed}
              columns={[
                { header: 'File', cell: (f) => f.fileName, className: 'hs-file' },
                { header: 'Reason', cell: (f) => FAILURE_LABELS[f.code] },
                { header: 'Details', cell: (f) => f.message },
              ]}
            />
          </div>
        )}

        {report.imported.length > 0 && (
          <details className="hs-details" open={report.imported.length <= 8}>
            <summary>Imported ({report.imported.length.toLocaleString('en-IN')})</summary>
            <div className="hs-table-wrap">
              <ReportTable
                label="Imported files"
                items={report.imported}
                columns={[
                  { header: 'File', cell: (f) => f.fileName, className: 'hs-file' },
                  {
                    header: 'Added to',
                    cell: (f) => (f.matchedBy === 'profile' ? (targetName ?? 'This profile') : f.derivedName),
                  },
                  { header: 'Primary', cell: (f) => (f.becamePrimary ? 'Yes' : '') },
                ]}
              />
            </div>
          </details>
        )}

        {report.duplicates.length > 0 && (
          <details className="hs-details">
            <summary>Duplicates ({report.duplicates.length.toLocaleString('en-IN')})</summary>
            <div className="hs-table-wrap">
              <ReportTable
                label="Duplicate files"
                items={report.duplicates}
                columns={[
                  { header: 'File', cell: (f) => f.fileName, className: 'hs-file' },
                  { header: 'Why it was not added', cell: (f) => DUPLICATE_LABELS[f.reason] },
                ]}
              />
            </div>
          </details>
        )}
      </section>

      {report.review.length > 0 && !resolved && <ReviewStep items={report.review} onResolved={setResolved} />}
      {resolved && (
        <output className="hs-resolved" aria-live="polite">
          {resolvedText(resolved)}
        </output>
      )}

      <div className="actions">
        {report.review.length > 0 && !resolved ? (
          <>
            <button type="button" className="btn" onClick={onClose}>
              Close without reviewing
            </button>
            <span className="hs-muted">
              Unreviewed images stay stored but on no profile; import them again to review them later.
            </span>
          </>
        ) : (
          <button type="button" className="btn primary" onClick={onClose}>
            Done
          </button>
        )}
      </div>
    </Modal>
  );
}
