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

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  action?: { label: string; run: () => void };
  /** How long it stays, in ms of time not spent paused. */
  ms: number;
}
interface ToastApi {
  show(text: string, opts?: { kind?: Toast['kind']; action?: Toast['action']; ms?: number }): void;
}

const Ctx = createContext<ToastApi>({ show: () => {} });
export const useToasts = () => useContext(Ctx);

let nextId = 1;

/** At most this many toasts on screen (a 1024 × 700 window has room for little more); older ones collapse. */
export const VISIBLE_TOASTS = 3;
/** Kept behind the "earlier" row until their own time is up; beyond this the oldest goes at once. */
const MAX_TOASTS = 12;

/**
 * Toasts, newest first. Each is announced when it appears (politely; errors assertively), so collapsing the
 * older ones behind an "N earlier notifications" button loses nothing a screen reader user has not heard;
 * the button shows them again. Their time stands still while the pointer or the focus is on them, so
 * nobody has to race a toast to read it or press its Undo.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [expanded, setExpanded] = useState(false);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  /** Time left per toast, as of the last pause or change (timers restart from it). */
  const left = useRef(new Map<number, number>());
  const dismiss = useCallback((id: number) => {
    left.current.delete(id);
    setToasts((ts) => ts.filter((t) => t.id !== id));
  }, []);
  const show = useCallback<ToastApi['show']>((text, opts = {}) => {
    const t: Toast = {
      id: nextId++,
      text,
      kind: opts.kind ?? 'info',
      action: opts.action,
      ms: opts.ms ?? (opts.action ? 8000 : 5000),
    };
    setToasts((ts) => [t, ...ts.slice(0, MAX_TOASTS - 1)]);
  }, []);
  // An emptied stack has no box to leave: the next toast must not start paused by a stale hover.
  if (toasts.length === 0 && (hovered || focused)) {
    setHovered(false);
    setFocused(false);
  }
  const paused = hovered || focused;
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timers = toasts.map((t) => setTimeout(() => dismiss(t.id), left.current.get(t.id) ?? t.ms));
    return () => {
      for (const timer of timers) clearTimeout(timer);
      const spent = Date.now() - started;
      for (const t of toasts) left.current.set(t.id, Math.max(0, (left.current.get(t.id) ?? t.ms) - spent));
    };
  }, [toasts, paused, dismiss]);
  const api = useMemo(() => ({ show }), [show]);
  const earlier = Math.max(0, toasts.length - VISIBLE_TOASTS);
  // Collapses again once the pile is gone, so the next burst starts tidy.
  const open = expanded && earlier > 0;
  const shown = open ? toasts : toasts.slice(0, VISIBLE_TOASTS);
  return (
    <Ctx.Provider value={api}>
      {children}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer and focus only pause the timers */}
      <div
        className={open ? 'toasts expanded' : 'toasts'}
        onMouseEnter={() => setHovered(true)}
        onMouseLeave={() => setHovered(false)}
        onFocus={() => setFocused(true)}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
        }}
      >
        {shown.map((t) => (
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
        {earlier > 0 && (
          <button
            type="button"
            className="toasts-more"
            aria-expanded={open}
            onClick={() => setExpanded(!open)}
          >
            {open ? 'Show fewer notifications' : `${earlier} earlier notification${earlier === 1 ? '' : 's'}`}
          </button>
        )}
      </div>
    </Ctx.Provider>
  );
}
