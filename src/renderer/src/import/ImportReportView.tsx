// What an import did: counts, the people imported with a field left empty (named, filterable), the rows
// not imported, the duplicates, and the rows with problems saved as a CSV to fix and import again.
import { useState } from 'react';
import type { ImportReport } from '../../../shared/talent-import.ts';
import { errorMessage } from '../api.ts';
import { formatCount } from '../talent/format.ts';
import { ReportTable } from '../ui/ReportTable.tsx';
import { DuplicateReview } from './DuplicateReview.tsx';
import { FieldProblems } from './FieldProblems.tsx';

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; text: string }
  | { kind: 'error'; text: string };

function Stat({ n, label }: { n: number; label: string }) {
  return (
    <div className="stat">
      <b>{formatCount(n)}</b>
      {label}
    </div>
  );
}

export function ImportReportView({
  report,
  onSaveProblems,
  onDone,
}: {
  report: ImportReport;
  /** Writes the rows with problems as a CSV download; resolves to the file's name and row count. */
  onSaveProblems: () => Promise<{ fileName: string; rows: number }>;
  onDone: () => void;
}) {
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const anyProblems = report.invalid > 0 || report.fieldProblemCount > 0;
  const saveProblems = async () => {
    setSave({ kind: 'saving' });
    try {
      const r = await onSaveProblems();
      setSave({
        kind: 'saved',
        text: `Saved ${formatCount(r.rows)} row${r.rows === 1 ? '' : 's'} to “${r.fileName}”.`,
      });
    } catch (e) {
      setSave({ kind: 'error', text: errorMessage(e) });
    }
  };
  return (
    <section aria-label="Import report">
      <div className="stat-row">
        <Stat n={report.imported} label="imported" />
        <Stat n={report.merged} label="merged" />
        <Stat n={report.skippedDuplicates} label="duplicates to decide" />
        <Stat n={report.invalid} label="not imported" />
        <Stat n={report.peopleNeedingReview} label="people needing review" />
      </div>
      <p>
        {formatCount(report.totalRows)} row{report.totalRows === 1 ? '' : 's'} read below the column names in
        row {report.headerRow}
        {report.sheet ? ` of sheet “${report.sheet}”` : ''}.
      </p>
      {report.fieldProblems.length > 0 && (
        <>
          <h3>People imported with a field left empty</h3>
          <p>Each unreadable cell is kept in the person’s notes under “Needs review”.</p>
          <FieldProblems problems={report.fieldProblems} total={report.fieldProblemCount} />
        </>
      )}
      {report.problems.length > 0 && (
        <>
          <h3>Rows not imported</h3>
          <ReportTable
            label="Rows not imported"
            items={report.problems}
            columns={[
              { header: 'Row', cell: (p) => p.row },
              { header: 'Problem', cell: (p) => p.message },
            ]}
          />
          {report.invalid > report.problems.length && (
            <p>
              The first {formatCount(report.problems.length)} of {formatCount(report.invalid)}; the saved CSV
              has every row.
            </p>
          )}
        </>
      )}
      {report.duplicates.length > 0 && <DuplicateReview jobId={report.jobId} />}
      {save.kind === 'saved' && <p role="status">{save.text}</p>}
      {save.kind === 'error' && (
        <p role="alert" className="field-error">
          {save.text}
        </p>
      )}
      <div className="actions">
        {anyProblems && (
          <button
            type="button"
            className="btn"
            disabled={save.kind === 'saving'}
            onClick={() => void saveProblems()}
          >
            {save.kind === 'saving' ? 'Saving…' : 'Save rows with problems as CSV'}
          </button>
        )}
        <button type="button" className="btn primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
