// "Sync problems": local changes the server refused. Each one is kept until the user sends it again or discards it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SyncProblemView } from '../../../shared/sync/desktop-api.ts';
import { call, errorMessage } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';

const TABLE_LABELS: Record<string, string> = {
  talent: 'Profile',
  project: 'Project',
  role: 'Role',
  shortlist_entry: 'Shortlist entry',
  headshot: 'Headshot',
  script: 'Script',
  script_note: 'Script note',
  memory: 'Memory',
  audition: 'Audition',
};

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
    onSuccess: (_v, { action }) => {
      void qc.invalidateQueries({ queryKey: ['sync.problems'] });
      toasts.show(action === 'retry' ? 'Sent again' : 'Change discarded');
    },
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="sync-problems-title" className="sync-problems">
      <h4 id="sync-problems-title">Sync problems</h4>
      {list.error && <p role="alert">{errorMessage(list.error)}</p>}
      {items.length === 0 ? (
        <p className="chat-muted">None: every change was accepted by the server.</p>
      ) : (
        <ul aria-label="Sync problems">
          {items.map((p) => {
            const what = `${TABLE_LABELS[p.table] ?? p.table} ${p.column}`;
            return (
              <li key={`${p.table}/${p.rowId}/${p.column}`}>
                <div>
                  <b>{what}</b>: <code>{p.value}</code>
                </div>
                <div className="chat-muted">Refused: {p.reason}</div>
                <div className="actions">
                  <button
                    type="button"
                    className="btn"
                    aria-label={`Send ${what} again`}
                    disabled={act.isPending}
                    onClick={() => act.mutate({ p, action: 'retry' })}
                  >
                    Send again
                  </button>
                  <button
                    type="button"
                    className="btn danger"
                    aria-label={`Discard ${what}`}
                    disabled={act.isPending}
                    onClick={() => act.mutate({ p, action: 'discard' })}
                  >
                    Discard
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
