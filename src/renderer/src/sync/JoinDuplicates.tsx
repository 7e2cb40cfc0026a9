// Settings → Team: the people an upload into the office found looking like someone already there (first join,
// backend sync/first-join.ts), kept until dismissed. Refreshed after each sync (the check runs after the first).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../api.ts';
import { JoinDuplicateList } from './FirstJoinDialog.tsx';
import { useSyncStatus } from './useSyncStatus.ts';

const KEY = ['sync.firstJoin.duplicates'] as const;

export function JoinDuplicates() {
  const s = useSyncStatus();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: [...KEY, s?.lastSyncAt ?? null],
    queryFn: () => call('sync.firstJoin.duplicates', {}),
  });
  const dismiss = useMutation({
    mutationFn: () => call('sync.firstJoin.duplicates', { dismiss: true }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <fieldset className="settings-group">
      <legend>Possible duplicates from joining</legend>
      <p className="chat-muted">
        These people came from this computer and look like someone already in the office. Both profiles are
        kept.
      </p>
      <JoinDuplicateList items={items} />
      <div className="actions">
        <button type="button" className="btn" disabled={dismiss.isPending} onClick={() => dismiss.mutate()}>
          Dismiss the list
        </button>
      </div>
    </fieldset>
  );
}
