// The first-join question (backend: sync/first-join.ts): a desktop that already holds data and joins an office for
// the first time either uploads it into the office (then sees the people who look like someone already there) or
// starts from the office's data (its own copy backed up first). Cancel leaves the office; nothing changes until
// one is chosen. Shown over every screen while the sync status is firstJoin, and with the upload's findings after.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { FirstJoinView, JoinDuplicateView, SyncStatusView } from '../../../shared/sync/desktop-api.ts';
import { call, errorMessage } from '../api.ts';
import { SYNC_STATUS_KEY } from './useSyncStatus.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "1 profile, 2 projects and 3 headshots": what the desktop holds, the kinds it has none of left out. */
function holdings(f: FirstJoinView): string {
  const parts = [
    [f.talents, 'profile', 'profiles'],
    [f.projects, 'project', 'projects'],
    [f.shortlists, 'shortlist entry', 'shortlist entries'],
    [f.headshots, 'headshot', 'headshots'],
    [f.scripts, 'script', 'scripts'],
  ] as const;
  const named = parts.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many));
  if (named.length === 0) return 'other data (roles, notes or memories)';
  return named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

type Result = {
  choice: 'upload' | 'office';
  backupId: string | null;
  duplicates: JoinDuplicateView[] | null;
};

/** A native modal <dialog> named by its heading and described by its first paragraph; Escape means Cancel. */
function Dialog({
  title,
  onCancel,
  children,
}: {
  title: string;
  onCancel: () => void;
  children: (describedBy: string) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const descId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal first-join"
      aria-labelledby={headingId}
      aria-describedby={descId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <div className="modal-head">
        <h2 id={headingId}>{title}</h2>
      </div>
      <div className="modal-body">{children(descId)}</div>
    </dialog>
  );
}

export function FirstJoinDialog({ s }: { s: SyncStatusView }) {
  const qc = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const setStatus = (v: SyncStatusView) => qc.setQueryData(SYNC_STATUS_KEY, v);
  const choose = useMutation({
    mutationFn: (choice: 'upload' | 'office') => call('sync.firstJoin.choose', { choice }),
    onSuccess: (r, choice) => {
      // The whole office's data arrived (or replaced this computer's): every cached list is out of date, also those
      // of screens not open now, which did not hear the change events.
      void qc.invalidateQueries();
      setStatus(r.status);
      setResult({ choice, backupId: r.backupId, duplicates: r.duplicates });
      setError(null);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const cancel = useMutation({
    mutationFn: () => call('sync.firstJoin.cancel', {}),
    onSuccess: setStatus,
    onError: (e) => setError(errorMessage(e)),
  });
  const dismiss = useMutation({
    mutationFn: () => call('sync.firstJoin.duplicates', { dismiss: true }),
    onSettled: () => setResult(null),
  });

  if (result) return <Outcome result={result} onClose={() => dismiss.mutate()} />;
  const f = s.firstJoin;
  if (s.state !== 'firstJoin' || !f) return null;
  const office = f.office.name ?? 'the office';
  const onlyDemo = f.demoTalents > 0 && f.demoTalents === f.talents && f.projects === 0 && f.scripts === 0;
  const busy = choose.isPending || cancel.isPending;
  const viewer = s.user?.role === 'viewer';
  return (
    <Dialog title={`Joining ${office}`} onCancel={() => !busy && cancel.mutate()}>
      {(descId) => (
        <>
          <p id={descId}>
            This computer already holds {holdings(f)}
            {f.demoTalents > 0 ? ` (${plural(f.demoTalents, 'demo profile')} among them)` : ''}. Choose what
            happens to them. Nothing is merged, sent or removed until you do.
          </p>
          {onlyDemo && (
            <p className="chat-banner warn inline" role="note">
              All of these profiles are demo data. Uploading them would show them to everyone in the office:
              starting from the office’s data is usually what you want.
            </p>
          )}
          <div className="first-join-choices">
            <section aria-label="Upload">
              <button
                type="button"
                className={onlyDemo || viewer ? 'btn' : 'btn primary'}
                disabled={busy || viewer}
                onClick={() => choose.mutate('upload')}
              >
                {choose.isPending && choose.variables === 'upload' ? 'Uploading…' : 'Upload into the office'}
              </button>
              <p className="chat-muted">
                {viewer
                  ? 'You joined as a viewer: the office does not take data from you.'
                  : 'Everything on this computer joins the office’s data. People who look like someone already in the office (same phone, email, or name and date of birth) are listed for you afterwards; none is merged.'}
              </p>
            </section>
            <section aria-label="Start from the office">
              <button
                type="button"
                className={onlyDemo || viewer ? 'btn primary' : 'btn'}
                disabled={busy}
                onClick={() => choose.mutate('office')}
              >
                {choose.isPending && choose.variables === 'office'
                  ? 'Backing up…'
                  : 'Start from the office’s data'}
              </button>
              <p className="chat-muted">
                A backup of this computer’s data is made first (Settings → Backups). Then it is replaced by
                the office’s data.
              </p>
            </section>
          </div>
          {error && (
            <p className="chat-banner error inline" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" className="btn" disabled={busy} onClick={() => cancel.mutate()}>
              Cancel
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

function Outcome({ result, onClose }: { result: Result; onClose: () => void }) {
  const d = result.duplicates;
  return (
    <Dialog
      title={result.choice === 'upload' ? 'Uploaded into the office' : 'Started from the office'}
      onCancel={onClose}
    >
      {(descId) => (
        <>
          {result.choice === 'office' ? (
            <p id={descId}>
              This computer’s data was backed up ({result.backupId}) and replaced by the office’s data.
            </p>
          ) : d === null ? (
            <p id={descId}>
              This computer’s data is queued for the office. Possible duplicates are listed in Settings → Team
              once the first sync has finished.
            </p>
          ) : d.length === 0 ? (
            <p id={descId}>No one from this computer looks like someone already in the office.</p>
          ) : (
            <>
              <p id={descId}>
                {plural(d.length, 'person', 'people')} from this computer look like someone already in the
                office. Both profiles are kept; open them from the talent list to compare and edit.
              </p>
              <JoinDuplicateList items={d} />
            </>
          )}
          <div className="actions">
            <button type="button" className="btn primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

export function JoinDuplicateList({ items }: { items: JoinDuplicateView[] }) {
  return (
    <ul aria-label="Possible duplicates" className="first-join-duplicates">
      {items.map((d) => (
        <li key={`${d.localId}-${d.officeId}`}>
          {d.localName} (this computer) — {d.officeName} (office): {d.summary}
        </li>
      ))}
    </ul>
  );
}
