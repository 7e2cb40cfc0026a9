// Files the desktop shell hands to the page: a PDF or spreadsheet opened with "Open with", or dropped on the
// app's icon while it runs (a second launch). The shell registers the file and sends `shell.openFile`; the
// page keeps the newest one here until the screen that handles it (Scripts or the import dialog) takes it.
import { useSyncExternalStore } from 'react';
import { events } from '../../shared/api.ts';
import { onEvent } from './api.ts';

export interface OpenedFile {
  kind: 'script' | 'import';
  /** An opaque file handle, as `registerFile` gives. */
  file: string;
  name: string;
}

let pending: OpenedFile | null = null;
const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};

/** Starts listening for the shell's event; called once at start. Returns the unsubscribe function. */
export function listenForOpenedFiles(): () => void {
  return onEvent((event, payload) => {
    if (event !== 'shell.openFile') return;
    const p = events['shell.openFile'].safeParse(payload);
    if (!p.success) return;
    pending = p.data;
    notify();
  });
}

/** The file waiting to be opened, or null. */
export function useOpenedFile(): OpenedFile | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => pending,
  );
}

/** Takes the waiting file of this kind (null when there is none), so that it is opened once. */
export function takeOpenedFile(kind: OpenedFile['kind']): OpenedFile | null {
  if (pending?.kind !== kind) return null;
  const f = pending;
  pending = null;
  notify();
  return f;
}
