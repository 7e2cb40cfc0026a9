// "Sync problems": local changes the server refused, and files it would not take. Each one is kept until the user
// sends it again, or discards the change / keeps the file on this computer (problem-wording.ts words each kind).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SyncProblemView } from '../../../shared/sync/desktop-api.ts';
import { call, errorMessage } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { problemWording } from './problem-wording.ts';

export function SyncProblems() {
  const qc = useQueryClient();
  const toasts = useToasts();
  const list = useQuery({ queryKey: ['sync.problems'], queryFn: () => call('sync.problems.list', {}) });
  const act = useMutation({
    mutationFn: ({ p, action }: { p: SyncProblemView; action: 'retry' | 'discard' }) =>
      call(action === 'retry' ? 'sync.problems.retry' : 'sync.problems.discard', {
        table: p.table,
        rowId: p.rowId,
        column: p.column,
      }),
    onSuccess: (_v, { p, action }) => {
      void qc.invalidateQueries({ queryKey: ['sync.problems'] });
      const w = problemWording(p);
      toasts.show(action === 'retry' ? w.retryToast : w.dismissToast);
    },
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="sync-problems-title" className="sync-problems">
      <h4 id="sync-problems-title">Sync problems</h4>
      {list.error && <p role="alert">{errorMessage(list.error)}</p>}
      {items.length === 0 ? (
        <p className="chat-muted">None: the server accepted every change and file.</p>
      ) : (
        <ul aria-label="Sync problems">
          {items.map((p) => {
            const w = problemWording(p);
            return (
              <li key={`${p.table}/${p.rowId}/${p.column}`}>
                <div>
                  {/* A file's value is whose it is (a name, a file name), not a stored value to show as code. */}
                  <b>{w.what}</b>: {w.file ? p.value : <code>{p.value}</code>}
                </div>
                <div className="chat-muted">
                  {w.reasonLabel}: {p.reason}
                </div>
                <div className="actions">
                  <button
                    type="button"
                    className="btn"
                    aria-label={w.retryLabel}
                    disabled={act.isPending}
                    onClick={() => act.mutate({ p, action: 'retry' })}
                  >
                    {w.retryButton}
                  </button>
                  <button
                    type="button"
                    className={w.file ? 'btn' : 'btn danger'}
                    aria-label={w.dismissLabel}
                    disabled={act.isPending}
                    onClick={() => act.mutate({ p, action: 'discard' })}
                  >
                    {w.dismissButton}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
