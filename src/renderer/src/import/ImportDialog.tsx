import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import { events } from '../../../shared/api.ts';
import type {
  ColumnMapping,
  ImportPreview,
  ImportReport,
  ReadOptions as ReadChoice,
} from '../../../shared/talent-import.ts';
import { call, errorMessage, onEvent, registerFile } from '../api.ts';
import { takeOpenedFile, useOpenedFile } from '../opened-files.ts';
import { formatCount } from '../talent/format.ts';
import { downloadBase64 } from '../ui/download.ts';
import { Modal } from '../ui/Modal.tsx';
import { DUPLICATES_KEY, DuplicateReview } from './DuplicateReview.tsx';
import { ImportReportView } from './ImportReportView.tsx';
import { MappingTable } from './MappingTable.tsx';
import { type Encoding, isEncoding, ReadOptions } from './ReadOptions.tsx';

/** The file being imported: its handle, its name, and how it is read (the user's choices). */
interface Source {
  file: string;
  name: string;
  read: ReadChoice;
}

type Step =
  | { kind: 'choose'; error?: string }
  /** Duplicates earlier imports left for a person to decide. */
  | { kind: 'undecided' }
  | {
      kind: 'preview';
      source: Source;
      preview: ImportPreview;
      mapping: ColumnMapping;
      /** The file is being read again with other options. */
      busy?: boolean;
      error?: string;
    }
  | { kind: 'running'; jobId: string; phase: string; done: number; total: number }
  | { kind: 'report'; report: ImportReport; source: Source; mapping: ColumnMapping };

const progressSchema = events['import.progress'];

function newJobId(): string {
  return `imp_${crypto.randomUUID().replace(/-/g, '')}`;
}

/** Exactly how the previewed rows were read, so the import reads the same sheet, header row and encoding. */
function readOptionsOf(preview: ImportPreview): ReadChoice {
  return {
    sheet: preview.sheet,
    headerRow: preview.headerRow,
    encoding: preview.format === 'csv' && isEncoding(preview.encoding) ? preview.encoding : null,
  };
}

const sameHeaders = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((h, i) => h === b[i]);

/** Import an agency spreadsheet: pick or drop → check how it is read and map columns → import → report. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [over, setOver] = useState(false);
  const [duplicates, setDuplicates] = useState<'skip' | 'merge' | 'create'>('skip');
  // Only the answer to the latest read is shown: choices made quickly one after another do not race.
  const readSeq = useRef(0);
  // Duplicates an earlier import left undecided (the person closed its report): still reachable from here.
  const undecided = useQuery({
    queryKey: [DUPLICATES_KEY, 'pending'],
    queryFn: () => call('talentImport.duplicates.list', { includeResolved: false, limit: 1 }),
    enabled: step.kind === 'choose',
  });
  const pendingDuplicates = undecided.data?.pending ?? 0;

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

  /** Previews a registered file (picked, dropped, or opened with the app). */
  const previewFile = async (handle: Promise<string> | string, name: string) => {
    const seq = ++readSeq.current;
    try {
      const file = await handle;
      const preview = await call('talentImport.preview', { file });
      if (seq !== readSeq.current) return;
      setStep({
        kind: 'preview',
        source: { file, name, read: {} },
        preview,
        mapping: preview.suggestedMapping,
      });
    } catch (e) {
      if (seq === readSeq.current) setStep({ kind: 'choose', error: errorMessage(e) });
    }
  };
  const choose = async (file: File | undefined) => {
    if (file) await previewFile(registerFile(file), file.name);
  };

  // A spreadsheet opened with the app ("Open with", a second launch) is previewed as if picked here.
  const opened = useOpenedFile();
  // biome-ignore lint/correctness/useExhaustiveDependencies: previewFile is recreated every render
  useEffect(() => {
    if (opened?.kind !== 'import' || (step.kind !== 'choose' && step.kind !== 'preview')) return;
    const f = takeOpenedFile('import');
    if (f) void previewFile(f.file, f.name);
  }, [opened, step.kind]);

  /** Reads the file again with other options; a failure keeps the current preview and says why. */
  const reread = async (s: Extract<Step, { kind: 'preview' }>, read: ReadChoice) => {
    const seq = ++readSeq.current;
    setStep({ ...s, busy: true, error: undefined });
    try {
      const preview = await call('talentImport.preview', { file: s.source.file, ...read });
      if (seq !== readSeq.current) return;
      // Other column names (another header row or sheet) get the new suggestion; the same ones keep the
      // user's mapping.
      const mapping = sameHeaders(preview.headers, s.preview.headers) ? s.mapping : preview.suggestedMapping;
      setStep({ kind: 'preview', source: { ...s.source, read }, preview, mapping });
    } catch (e) {
      if (seq === readSeq.current) setStep({ ...s, busy: false, error: errorMessage(e) });
    }
  };

  const run = async (s: Extract<Step, { kind: 'preview' }>) => {
    const jobId = newJobId();
    const source = { ...s.source, read: readOptionsOf(s.preview) };
    setStep({ kind: 'running', jobId, phase: 'reading', done: 0, total: s.preview.rowCount });
    try {
      const report = await call('talentImport.run', {
        file: source.file,
        jobId,
        mapping: s.mapping,
        duplicates,
        ...source.read,
      });
      setStep({ kind: 'report', report, source, mapping: s.mapping });
      void qc.invalidateQueries();
    } catch (e) {
      setStep({ kind: 'choose', error: errorMessage(e) });
    }
  };

  const saveProblems = async (s: Extract<Step, { kind: 'report' }>) => {
    const r = await call('talentImport.problemsCsv', {
      file: s.source.file,
      mapping: s.mapping,
      ...s.source.read,
    });
    downloadBase64(r.fileName, r.mime, r.base64);
    return { fileName: r.fileName, rows: r.rows };
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
          {pendingDuplicates > 0 && (
            <div className="actions">
              <button type="button" className="btn" onClick={() => setStep({ kind: 'undecided' })}>
                Undecided duplicates ({formatCount(pendingDuplicates)})
              </button>
            </div>
          )}
        </>
      )}
      {step.kind === 'undecided' && (
        <>
          <DuplicateReview />
          <div className="actions">
            <button type="button" className="btn" onClick={() => setStep({ kind: 'choose' })}>
              Back to import
            </button>
          </div>
        </>
      )}
      {step.kind === 'preview' && (
        <PreviewStep
          step={step}
          duplicates={duplicates}
          radioName={`${id}-dup`}
          onDuplicates={setDuplicates}
          onHeaderRow={(headerRow) => void reread(step, { ...step.source.read, headerRow })}
          onSheet={(sheet) => void reread(step, { sheet, encoding: step.source.read.encoding })}
          onEncoding={(encoding) => void reread(step, { ...step.source.read, encoding })}
          onMapping={(mapping) => setStep({ ...step, mapping })}
          onRun={() => void run(step)}
          onBack={() => {
            readSeq.current++;
            setStep({ kind: 'choose' });
          }}
        />
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
      {step.kind === 'report' && (
        <ImportReportView report={step.report} onSaveProblems={() => saveProblems(step)} onDone={onClose} />
      )}
    </Modal>
  );
}

function PreviewStep(props: {
  step: Extract<Step, { kind: 'preview' }>;
  duplicates: 'skip' | 'merge' | 'create';
  radioName: string;
  onDuplicates: (d: 'skip' | 'merge' | 'create') => void;
  onHeaderRow: (row: number) => void;
  onSheet: (sheet: string) => void;
  onEncoding: (encoding: Encoding) => void;
  onMapping: (mapping: ColumnMapping) => void;
  onRun: () => void;
  onBack: () => void;
}) {
  const { step } = props;
  const { preview } = step;
  const hasName = Object.values(step.mapping).includes('fullName');
  return (
    <>
      <p>
        <b>{step.source.name}</b>: {formatCount(preview.rowCount)} rows (
        {preview.format === 'csv' ? `CSV, ${preview.encoding}` : 'Excel workbook'}). Check how it is read and
        which column holds what.
      </p>
      <ReadOptions
        preview={preview}
        busy={Boolean(step.busy)}
        onHeaderRow={props.onHeaderRow}
        onSheet={props.onSheet}
        onEncoding={props.onEncoding}
      />
      {step.busy && <p role="status">Reading the file again…</p>}
      {step.error && (
        <p className="field-error" role="alert">
          {step.error}
        </p>
      )}
      <MappingTable preview={preview} mapping={step.mapping} onChange={props.onMapping} />
      <fieldset style={{ border: 0, padding: 0, marginTop: 12 }}>
        <legend>
          When someone is already in the office or earlier in the file (same phone, email, or name and birth
          date)
        </legend>
        {(
          [
            ['skip', 'Decide after the import, side by side'],
            ['merge', 'Merge into the existing profile (the other spelling kept)'],
            ['create', 'Add a new profile anyway'],
          ] as const
        ).map(([v, label]) => (
          <label key={v} className="facet">
            <input
              type="radio"
              name={props.radioName}
              checked={props.duplicates === v}
              onChange={() => props.onDuplicates(v)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" className="btn primary" disabled={!hasName || step.busy} onClick={props.onRun}>
          Import {formatCount(preview.rowCount)} rows
        </button>
        <button type="button" className="btn" onClick={props.onBack}>
          Choose another file
        </button>
        {!hasName && <span className="field-error">Map a column to “Full name” to import.</span>}
      </div>
    </>
  );
}
