import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  action?: { label: string; run: () => void };
}
interface ToastApi {
  show(text: string, opts?: { kind?: Toast['kind']; action?: Toast['action']; ms?: number }): void;
}

const Ctx = createContext<ToastApi>({ show: () => {} });
export const useToasts = () => useContext(Ctx);

let nextId = 1;

/** Toasts are announced politely to screen readers; errors assertively. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const show = useCallback<ToastApi['show']>(
    (text, opts = {}) => {
      const id = nextId++;
      setToasts((ts) => [...ts.slice(-3), { id, text, kind: opts.kind ?? 'info', action: opts.action }]);
      setTimeout(() => dismiss(id), opts.ms ?? (opts.action ? 8000 : 5000));
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);
  return (
    <Ctx.Provider value={api}>
      {children}
      <div className="toasts">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
            <span>{t.text}</span>
            {t.action && (
              <button
                type="button"
                onClick={() => {
                  t.action?.run();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            )}
            <button type="button" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}
