import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { events } from '../../../shared/api.ts';
import type { ImportProgress, ImportReport, ImportTarget } from '../../../shared/headshots.ts';
import { call, errorMessage, onEvent } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { dragHasFiles, newBatchId } from './format.ts';
import { ImportProgressPanel } from './ImportProgressPanel.tsx';
import { ImportSummaryDialog } from './ImportSummaryDialog.tsx';
import './headshots.css';

/** One import from drop (or pick) to summary. Only one runs at a time; the UI stays usable meanwhile. */
export type ImportRun =
  | { kind: 'uploading'; batchId: string; targetName: string | null }
  | { kind: 'running'; batchId: string; targetName: string | null; progress: ImportProgress | null }
  | { kind: 'done'; report: ImportReport; targetName: string | null };

interface ImportApi {
  /**
   * Starts an import of what `handles` resolves to (the caller registers the drop or pick synchronously and
   * passes the promise). `targetName` is the profile's name in profile mode, for the progress and summary.
   */
  start(target: ImportTarget, targetName: string | null, handles: Promise<string[]>): void;
  busy: boolean;
}

const Ctx = createContext<ImportApi>({ start: () => {}, busy: false });
export const useHeadshotImport = () => useContext(Ctx);

const progressSchema = events['headshots.progress'];

export function HeadshotImportProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const [run, setRun] = useState<ImportRun | null>(null);
  const cancelled = useRef(new Set<string>());
  // Progress can arrive hundreds of times a second on a big batch: render at most once a frame.
  const latest = useRef<ImportProgress | null>(null);
  const frame = useRef(0);

  useEffect(() => {
    const off = onEvent((event, payload) => {
      if (event !== 'headshots.progress') return;
      const p = progressSchema.safeParse(payload);
      if (!p.success) return;
      latest.current = p.data;
      if (frame.current) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        const data = latest.current;
        if (!data) return;
        setRun((r) =>
          r?.kind === 'running' && r.batchId === data.batchId && data.phase !== 'done'
            ? { ...r, progress: data }
            : r,
        );
      });
    });
    return () => {
      off();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, []);

  // Files dropped outside a drop zone must not make the page navigate to them (the browser's default).
  useEffect(() => {
    const guard = (e: DragEvent) => {
      // Drops that something else took (the spreadsheet import, a drop zone) are left alone.
      if (!dragHasFiles(e.dataTransfer) || e.defaultPrevented) return;
      e.preventDefault();
      if (e.type === 'dragover' && e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);

  const busy = run !== null && run.kind !== 'done';
  const busyRef = useRef(busy);
  busyRef.current = busy;

  const start = useCallback<ImportApi['start']>(
    (target, targetName, handles) => {
      if (busyRef.current) {
        handles.catch(() => {});
        toasts.show('Headshots are already being imported: wait for that import or cancel it first.', {
          kind: 'error',
        });
        return;
      }
      busyRef.current = true;
      const batchId = newBatchId();
      setRun({ kind: 'uploading', batchId, targetName });
      void (async () => {
        try {
          const files = await handles;
          if (cancelled.current.delete(batchId)) {
            setRun(null);
            toasts.show('Import cancelled');
            return;
          }
          if (files.length === 0) {
            setRun(null);
            toasts.show('Nothing to import: drop image files or folders.', { kind: 'error' });
            return;
          }
          setRun({ kind: 'running', batchId, targetName, progress: null });
          const report = await call('headshots.import', { files, target, batchId });
          setRun({ kind: 'done', report, targetName });
        } catch (e) {
          setRun(null);
          toasts.show(`Headshots could not be imported: ${errorMessage(e)}`, { kind: 'error' });
        } finally {
          cancelled.current.delete(batchId);
          void qc.invalidateQueries({ queryKey: ['headshots.list'] });
          void qc.invalidateQueries({ queryKey: ['talent.get'] });
        }
      })();
    },
    [qc, toasts],
  );

  const cancel = async (batchId: string) => {
    cancelled.current.add(batchId);
    try {
      await call('headshots.cancelImport', { batchId });
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    }
  };

  const api = useMemo(() => ({ start, busy }), [start, busy]);
  return (
    <Ctx.Provider value={api}>
      {children}
      {run && run.kind !== 'done' && (
        <ImportProgressPanel run={run} onCancel={() => void cancel(run.batchId)} />
      )}
      {run?.kind === 'done' && (
        <ImportSummaryDialog report={run.report} targetName={run.targetName} onClose={() => setRun(null)} />
      )}
    </Ctx.Provider>
  );
}
