// The Electron shell's pure security decisions (src/main/policy.ts) and the page's CSP
// (src/backend/host/csp.ts), checked under Node: Electron itself cannot run here.
import { describe, expect, it } from 'vitest';
import { browserHostCsp, ELECTRON_CSP } from '../../src/backend/host/csp.ts';
import {
  allowsDownload,
  decideNavigation,
  decideWindowOpen,
  externalUrl,
  isAppUrl,
  isTrustedSender,
} from '../../src/main/policy.ts';

const DEV = 'http://localhost:5173';

describe('isAppUrl', () => {
  it('accepts our own page and the dev server by exact origin only', () => {
    expect(isAppUrl('app://castmatch/index.html')).toBe(true);
    expect(isAppUrl('app://castmatch/assets/index-abc.js')).toBe(true);
    expect(isAppUrl('http://localhost:5173/', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx?t=1', DEV)).toBe(true);
    for (const url of [
      'app://castmatch.evil/index.html',
      'app://evil/index.html',
      'app://user@castmatch/index.html',
      'http://localhost:5173.evil.example/',
      'http://localhost:51730/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost:5173@evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      '',
    ])
      expect(isAppUrl(url, DEV), url).toBe(false);
    // Without a dev server, nothing on http counts as the app.
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
  });

  it('never treats a non-web dev URL as an origin to trust', () => {
    expect(isAppUrl('file:///tmp/x.html', 'file:///tmp/')).toBe(false);
  });
});

describe('external links', () => {
  it('opens https and mailto in the OS, nothing else', () => {
    expect(externalUrl('https://www.youtube.com/watch?v=abc')).toBe('https://www.youtube.com/watch?v=abc');
    expect(externalUrl('mailto:casting@office.in?subject=Audition')).toBe(
      'mailto:casting@office.in?subject=Audition',
    );
    expect(externalUrl('HTTPS://Instagram.com/priya')).toBe('https://instagram.com/priya');
    for (const url of [
      'http://example.com/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://server/share',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ms-msdt:/id PCWDiagnostic',
      'https://bank.example@evil.example/',
      'https://user:pw@example.com/',
      'app://castmatch/index.html',
      '//evil.example',
      'garbage',
    ])
      expect(externalUrl(url), url).toBeNull();
  });

  it('decides navigations: stay, leave for the OS, or stop', () => {
    expect(decideNavigation('app://castmatch/index.html#/talent')).toEqual({ action: 'allow' });
    expect(decideNavigation('http://localhost:5173/', DEV)).toEqual({ action: 'allow' });
    expect(decideNavigation('https://imdb.com/name/nm1')).toEqual({
      action: 'external',
      url: 'https://imdb.com/name/nm1',
    });
    expect(decideNavigation('http://localhost:5173/')).toEqual({ action: 'deny' });
    expect(decideNavigation('file:///home/user/.ssh/id_rsa')).toEqual({ action: 'deny' });
    expect(decideNavigation('http://evil.example/')).toEqual({ action: 'deny' });
  });

  it('never opens a window inside the app, even for our own URL', () => {
    expect(decideWindowOpen('app://castmatch/index.html')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://vimeo.com/1')).toEqual({
      action: 'external',
      url: 'https://vimeo.com/1',
    });
    expect(decideWindowOpen('about:blank')).toEqual({ action: 'deny' });
  });
});

describe('downloads', () => {
  it('lets the page save only blobs of its own origin', () => {
    expect(allowsDownload('blob:app://castmatch/6f1c2a9e-0d7b-4d5e-9a51-3f0c1b2d4e5f')).toBe(true);
    expect(allowsDownload('blob:http://localhost:5173/abc', 'http://localhost:5173')).toBe(true);
    expect(allowsDownload('blob:http://localhost:5173/abc')).toBe(false);
    expect(allowsDownload('blob:https://evil.example/abc')).toBe(false);
    expect(allowsDownload('blob:app://castmatch.evil/abc')).toBe(false);
    expect(allowsDownload('https://example.com/cast.csv')).toBe(false);
    expect(allowsDownload('app://castmatch/index.html')).toBe(false);
    expect(allowsDownload('data:text/csv,a')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only our top-level frame', () => {
    expect(isTrustedSender({ url: 'app://castmatch/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null }, DEV)).toBe(true);
    // An iframe of our own origin is still refused: only the top frame speaks for the app.
    expect(isTrustedSender({ url: 'app://castmatch/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173.evil.example/', parent: null }, DEV)).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('the content security policy', () => {
  it('is strict: no inline or eval script, no inline style, no forms, no base, no framing', () => {
    for (const csp of [ELECTRON_CSP, browserHostCsp(41234)]) {
      const d = directives(csp);
      expect(d.get('script-src')).toEqual(["'self'"]);
      expect(d.get('style-src')).toEqual(["'self'"]);
      expect(d.get('default-src')).toEqual(["'self'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('base-uri')).toEqual(["'none'"]);
      expect(d.get('form-action')).toEqual(["'none'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-(inline|eval|hashes)|\*|https?:/);
    }
  });

  it('is one policy: the two transports differ only in how the page reaches the backend and its images', () => {
    const electron = directives(ELECTRON_CSP);
    const host = directives(browserHostCsp(41234));
    expect([...electron.keys()]).toEqual([...host.keys()]);
    for (const [name, values] of electron)
      if (name !== 'connect-src' && name !== 'img-src') expect(host.get(name), name).toEqual(values);
    expect(host.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:41234', 'ws://localhost:41234']);
    expect(electron.get('connect-src')).toEqual(["'self'"]);
    expect(electron.get('img-src')).toContain('castmatch-media:');
    expect(host.get('img-src')).not.toContain('castmatch-media:');
  });
});
