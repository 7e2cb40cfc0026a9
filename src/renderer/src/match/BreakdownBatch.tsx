// Breakdowns for an analysed script: pick characters, see what Claude would cost (cached ones are free),
// start, follow the progress bar, cancel; then the kept breakdowns, each opened in the editor. Without a
// key (or offline) the batch writes drafts, marked as such, to be upgraded later.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { BreakdownProgress } from '../../../shared/breakdown.ts';
import type { ScriptAnalysis } from '../../../shared/script.ts';
import { call, errorMessage, onEvent } from '../api.ts';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { BreakdownEditor } from './BreakdownEditor.tsx';
import './match.css';

const usd = (n: number) => `$${n < 0.01 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`;

export function BreakdownsDialog({
  scriptId,
  analysis,
  preselect,
  onClose,
}: {
  scriptId: string;
  analysis: ScriptAnalysis;
  preselect: string[];
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const names = [...analysis.characters.map((c) => c.name), ...analysis.silent.map((s) => s.name)];
  const [picked, setPicked] = useState<Set<string>>(() => new Set(preselect.length ? preselect : names));
  const characters = names.filter((n) => picked.has(n));
  const estimate = useQuery({
    queryKey: ['breakdown.batch.estimate', scriptId, characters],
    queryFn: () => call('breakdown.batch.estimate', { scriptId, characters }),
    enabled: characters.length > 0,
  });
  const settings = useQuery({
    queryKey: ['chat.settings.get'],
    queryFn: () => call('chat.settings.get', {}),
  });
  const hasKey = settings.data?.hasApiKey ?? false;
  const saved = useQuery({
    queryKey: ['breakdown.list', scriptId],
    queryFn: () => call('breakdown.list', { scriptId }),
  });
  const [job, setJob] = useState<{ jobId: string; total: number } | null>(null);
  const [progress, setProgress] = useState<BreakdownProgress | null>(null);
  const [open, setOpen] = useState<string | null>(preselect[0] ?? null);
  // Events may come before start() answers (a cached batch finishes at once): kept by job until then.
  const seen = useRef(new Map<string, BreakdownProgress>());
  const jobRef = useRef<string | null>(null);

  useEffect(
    () =>
      onEvent((event, payload) => {
        if (event !== 'breakdown.progress') return;
        const p = payload as BreakdownProgress;
        seen.current.set(p.jobId, p);
        if (p.jobId === jobRef.current) setProgress(p);
      }),
    [],
  );
  useEffect(() => {
    if (!progress) return;
    void qc.invalidateQueries({ queryKey: ['breakdown.list', scriptId] });
    if (progress.state === 'running') return;
    void qc.invalidateQueries({ queryKey: ['breakdown.batch.estimate', scriptId] });
    setJob(null);
    jobRef.current = null;
    const how = [
      `${progress.done} of ${progress.total} written`,
      progress.drafts ? `${progress.drafts} as offline drafts` : null,
      progress.failed.length ? `${progress.failed.length} failed` : null,
      `cost ${usd(progress.costUsd)}`,
    ].filter(Boolean);
    toasts.show(`${progress.state === 'cancelled' ? 'Cancelled' : 'Breakdowns done'}: ${how.join(', ')}`, {
      kind: progress.failed.length ? 'error' : undefined,
    });
  }, [progress, qc, scriptId, toasts]);

  const start = async (mode: 'claude' | 'draft') => {
    try {
      const r = await call('breakdown.batch.start', { scriptId, characters, mode });
      jobRef.current = r.jobId;
      setJob(r);
      setProgress(
        seen.current.get(r.jobId) ?? {
          jobId: r.jobId,
          done: 0,
          total: r.total,
          character: null,
          costUsd: 0,
          state: 'running',
          drafts: 0,
          failed: [],
        },
      );
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };
  const cancel = () => {
    if (job) void call('breakdown.batch.cancel', { jobId: job.jobId });
  };
  const toggle = (n: string, on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      if (on) next.add(n);
      else next.delete(n);
      return next;
    });
  const e = estimate.data;
  const running = job !== null && progress?.state === 'running';
  const openSaved = saved.data?.find((s) => s.character === open) ?? null;

  return (
    <Modal title="Role breakdowns" onClose={onClose}>
      <div className="breakdowns">
        <div className="breakdown-side">
          <fieldset aria-label="Characters to break down">
            <legend>Characters</legend>
            <div className="actions" style={{ marginTop: 0 }}>
              <button type="button" className="btn small" onClick={() => setPicked(new Set(names))}>
                All
              </button>
              <button type="button" className="btn small" onClick={() => setPicked(new Set())}>
                None
              </button>
            </div>
            <ul className="breakdown-picks">
              {names.map((n) => (
                <li key={n}>
                  <label>
                    <input
                      type="checkbox"
                      checked={picked.has(n)}
                      onChange={(ev) => toggle(n, ev.target.checked)}
                    />{' '}
                    {n}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <p role="note" aria-label="Cost estimate">
            {characters.length === 0
              ? 'Pick at least one character.'
              : e
                ? e.hasKey
                  ? `Claude (${e.model}): ${e.toAsk} to write, ${e.cached} cached (free). Estimated cost ${e.priceEstimated ? '≈ ' : ''}${usd(e.costUsd)} (~${(e.inputTokens + e.outputTokens).toLocaleString('en-IN')} tokens).`
                  : 'No Claude API key: the breakdowns will be offline drafts from the script, upgradeable later.'
                : 'Estimating…'}
          </p>
          <div className="actions">
            <button
              type="button"
              className="btn primary"
              disabled={running || characters.length === 0}
              onClick={() => void start(e?.hasKey === false ? 'draft' : 'claude')}
            >
              {e?.hasKey === false ? 'Write drafts' : 'Write breakdowns'}
            </button>
            <button
              type="button"
              className="btn"
              disabled={running || characters.length === 0}
              onClick={() => void start('draft')}
            >
              Offline drafts
            </button>
          </div>
          {progress && job && (
            <div className="breakdown-progress">
              <progress aria-label="Breakdown progress" max={progress.total || 1} value={progress.done} />
              <span role="status">
                {progress.done} of {progress.total}
                {progress.character ? ` · ${progress.character}` : ''} · {usd(progress.costUsd)} spent
              </span>
              <button type="button" className="btn small" onClick={cancel} disabled={!running}>
                Cancel
              </button>
            </div>
          )}
          <ul className="breakdown-saved" aria-label="Breakdowns">
            {saved.data?.map((s) => (
              <li key={s.character}>
                <button
                  type="button"
                  className={`btn small ${open === s.character ? 'primary' : ''}`}
                  aria-pressed={open === s.character}
                  onClick={() => setOpen(s.character)}
                >
                  {s.character}
                  {s.breakdown.draft ? ' (draft)' : ''}
                  {s.editedFields.length ? ' (edited)' : ''}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="breakdown-main">
          {openSaved ? (
            <BreakdownEditor
              key={openSaved.character}
              scriptId={scriptId}
              saved={openSaved}
              hasKey={hasKey}
            />
          ) : (
            <p className="muted">Write breakdowns, then open one to edit it.</p>
          )}
        </div>
      </div>
    </Modal>
  );
}
