// Electron hardening in one place: which frames may call the backend, where windows may go, and what the
// page may ask for. See docs/ARCHITECTURE.md (security).
import { type BrowserWindow, type Session, shell, type WebFrameMain } from 'electron';

export const APP_ORIGIN = 'app://castmatch';

/** Only our own top-level page (the app:// origin, or the dev server in development) may call the backend. */
export function isTrustedSender(frame: WebFrameMain | null, devUrl: string | undefined): boolean {
  if (!frame || frame.parent) return false;
  const url = frame.url;
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  return Boolean(devUrl && url.startsWith(devUrl));
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: castmatch-media:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function hardenSession(session: Session): void {
  // No camera, microphone, geolocation, notifications… the app asks for none of them.
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWindow(win: BrowserWindow, devUrl: string | undefined): void {
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`) && !(devUrl && url.startsWith(devUrl))) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Showreels and social links open in the user's browser; nothing opens inside the app.
    if (/^https:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
