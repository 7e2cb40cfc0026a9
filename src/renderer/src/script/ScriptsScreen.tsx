// The Scripts screen: drop a PDF anywhere (or pick one) → progress with Cancel → the script view. Every
// failure of analysis gets a clear message; a locked PDF asks for its password.
import './script.css';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import type { ScriptProgress } from '../../../shared/script.ts';
import type { DraftDiff } from '../../../shared/script-api.ts';
import { ApiError, call, errorMessage, onEvent, registerFile } from '../api.ts';
import { takeOpenedFile, useOpenedFile } from '../opened-files.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { ERROR_HINTS, errorTitle, newJobId } from './format.ts';
import { PasswordForm } from './PdfViewer.tsx';
import { ScriptView } from './ScriptView.tsx';

type Job =
  | { kind: 'idle' }
  | { kind: 'uploading'; fileName: string }
  | { kind: 'running'; jobId: string; fileName: string; progress: ScriptProgress | null }
  | { kind: 'password'; handle: string; fileName: string; incorrect: boolean }
  | { kind: 'error'; code: string; message: string; fileName: string };

const PHASES: Record<ScriptProgress['phase'], string> = {
  reading: 'Reading the file',
  extracting: 'Reading pages',
  ocr: 'Reading scanned pages (OCR)',
  analysing: 'Finding scenes and characters',
  done: 'Done',
};

export function ScriptsScreen() {
  const qc = useQueryClient();
  const toasts = useToasts();
  const [job, setJob] = useState<Job>({ kind: 'idle' });
  const [open, setOpen] = useState<{ id: string; diff: DraftDiff | null; password?: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const jobRef = useRef<string | null>(null);
  const list = useQuery({ queryKey: ['script.list'], queryFn: () => call('script.list', {}) });

  useEffect(
    () =>
      onEvent((event, payload) => {
        if (event !== 'script.progress') return;
        const p = payload as ScriptProgress & { jobId: string };
        if (p.jobId !== jobRef.current) return;
        setJob((j) => (j.kind === 'running' && j.jobId === p.jobId ? { ...j, progress: p } : j));
      }),
    [],
  );

  const analyse = async (handle: string, fileName: string, password?: string) => {
    const jobId = newJobId();
    jobRef.current = jobId;
    setJob({ kind: 'running', jobId, fileName, progress: null });
    try {
      const r = await call('script.analyze', { file: handle, jobId, ...(password ? { password } : {}) });
      void qc.invalidateQueries({ queryKey: ['script.list'] });
      setJob({ kind: 'idle' });
      setOpen({ id: r.script.id, diff: r.diff, password });
      toasts.show(
        r.reused
          ? `Opened ${r.script.title} (analysed before)`
          : `Analysed ${r.script.title}: ${r.script.pages} pages in ${(r.ms / 1000).toFixed(1)} s`,
      );
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'INTERNAL';
      if (code === 'PASSWORD_REQUIRED' || code === 'PASSWORD_INCORRECT')
        setJob({ kind: 'password', handle, fileName, incorrect: code === 'PASSWORD_INCORRECT' });
      else if (code === 'CANCELLED') {
        setJob({ kind: 'idle' });
        toasts.show('Analysis cancelled; nothing was saved.');
      } else setJob({ kind: 'error', code, message: errorMessage(e), fileName });
    } finally {
      if (jobRef.current === jobId) jobRef.current = null;
    }
  };

  const start = async (file: File) => {
    if (job.kind === 'running' || job.kind === 'uploading') return;
    setJob({ kind: 'uploading', fileName: file.name });
    let handle: string;
    try {
      handle = await registerFile(file);
    } catch (e) {
      setJob({ kind: 'error', code: 'READ_FAILED', message: errorMessage(e), fileName: file.name });
      return;
    }
    await analyse(handle, file.name);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = [...e.dataTransfer.files][0];
    if (file) void start(file);
  };

  const cancel = () => {
    if (job.kind === 'running') void call('script.cancel', { jobId: job.jobId }).catch(() => undefined);
  };

  const busy = job.kind === 'running' || job.kind === 'uploading';
  // A script PDF opened with the app ("Open with", a second launch) is analysed as if dropped here.
  const opened = useOpenedFile();
  // biome-ignore lint/correctness/useExhaustiveDependencies: analyse is recreated every render
  useEffect(() => {
    if (busy || opened?.kind !== 'script') return;
    const f = takeOpenedFile('script');
    if (f) void analyse(f.file, f.name);
  }, [opened, busy]);
  return (
    <section
      className={`scripts-screen${dragging ? ' dragging' : ''}`}
      aria-label="Scripts"
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <input
        ref={fileInput}
        type="file"
        accept="application/pdf,.pdf"
        className="sr-only"
        aria-label="Choose a script PDF"
        tabIndex={-1}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void start(f);
        }}
      />
      {busy && (
        <section className="script-progress" aria-label="Analysis progress">
          <Progress job={job} />
          {job.kind === 'running' && (
            <button type="button" className="btn" onClick={cancel}>
              Cancel
            </button>
          )}
        </section>
      )}
      {job.kind === 'password' && (
        <div className="script-notice">
          <p>
            <strong>{job.fileName}</strong>
          </p>
          <PasswordForm
            incorrect={job.incorrect}
            purpose="analyse"
            onSubmit={(pw) => void analyse(job.handle, job.fileName, pw)}
            onCancel={() => setJob({ kind: 'idle' })}
          />
        </div>
      )}
      {job.kind === 'error' && (
        <div className="script-notice script-error" role="alert">
          <h3>{errorTitle(job.code)}</h3>
          <p>
            <strong>{job.fileName}</strong>
            {job.message.replace(/\.$/, '') !== errorTitle(job.code) ? `: ${job.message}` : ''}
          </p>
          {ERROR_HINTS[job.code] && <p>{ERROR_HINTS[job.code]}</p>}
          <div className="actions">
            <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
              Choose another file
            </button>
            <button type="button" className="btn ghost" onClick={() => setJob({ kind: 'idle' })}>
              Dismiss
            </button>
          </div>
        </div>
      )}
      {open ? (
        <ScriptView
          key={open.id}
          scriptId={open.id}
          diff={open.diff}
          password={open.password}
          onBack={() => setOpen(null)}
          onPick={() => fileInput.current?.click()}
        />
      ) : (
        <div className="scripts-home">
          <div className={`script-drop${dragging ? ' over' : ''}`}>
            <h2>Script breakdown</h2>
            <p>
              Drop a screenplay PDF anywhere here, or choose one. Scenes, characters and speeches are found on
              this computer, with no network.
            </p>
            <button
              type="button"
              className="btn primary"
              disabled={busy}
              onClick={() => fileInput.current?.click()}
            >
              Choose a PDF…
            </button>
          </div>
          <ScriptList
            scripts={list.data ?? []}
            loading={list.isLoading}
            onOpen={(id) => setOpen({ id, diff: null })}
          />
        </div>
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop the PDF to analyse it
        </div>
      )}
    </section>
  );
}

function Progress({ job }: { job: Job }) {
  if (job.kind === 'uploading')
    return (
      <div className="progress-text" role="status">
        Opening {job.fileName}…
      </div>
    );
  if (job.kind !== 'running') return null;
  const p = job.progress;
  const total = p?.pagesTotal ?? 0;
  const done = p?.pagesDone ?? 0;
  const text = p
    ? `${PHASES[p.phase]}${total > 0 ? `: ${done} of ${total} pages` : ''}`
    : 'Starting the analysis';
  return (
    <>
      <div className="progress-text" role="status">
        Analysing {job.fileName} — {text}
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Pages analysed"
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={total ? done : 0}
        aria-valuetext={total ? `${done} of ${total} pages` : 'starting'}
      >
        <span style={{ width: `${total ? Math.round((done / total) * 100) : 3}%` }} />
      </div>
    </>
  );
}

function ScriptList({
  scripts,
  loading,
  onOpen,
}: {
  scripts: Awaited<ReturnType<typeof call<'script.list'>>>;
  loading: boolean;
  onOpen: (id: string) => void;
}) {
  if (loading) return <p role="status">Loading scripts…</p>;
  if (scripts.length === 0) return <p className="muted">No scripts analysed yet.</p>;
  return (
    <section aria-labelledby="scripts-heading" className="script-list">
      <h3 id="scripts-heading">Analysed scripts</h3>
      <table className="script-table">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">File</th>
            <th scope="col">Pages</th>
            <th scope="col">Analysed</th>
          </tr>
        </thead>
        <tbody>
          {scripts.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onOpen(s.id)}
                  aria-label={`Open ${s.title} (${s.fileName})`}
                >
                  {s.title}
                </button>
              </th>
              <td>{s.fileName}</td>
              <td>{s.pages}</td>
              <td>{new Date(s.updatedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
