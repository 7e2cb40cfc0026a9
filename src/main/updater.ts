// Auto-update through electron-updater (generic feed, electron-builder.yml): checked at start unless the user
// turned that off (preferences.json), and from Help → Check for Updates. The download shows on the taskbar /
// dock progress bar; when it is done, the same gate as update-feed.ts (tested against a loopback feed) runs:
// electron-updater has matched the feed's SHA-512, and the release's Ed25519 signature must verify against the
// key pinned in the app (resources/update-key.pem; without it nothing installs). Then the release notes and
// "Restart to update"; nothing installs on its own.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog, net } from 'electron';
import log from 'electron-log/main';
import { autoUpdater, type UpdateDownloadedEvent } from 'electron-updater';
import { readPreferences, writePreferences } from './preferences.ts';
import { assertSigned, type FeedOptions, releaseNotesText } from './update-feed.ts';
import { UPDATE_FEED_URL } from './update-signature.ts';

export interface Updater {
  /** `manual`: from the menu, so "no update" and errors are said in a dialog too. */
  check(manual: boolean): void;
  readonly autoCheck: boolean;
  setAutoCheck(on: boolean): void;
}

async function pinnedKey(): Promise<string | null> {
  return readFile(join(app.getAppPath(), 'resources', 'update-key.pem'), 'utf8').catch(() => null);
}

export function startUpdater(win: () => BrowserWindow | null): Updater {
  const dir = app.getPath('userData');
  const feed: FeedOptions = { feedUrl: UPDATE_FEED_URL, fetch: net.fetch as typeof fetch };
  let manual = false;
  const progress = (fraction: number) => {
    const w = win();
    if (w && !w.isDestroyed()) w.setProgressBar(fraction);
  };
  const tell = (type: 'info' | 'error', message: string, detail = '') =>
    void dialog.showMessageBox({ type, title: 'CastMatch updates', message, detail });

  autoUpdater.logger = log;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.on('update-available', (info) => log.info(`update ${info.version} available: downloading`));
  autoUpdater.on('update-not-available', () => {
    if (manual) tell('info', `CastMatch ${app.getVersion()} is the latest version.`);
  });
  autoUpdater.on('download-progress', (p) => progress(p.percent / 100));
  autoUpdater.on('error', (e) => {
    progress(-1);
    log.error('update failed', e);
    if (manual) tell('error', 'CastMatch could not check for updates.', e.message);
  });
  autoUpdater.on('update-downloaded', (event: UpdateDownloadedEvent) => {
    progress(-1);
    void onDownloaded(event);
  });

  async function onDownloaded(event: UpdateDownloadedEvent): Promise<void> {
    const file = event.files[0];
    try {
      if (!file) throw new Error('the feed names no file');
      await assertSigned(feed, {
        path: event.downloadedFile,
        file,
        version: event.version,
        currentVersion: app.getVersion(),
        publicKeyPem: await pinnedKey(),
      });
    } catch (e) {
      log.error((e as Error).message);
      if (manual)
        tell('error', `CastMatch ${event.version} was downloaded but not installed.`, (e as Error).message);
      return;
    }
    const { response } = await dialog.showMessageBox({
      type: 'info',
      buttons: ['Restart to Update', 'Later'],
      defaultId: 0,
      cancelId: 1,
      title: 'Update ready',
      message: `CastMatch ${event.version} is ready to install.`,
      detail: releaseNotesText(event.releaseNotes, 2000),
    });
    if (response === 0) autoUpdater.quitAndInstall();
  }

  return {
    check(fromMenu) {
      manual = fromMenu;
      autoUpdater.checkForUpdates().catch((e: unknown) => log.error('update check failed', e));
    },
    get autoCheck() {
      return readPreferences(dir).checkForUpdates;
    },
    setAutoCheck(on) {
      writePreferences(dir, { checkForUpdates: on });
    },
  };
}
