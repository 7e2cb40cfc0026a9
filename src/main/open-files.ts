// Files the system asks CastMatch to open: "Open with" from the file manager, a file dropped on the dock or
// launcher, or a second launch with file arguments (which the single-instance lock turns into a
// 'second-instance' event here). Each becomes a file handle and a `shell.openFile` event for the page: a
// script PDF opens in Scripts, a spreadsheet in the import dialog (shell-logic.ts decides which).
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { App, BrowserWindow } from 'electron';
import type { BackendConnection } from '../backend/process/connection.ts';
import { filesFromArgv, openedFileKind } from './shell-logic.ts';

const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

export interface OpenFiles {
  /** Once the backend and window are up: delivers what arrived before, and everything after. */
  ready(backend: BackendConnection, win: () => BrowserWindow | null): void;
}

export function watchOpenedFiles(app: App): OpenFiles {
  const pending: string[] = filesFromArgv(process.argv, process.cwd(), {
    packaged: app.isPackaged,
    exists: isFile,
  });
  let deliver: ((path: string) => void) | null = null;
  const open = (path: string) => {
    if (deliver) deliver(path);
    else pending.push(path);
  };
  app.on('second-instance', (_e, argv, cwd) => {
    for (const path of filesFromArgv(argv, cwd, { packaged: app.isPackaged, exists: isFile })) open(path);
  });
  // macOS sends files (Finder's "Open with", the dock) as events, also before 'ready'.
  app.on('open-file', (e, path) => {
    e.preventDefault();
    if (openedFileKind(path) && isFile(path)) open(path);
  });
  return {
    ready(backend, win) {
      deliver = (path) => {
        const kind = openedFileKind(path);
        const w = win();
        if (!kind || !w || w.isDestroyed()) return;
        const name = basename(path).slice(0, 255);
        const file = backend.files.register(path, name);
        if (w.isMinimized()) w.restore();
        w.focus();
        w.webContents.send('castmatch:event', 'shell.openFile', { kind, file, name });
      };
      const page = win();
      const flush = () => {
        for (const path of pending.splice(0)) deliver?.(path);
      };
      // Files named at launch wait for the page to be listening.
      if (page?.webContents.isLoading()) page.webContents.once('did-finish-load', flush);
      else flush();
    },
  };
}
