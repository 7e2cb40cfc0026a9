// Auto-update through electron-updater (generic feed, electron-builder.yml), with one extra gate: a
// downloaded update is installed only after its Ed25519 signature verifies against the key pinned in the
// app (update-signature.ts). Without a pinned key (resources/update-key.pem), updates are never installed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, net } from 'electron';
import { autoUpdater, type UpdateDownloadedEvent } from 'electron-updater';
import { UPDATE_FEED_URL, verifyUpdate } from './update-signature.ts';

async function pinnedKey(): Promise<string | null> {
  return readFile(join(app.getAppPath(), 'resources', 'update-key.pem'), 'utf8').catch(() => null);
}

async function onDownloaded(event: UpdateDownloadedEvent): Promise<void> {
  const fileName = event.files[0]?.url.split('/').at(-1) ?? '';
  let signature = '';
  try {
    const res = await net.fetch(new URL(`${encodeURIComponent(fileName)}.sig`, UPDATE_FEED_URL).href);
    if (res.ok) signature = await res.text();
  } catch (e) {
    console.error('update signature could not be fetched', e);
  }
  const verdict = await verifyUpdate({
    file: event.downloadedFile,
    fileName,
    version: event.version,
    currentVersion: app.getVersion(),
    announcedSha512: event.files[0]?.sha512,
    signature,
    publicKeyPem: await pinnedKey(),
  });
  if (!verdict.ok) {
    console.error(`update ${event.version} refused: ${verdict.reason}`);
    return;
  }
  const { response } = await dialog.showMessageBox({
    type: 'info',
    buttons: ['Restart to update', 'Later'],
    defaultId: 0,
    cancelId: 1,
    title: 'Update ready',
    message: `CastMatch ${event.version} is ready to install.`,
    detail:
      typeof event.releaseNotes === 'string' ? event.releaseNotes.replace(/<[^>]+>/g, '').slice(0, 2000) : '',
  });
  if (response === 0) autoUpdater.quitAndInstall();
}

export function startUpdater(): { check(): void } {
  // Nothing installs on its own: only a verified update, and only when the user says so.
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.autoDownload = true;
  autoUpdater.on('update-downloaded', (e) => void onDownloaded(e));
  autoUpdater.on('error', (e) => console.error('update check failed', e));
  const check = () => {
    autoUpdater.checkForUpdates().catch((e: unknown) => console.error('update check failed', e));
  };
  return { check };
}
