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
import { Modal } from './Modal.tsx';

/** An open editor with changes not yet saved: what to call it, and how to save it (false: it could not). */
export interface DirtyEditor {
  title: string;
  save: () => Promise<boolean>;
}

interface Guard {
  /** The editor reports itself dirty (or clean, with null). */
  setDirty: (editor: DirtyEditor | null) => void;
  /** Runs `action` now, or after the user chose to save or discard the open editor's changes. */
  attempt: (action: () => void) => void;
}

const GuardContext = createContext<Guard>({ setDirty: () => {}, attempt: (a) => a() });

/**
 * One place that knows whether unsaved edits are open, so every way of leaving them (another card, close,
 * Escape, another section, closing the window) asks first instead of dropping them.
 */
export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  const dirty = useRef<DirtyEditor | null>(null);
  const [pending, setPending] = useState<{ editor: DirtyEditor; action: () => void } | null>(null);
  const [saving, setSaving] = useState(false);
  const setDirty = useCallback((e: DirtyEditor | null) => {
    dirty.current = e;
  }, []);
  const attempt = useCallback((action: () => void) => {
    const editor = dirty.current;
    if (editor) setPending({ editor, action });
    else action();
  }, []);
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);
  const guard = useMemo(() => ({ setDirty, attempt }), [setDirty, attempt]);
  const proceed = () => {
    const p = pending;
    dirty.current = null;
    setPending(null);
    p?.action();
  };
  return (
    <GuardContext.Provider value={guard}>
      {children}
      {pending && (
        <Modal title="Save your changes?" onClose={() => setPending(null)}>
          <p>You have unsaved changes to {pending.editor.title}.</p>
          <div className="actions">
            <button
              type="button"
              className="btn primary"
              disabled={saving}
              onClick={async () => {
                setSaving(true);
                const ok = await pending.editor.save().finally(() => setSaving(false));
                // A save that failed (a field to fix) keeps the editor open with its messages.
                if (ok) proceed();
                else setPending(null);
              }}
            >
              {saving ? 'Saving…' : 'Save changes'}
            </button>
            <button type="button" className="btn danger" onClick={proceed}>
              Discard changes
            </button>
            <button type="button" className="btn" onClick={() => setPending(null)}>
              Keep editing
            </button>
          </div>
        </Modal>
      )}
    </GuardContext.Provider>
  );
}

export const useUnsavedGuard = (): Guard => useContext(GuardContext);
