// The one Content-Security-Policy of the app's page, served by the Electron shell (app://) and by the browser
// host alike. Plain data, no electron import: src/main imports it, and tests/shell checks it under Node.
// The two transports differ only in where the page reaches the backend and its images (a WebSocket and
// /media/ on the host; IPC and castmatch-media:// in Electron), so those are the only parameters.

export interface CspSources {
  /** Extra `connect-src` sources beside 'self' (the browser host's ws:// URLs). */
  connect?: readonly string[];
  /** Extra `img-src` sources beside 'self' data: blob: (Electron's castmatch-media:). */
  img?: readonly string[];
}

/**
 * No inline or remote script and no eval: an injected `<script>` or `javascript:` URL does nothing. No
 * inline `<style>` or style attribute in markup either (React and pdf.js set styles through the CSSOM, which
 * CSP allows). Forms post nowhere, `<base>` cannot re-point relative URLs, nothing may frame the page.
 * `blob:` workers: pdf.js may start its worker from a blob.
 */
export function contentSecurityPolicy(sources: CspSources = {}): string {
  const list = (...items: readonly string[]) => items.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${list("'self'", 'data:', 'blob:', ...(sources.img ?? []))}`,
    "font-src 'self' data:",
    `connect-src ${list("'self'", ...(sources.connect ?? []))}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The browser host's policy: its page talks to the host's own WebSocket on loopback. */
export function browserHostCsp(port: number): string {
  return contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
}

/** The Electron page's policy: headshots come through the castmatch-media:// protocol. */
export const ELECTRON_CSP = contentSecurityPolicy({ img: ['castmatch-media:'] });
