// The Electron shell: window, menu, IPC wiring, custom protocols and the updater. Everything else is the
// plain-Node backend (src/backend), run in its own utility process and reached only through the typed
// contract, so a long write never freezes the window or menus.

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { app, BrowserWindow, dialog, Menu, Notification, net, protocol, session } from 'electron';
import { type BackendConnection, connectBackend } from '../backend/process/connection.ts';
import { pickedFolderRoot } from '../shared/picked-folder.ts';
import { utilityBackend } from './backend-process.ts';
import { handleTrusted } from './ipc.ts';
import { showLogs, startLogging } from './log.ts';
import { buildMenu } from './menu.ts';
import { watchOpenedFiles } from './open-files.ts';
import { appSecretStore, SYNC_SIGN_IN } from './secret-store.ts';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, hardenApp, hardenSession } from './security.ts';
import { jobFinishedNotice } from './shell-logic.ts';
import { startUpdater } from './updater.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';

startLogging();
const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererDir = join(import.meta.dirname, '../renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: 'castmatch-media', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let backend: BackendConnection | null = null;
let backendClosed = false;
let win: BrowserWindow | null = null;

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

function registerProtocols(): void {
  // The renderer is served from app://castmatch/ rather than file://, so it has a real origin and a CSP.
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    const rel = normalize(decoded).replace(/^([/\\])+/, '') || 'index.html';
    const file = resolve(rendererDir, rel);
    if (!file.startsWith(resolve(rendererDir) + sep)) return new Response('Not found', { status: 404 });
    const target = existsSync(file) && statSync(file).isFile() ? file : join(rendererDir, 'index.html');
    return new Response(await readFile(target), {
      headers: {
        'content-type': MIME[extname(target)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      },
    });
  });
  // Headshots by content hash only: no path from the page ever reaches the file system.
  protocol.handle('castmatch-media', async (request) => {
    const url = new URL(request.url);
    const m = `${url.hostname}${url.pathname}`.match(/^([0-9a-f]{64})\/(320|1280|original)$/);
    const path = m && backend ? await backend.resolveMedia(m[1]!, m[2]!) : null;
    if (!path) return new Response('Not found', { status: 404 });
    return net.fetch(`file://${path}`);
  });
}

function wireIpc(b: BackendConnection): void {
  // Both channels check the sender frame first (ipc.ts); the handlers see only the call's arguments.
  handleTrusted('castmatch:invoke', devUrl, (method, input) => b.dispatch(method, input));
  handleTrusted('castmatch:register-file', devUrl, (path, name, relative) => {
    if (typeof path !== 'string' || !path || typeof name !== 'string' || !existsSync(path)) {
      return { ok: false, error: { code: 'UNKNOWN_FILE', message: 'That file could not be found.' } };
    }
    if (typeof relative === 'string' && relative) {
      // A folder pick: register the picked folder (an ancestor of this real file) so its name and
      // sub-folders reach the importer, as they do for a dropped folder.
      const root = pickedFolderRoot(path, relative);
      if (!root || !existsSync(root))
        return { ok: false, error: { code: 'UNKNOWN_FILE', message: 'That folder could not be found.' } };
      return { ok: true, value: b.files.register(root, relative.split('/')[0]!.slice(0, 255)) };
    }
    return { ok: true, value: b.files.register(path, name.slice(0, 255)) };
  });
  b.events.subscribe((event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send('castmatch:event', event, payload);
    // A long job that finishes while the user is in another window says so.
    const notice = jobFinishedNotice(event, payload);
    if (notice && Notification.isSupported() && !win?.isFocused()) new Notification(notice).show();
  });
}

async function createWindow(): Promise<void> {
  const state = loadWindowState(app.getPath('userData'));
  win = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'CastMatch',
    backgroundColor: '#111318',
    webPreferences: {
      // The preload exposes three fixed-channel functions and no ipcRenderer (tests/shell/preload.test.ts).
      preload: join(import.meta.dirname, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK: reviewed
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      // A middle click would open a link as a new window; window.open is refused anyway (security.ts).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, app.getPath('userData'));
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
}

app.enableSandbox();
hardenApp(app, devUrl);
// One instance: a second launch hands its file arguments to this one (open-files.ts) and exits.
const openFiles = watchOpenedFiles(app);
if (!app.requestSingleInstanceLock()) app.exit(0);
app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.whenReady().then(async () => {
  hardenSession(session.defaultSession, devUrl);
  registerProtocols();
  const dataDir = join(app.getPath('userData'), 'office');
  const secrets = appSecretStore(app.getPath('userData'));
  try {
    backend = await connectBackend({
      spawn: () => utilityBackend(join(import.meta.dirname, 'backend-process.js')),
      options: {
        dataDir,
        transport: 'electron',
        version: app.getVersion(),
        migrationsFolder: join(app.getAppPath(), 'drizzle'),
        bundledWorkerDir: new URL('./', import.meta.url).href,
        secrets: { kind: secrets.kind, insecure: secrets.insecure },
        // Integrity check at start, then the daily backup, in the backend process (see backup/schedule.ts).
        backups: true,
      },
      secrets,
      // The sync server's refresh token: kept like the Claude key, in a file of its own.
      syncSecrets: appSecretStore(app.getPath('userData'), SYNC_SIGN_IN),
      log: (msg, err) => console.error(msg, err ?? ''),
      onIntegrity: (integrity) => {
        if (integrity.ok) return;
        void dialog.showMessageBox({
          type: 'warning',
          title: 'CastMatch found a problem in its database',
          message:
            'SQLite reported damage in the office database. Keep working carefully and restore a backup.',
          detail: `${integrity.problems.slice(0, 3).join('\n')}\n\nBackups: ${join(dataDir, 'backups')} (castmatch restore ID --data-dir …)`,
        });
      },
    });
  } catch (e) {
    dialog.showErrorBox('CastMatch could not open its database', (e as Error).message);
    app.quit();
    return;
  }
  wireIpc(backend);
  backend.onRestart(() => {
    // Every committed write survived (SQLite); what was in flight answered BACKEND_RESTARTED to the page.
    void dialog.showMessageBox({
      type: 'info',
      title: 'CastMatch restarted its engine',
      message: 'The part of CastMatch that keeps your data stopped unexpectedly and was restarted.',
      detail:
        'Everything you saved is kept. If something you had just asked for did not finish, try it again.',
    });
  });
  // Only a packaged app updates (a dev build has no feed to compare against).
  const updater = app.isPackaged ? startUpdater(() => win) : null;
  Menu.setApplicationMenu(
    buildMenu(Boolean(devUrl), {
      updates: updater
        ? {
            check: () => updater.check(true),
            get autoCheck() {
              return updater.autoCheck;
            },
            setAutoCheck: (on) => updater.setAutoCheck(on),
          }
        : undefined,
      showLogs,
    }),
  );
  await createWindow();
  openFiles.ready(backend, () => win);
  if (updater?.autoCheck) updater.check(false);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) void createWindow();
});
// Quitting waits for the backend to close: a write or an import in progress finishes or rolls back in
// SQLite, never half-written.
app.on('will-quit', (e) => {
  if (!backend || backendClosed) return;
  e.preventDefault();
  void backend.close().finally(() => {
    backendClosed = true;
    app.quit();
  });
});
