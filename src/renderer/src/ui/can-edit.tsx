// Whether this desktop may change the office's data: not while the signed-in role is viewer. One provider reads
// the sync status once (useSyncStatus); screens ask useCanEdit() and disable their edit controls with the reason
// beside them. The backend refuses the same writes itself (api/viewer-guard.ts): this is the honest UI for it.
import { createContext, type ReactNode, useContext } from 'react';
import { useSyncStatus } from '../sync/useSyncStatus.ts';

export interface CanEdit {
  canEdit: boolean;
  /** Why editing is off (shown next to the disabled controls and as their description), or null. */
  reason: string | null;
}

export const READ_ONLY_REASON =
  'You are a viewer in this office: you can read everything but not change it. Ask an admin for another role.';

const Context = createContext<CanEdit>({ canEdit: true, reason: null });

export function CanEditProvider({ children }: { children: ReactNode }) {
  const s = useSyncStatus();
  const value: CanEdit = s?.readOnly
    ? { canEdit: false, reason: READ_ONLY_REASON }
    : { canEdit: true, reason: null };
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useCanEdit(): CanEdit {
  return useContext(Context);
}

/** The explanation shown once per screen where edit controls are disabled. */
export function ReadOnlyNote() {
  const { canEdit, reason } = useCanEdit();
  if (canEdit) return null;
  return (
    <p className="chat-banner warn inline" role="note" aria-label="Read-only">
      {reason}
    </p>
  );
}
