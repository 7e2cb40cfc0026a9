// The status bar item on every screen: online / offline / syncing with counts, last sync time, unsent changes and
// sync problems, with Retry (sync now) and the problems list in a dialog.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { SyncStatusView } from '../../../shared/sync/desktop-api.ts';
import { call, errorMessage } from '../api.ts';
import { Modal } from '../ui/Modal.tsx';
import { useToasts } from '../ui/Toasts.tsx';
import { FirstJoinDialog } from './FirstJoinDialog.tsx';
import { SyncProblems } from './SyncProblems.tsx';
import { SyncProgress } from './SyncProgress.tsx';
import { formatTime, useSyncStatus } from './useSyncStatus.ts';
import './sync.css';

function summary(s: SyncStatusView): string {
  const unsent = s.unsent > 0 ? ` · ${s.unsent.toLocaleString()} unsent` : '';
  switch (s.state) {
    case 'off':
      return 'Sync off';
    case 'signedOut':
      return 'Sync: signed out';
    case 'syncing':
      return `Syncing…${unsent}`;
    case 'online':
      return `Online · synced ${formatTime(s.lastSyncAt)}${unsent}`;
    case 'offline':
      return `Offline · last sync ${formatTime(s.lastSyncAt)}${unsent}`;
    case 'error':
      return `Sync stopped${unsent}`;
    case 'firstJoin':
      return 'Sync: choose how to join the office';
  }
}

export function SyncStatus() {
  const s = useSyncStatus();
  const toasts = useToasts();
  const [showProblems, setShowProblems] = useState(false);
  const now = useMutation({
    mutationFn: () => call('sync.now', {}),
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
  if (!s || s.state === 'off') return null;
  const canRetry = s.state === 'offline' || s.state === 'error' || s.problems > 0;
  return (
    <div className={`sync-status sync-${s.state}`}>
      <span role="status" aria-label="Sync status" title={s.message ?? undefined}>
        <span className="sync-dot" aria-hidden="true" />
        {summary(s)}
        {s.readOnly && ' · read-only'}
      </span>
      {s.progress && <SyncProgress p={s.progress} paused={s.state !== 'syncing'} />}
      <FirstJoinDialog s={s} />
      {s.problems > 0 && (
        <button type="button" className="btn small" onClick={() => setShowProblems(true)}>
          {s.problems} sync problem{s.problems === 1 ? '' : 's'}
        </button>
      )}
      {canRetry && s.state !== 'signedOut' && (
        <button
          type="button"
          className="btn small"
          aria-label="Retry sync"
          disabled={now.isPending}
          onClick={() => now.mutate()}
        >
          Retry
        </button>
      )}
      {(s.state === 'error' || s.reason === 'session_expired' || s.reason === 'server_behind') &&
        s.message && (
          <span className="sync-message" role="alert">
            {s.message}
          </span>
        )}
      {showProblems && (
        <Modal title="Sync problems" onClose={() => setShowProblems(false)}>
          <SyncProblems />
        </Modal>
      )}
    </div>
  );
}
