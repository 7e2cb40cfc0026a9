// Electron hardening in one place, applied to every session and every webContents the app creates: where
// pages may go, what they may open, what they may ask for. The decisions themselves are in policy.ts;
// the page's CSP is the browser host's (src/backend/host/csp.ts). See docs/SECURITY.md.
import { type App, type Session, shell, type WebContents } from 'electron';
import { ELECTRON_CSP } from '../backend/host/csp.ts';
import { allowsDownload, decideNavigation, decideWindowOpen } from './policy.ts';

export { APP_ORIGIN, isTrustedSender } from './policy.ts';
export const CONTENT_SECURITY_POLICY = ELECTRON_CSP;

export function hardenSession(session: Session, devUrl?: string): void {
  // No camera, microphone, geolocation, notifications, HID/USB/serial… the app asks for none of them.
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Exports (talent, script, schedule, problem rows) reach the page as data and are saved from a blob: URL of
  // our own origin, through Electron's save dialog; any other download is refused.
  session.on('will-download', (event, item) => {
    if (!allowsDownload(item.getURL(), devUrl)) event.preventDefault();
  });
}

function openOutside(url: string): void {
  // Only URLs that passed policy.ts's decideNavigation / decideWindowOpen (https without credentials, or mailto)
  // reach this line (tests/shell/policy.test.ts).
  shell.openExternal(url).catch((e: unknown) => console.error('could not open link', e)); // eng-disable OPEN_EXTERNAL_JS_CHECK: checked URL only
}

export function hardenContents(contents: WebContents, devUrl: string | undefined): void {
  const onNavigate = (event: { preventDefault(): void }, url: string) => {
    const d = decideNavigation(url, devUrl);
    if (d.action === 'allow') return;
    event.preventDefault();
    if (d.action === 'external') openOutside(d.url);
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Showreels, social and mail links open in the user's browser or mail client; nothing opens in the app.
    const d = decideWindowOpen(url);
    if (d.action === 'external') openOutside(d.url);
    return { action: 'deny' };
  });
}

/** Every webContents, present and future (a devtools window or anything a library makes), gets the same rules. */
export function hardenApp(app: App, devUrl: string | undefined): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, devUrl));
}
