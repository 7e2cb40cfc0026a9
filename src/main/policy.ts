// The shell's security decisions as plain functions: which URLs are the app, which may open in the system
// browser, which frames may call the backend. No electron import, so tests/shell checks them under Node;
// security.ts and ipc.ts apply them to Electron's objects.

/** The renderer's origin: served by the app:// protocol handler in src/main/index.ts. */
export const APP_ORIGIN = 'app://castmatch';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether `url` is our own page: app://castmatch/…, or in development the dev server's exact origin
 * (scheme, host and port compared whole; `http://localhost:5173.evil.example` is not `http://localhost:5173`).
 */
export function isAppUrl(url: string, devUrl?: string): boolean {
  const u = parse(url);
  if (!u) return false;
  // Node's URL gives non-special schemes an opaque origin ("null"), so app: is compared by its parts.
  if (u.protocol === 'app:' && u.host === 'castmatch' && !u.username && !u.password) return true;
  const dev = devUrl ? parse(devUrl) : null;
  return Boolean(dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && u.origin === dev.origin);
}

/**
 * The URL to hand to the system browser or mail client, or null: only https: and mailto:, and no
 * credentials in the URL (a `https://bank.example@evil.example` link is refused, not opened).
 */
export function externalUrl(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  if (u.protocol === 'mailto:') return u.href;
  if (u.protocol !== 'https:' || u.username || u.password || !u.hostname) return null;
  return u.href;
}

export type NavigationDecision =
  | { action: 'allow' }
  | { action: 'deny' }
  | { action: 'external'; url: string };

/** A navigation of the app's window: our own page stays, a showreel or mail link leaves for the OS, the rest stops. */
export function decideNavigation(url: string, devUrl?: string): NavigationDecision {
  if (isAppUrl(url, devUrl)) return { action: 'allow' };
  const ext = externalUrl(url);
  return ext ? { action: 'external', url: ext } : { action: 'deny' };
}

/** `window.open` / target=_blank: never a new app window; an allowed external link goes to the OS. */
export function decideWindowOpen(url: string): NavigationDecision {
  const ext = externalUrl(url);
  return ext ? { action: 'external', url: ext } : { action: 'deny' };
}

/**
 * Whether a download may go ahead (Electron then asks where to save it): only a file the page itself made
 * from an export the backend returned, as a `blob:` URL of our own origin. Nothing is fetched from a
 * server through the page, and a blob of another origin (an iframe, a navigated-away page) is refused.
 */
export function allowsDownload(url: string, devUrl?: string): boolean {
  if (!url.startsWith('blob:')) return false;
  return isAppUrl(url.slice('blob:'.length), devUrl);
}

/** What the sender check needs of Electron's WebFrameMain. */
export interface SenderFrame {
  url: string;
  /** The parent frame; null for a top-level frame. */
  parent: unknown;
}

/** Only our own top-level page may call the backend: never an iframe, never another origin. */
export function isTrustedSender(frame: SenderFrame | null | undefined, devUrl?: string): boolean {
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url, devUrl);
}

export const FORBIDDEN = {
  ok: false as const,
  error: { code: 'FORBIDDEN', message: 'This page may not call CastMatch.' },
};
