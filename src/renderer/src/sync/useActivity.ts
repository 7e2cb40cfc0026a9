// The activity feed as a query, refetched when a sync applies changes (the change events it sends) or a local edit
// lands; and the restore / keep answer to an overwrite, which refreshes the record's screens.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MethodInput } from '../../../shared/api.ts';
import { call, errorMessage, onEvent } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';
import { ACTIVITY_KEY } from './activity-format.ts';

export function useActivity(filter: MethodInput<'sync.activity.list'>, enabled = true) {
  const qc = useQueryClient();
  useEffect(
    () =>
      onEvent((event) => {
        if (event === 'talent.changed' || event === 'casting.changed' || event === 'memory.changed')
          void qc.invalidateQueries({ queryKey: ACTIVITY_KEY });
        // The feed's project filter lists projects (its own query key, ActivityPanel.tsx).
        if (event === 'casting.changed')
          void qc.invalidateQueries({ queryKey: ['projects.list', 'activity'] });
      }),
    [qc],
  );
  return useQuery({
    queryKey: [...ACTIVITY_KEY, filter],
    queryFn: () => call('sync.activity.list', filter),
    enabled,
  });
}

export function useResolveOverwrite() {
  const qc = useQueryClient();
  const toasts = useToasts();
  return useMutation({
    mutationFn: (v: { id: number; restore: boolean }) => call('sync.activity.resolve', v),
    onSuccess: (_r, v) => {
      void qc.invalidateQueries({ queryKey: ACTIVITY_KEY });
      void qc.invalidateQueries({ queryKey: ['talent.get'] });
      void qc.invalidateQueries({ queryKey: ['talent.search'] });
      toasts.show(v.restore ? 'Your value is restored and sent to the office' : 'Kept the other value');
    },
    onError: (e) => toasts.show(errorMessage(e), { kind: 'error' }),
  });
}
