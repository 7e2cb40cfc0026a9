import { useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useId, useState } from 'react';
import { events } from '../../../shared/api.ts';
import {
  type ColumnMapping,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  type ImportField,
  type ImportPreview,
  type ImportReport,
} from '../../../shared/talent-import.ts';
import { call, errorMessage, onEvent, registerFile } from '../api.ts';
import { formatCount } from '../talent/format.ts';
import { Modal } from '../ui/Modal.tsx';
import { ReportTable } from '../ui/ReportTable.tsx';

type Step =
  | { kind: 'choose'; error?: string }
  | { kind: 'preview'; file: string; name: string; preview: ImportPreview; mapping: ColumnMapping }
  | { kind: 'running'; jobId: string; phase: string; done: number; total: number }
  | { kind: 'report'; report: ImportReport };

const progressSchema = events['import.progress'];

function newJobId(): string {
  return `imp_${crypto.randomUUID().replace(/-/g, '')}`;
}

/** Import an agency spreadsheet: pick or drop → map columns with a preview → import with progress → report. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [over, setOver] = useState(false);
  const [duplicates, setDuplicates] = useState<'skip' | 'merge' | 'create'>('skip');

  useEffect(
    () =>
      onEvent((event, payload) => {
        if (event !== 'import.progress') return;
        const p = progressSchema.safeParse(payload);
        if (!p.success) return;
        setStep((s) => (s.kind === 'running' && s.jobId === p.data.jobId ? { ...s, ...p.data } : s));
      }),
    [],
  );

  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      const handle = await registerFile(file);
      const preview = await call('talentImport.preview', { file: handle });
      setStep({ kind: 'preview', file: handle, name: file.name, preview, mapping: preview.suggestedMapping });
    } catch (e) {
      setStep({ kind: 'choose', error: errorMessage(e) });
    }
  };

  const run = async (s: Extract<Step, { kind: 'preview' }>) => {
    const jobId = newJobId();
    setStep({ kind: 'running', jobId, phase: 'reading', done: 0, total: s.preview.rowCount });
    try {
      const report = await call('talentImport.run', { file: s.file, jobId, mapping: s.mapping, duplicates });
      setStep({ kind: 'report', report });
      void qc.invalidateQueries();
    } catch (e) {
      setStep({ kind: 'choose', error: errorMessage(e) });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void choose(e.dataTransfer.files[0]);
  };

  return (
    <Modal title="Import talent" onClose={onClose}>
      {step.kind === 'choose' && (
        <>
          {step.error && (
            <p className="field-error" role="alert">
              {step.error}
            </p>
          )}
          <section
            className={`dropzone${over ? ' over' : ''}`}
            aria-label="Drop a spreadsheet here"
            onDragOver={(e) => {
              e.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={onDrop}
          >
            <p>Drop a CSV or Excel (.xlsx) file here, or</p>
            <label className="btn primary" htmlFor={`${id}-file`}>
              Choose a file…
            </label>
            <input
              id={`${id}-file`}
              className="sr-only"
              type="file"
              aria-label="Spreadsheet file"
              accept=".csv,.xlsx,.tsv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => void choose(e.target.files?.[0])}
            />
            <p style={{ fontSize: 12 }}>UTF-8, UTF-16 and Windows-1252 files are read; up to 40 MB.</p>
          </section>
        </>
      )}
      {step.kind === 'preview' && (
        <>
          <p>
            <b>{step.name}</b>: {formatCount(step.preview.rowCount)} rows ({step.preview.format.toUpperCase()}
            , {step.preview.encoding}). Check which column holds what.
          </p>
          {step.preview.warnings.map((w) => (
            <p key={w} role="note" className="field-error">
              {w}
            </p>
          ))}
          <div style={{ overflow: 'auto', maxHeight: 320 }}>
            <table className="data">
              <thead>
                <tr>
                  {step.preview.headers.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                    <th key={i} scope="col">
                      <div>{h || `Column ${i + 1}`}</div>
                      <select
                        className="input"
                        aria-label={`Field for column ${h || i + 1}`}
                        value={step.mapping[String(i)] ?? ''}
                        onChange={(e) =>
                          setStep({
                            ...step,
                            mapping: {
                              ...step.mapping,
                              [String(i)]: (e.target.value || null) as ImportField | null,
                            },
                          })
                        }
                      >
                        <option value="">Ignore</option>
                        {IMPORT_FIELDS.map((f) => (
                          <option key={f} value={f}>
                            {IMPORT_FIELD_LABELS[f]}
                          </option>
                        ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {step.preview.sampleRows.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: sample rows are positional
                  <tr key={i}>
                    {step.preview.headers.map((_, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                      <td key={j}>{r[j]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset style={{ border: 0, padding: 0, marginTop: 12 }}>
            <legend>When someone is already in the office (same phone, email, or name and birth date)</legend>
            {(
              [
                ['skip', 'Skip the row'],
                ['merge', 'Fill in the existing profile'],
                ['create', 'Add a new profile anyway'],
              ] as const
            ).map(([v, label]) => (
              <label key={v} className="facet">
                <input
                  type="radio"
                  name={`${id}-dup`}
                  checked={duplicates === v}
                  onChange={() => setDuplicates(v)}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button
              type="button"
              className="btn primary"
              disabled={!Object.values(step.mapping).includes('fullName')}
              onClick={() => void run(step)}
            >
              Import {formatCount(step.preview.rowCount)} rows
            </button>
            <button type="button" className="btn" onClick={() => setStep({ kind: 'choose' })}>
              Choose another file
            </button>
            {!Object.values(step.mapping).includes('fullName') && (
              <span className="field-error">Map a column to “Full name” to import.</span>
            )}
          </div>
        </>
      )}
      {step.kind === 'running' && (
        <div>
          <p role="status">
            {step.phase === 'writing'
              ? 'Finishing: updating the search index…'
              : // Rows are checked and written in one pass (nothing is final until the whole file is in).
                `Importing rows… ${formatCount(step.done)} of ${formatCount(step.total)}`}
          </p>
          <progress
            aria-label="Import progress"
            max={Math.max(1, step.total)}
            value={step.phase === 'writing' ? undefined : step.done}
          />
          <div className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => void call('talentImport.cancel', { jobId: step.jobId })}
            >
              Cancel import
            </button>
          </div>
        </div>
      )}
      {step.kind === 'report' && <ImportReportView report={step.report} onDone={onClose} />}
    </Modal>
  );
}

function ImportReportView({ report, onDone }: { report: ImportReport; onDone: () => void }) {
  return (
    <section aria-label="Import report">
      <div className="stat-row">
        <div className="stat">
          <b>{formatCount(report.imported)}</b>imported
        </div>
        <div className="stat">
          <b>{formatCount(report.merged)}</b>merged
        </div>
        <div className="stat">
          <b>{formatCount(report.skippedDuplicates)}</b>duplicates skipped
        </div>
        <div className="stat">
          <b>{formatCount(report.invalid)}</b>rows with problems
        </div>
      </div>
      {report.problems.length > 0 && (
        <>
          <h3>Rows not imported</h3>
          <ReportTable
            label="Rows with problems"
            items={report.problems}
            columns={[
              { header: 'Row', cell: (p) => p.row },
              { header: 'Problem', cell: (p) => p.message },
            ]}
          />
        </>
      )}
      {report.duplicates.length > 0 && (
        <>
          <h3>Duplicates</h3>
          <ReportTable
            label="Duplicate rows"
            items={report.duplicates}
            columns={[
              { header: 'Row', cell: (d) => d.row },
              { header: 'Name', cell: (d) => d.name },
              { header: 'Why', cell: (d) => d.reason },
            ]}
          />
        </>
      )}
      <div className="actions">
        <button type="button" className="btn primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
