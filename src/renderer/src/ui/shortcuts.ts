import { useEffect, useRef } from 'react';
import { isTyping } from './KeyboardHelp.tsx';

/**
 * The app-wide shortcuts (listed in Help → Keyboard shortcuts): Ctrl/⌘+1…n for the sections, "/" for the
 * talent search and "?" for the list. Never while a dialog is open, and "/" and "?" not while typing.
 */
export function useAppShortcuts(a: {
  sections: number;
  go: (index: number) => void;
  focusSearch: () => void;
  help: () => void;
}): void {
  const latest = useRef(a);
  latest.current = a;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
      const { sections, go, focusSearch, help } = latest.current;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && /^[1-9]$/.test(e.key)) {
        const i = Number(e.key) - 1;
        if (i < sections) {
          e.preventDefault();
          go(i);
        }
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        focusSearch();
      } else if (e.key === '?') {
        e.preventDefault();
        help();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
