// The sync status, kept current by the backend's `sync.status` event (sent on every change), shared by the
// status bar item and Settings → Team through one query.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SyncStatusView } from '../../../shared/sync/desktop-api.ts';
import { call, onEvent } from '../api.ts';

export const SYNC_STATUS_KEY = ['sync.status'] as const;

export function useSyncStatus(): SyncStatusView | undefined {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: SYNC_STATUS_KEY, queryFn: () => call('sync.status', {}) });
  useEffect(
    () =>
      onEvent((event, payload) => {
        if (event !== 'sync.status') return;
        const s = payload as SyncStatusView;
        const before = qc.getQueryData<SyncStatusView>(SYNC_STATUS_KEY);
        qc.setQueryData(SYNC_STATUS_KEY, s);
        if (before && before.problems !== s.problems)
          void qc.invalidateQueries({ queryKey: ['sync.problems'] });
        // Scripts have no change event of their own: a finished sync refreshes their list.
        if (before?.lastSyncAt !== s.lastSyncAt) void qc.invalidateQueries({ queryKey: ['script.list'] });
      }),
    [qc],
  );
  return q.data;
}

export function formatTime(ms: number | null): string {
  if (ms === null) return 'never';
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  casting_director: 'Casting director',
  assistant: 'Assistant',
  viewer: 'Viewer (read-only)',
};
