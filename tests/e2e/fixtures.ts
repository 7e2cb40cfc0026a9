// Starts the real browser host (a separate Node process, as `npm run start:browser` would) on a fresh data
// folder, so every E2E test drives the built renderer against the real backend and SQLite store.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  test as base,
  type ElectronApplication,
  _electron as electron,
  expect,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { startHost } from '../support/browser.ts';

export interface Host {
  url: string;
  dataDir: string;
  /** The desktop app, when the journey runs in Electron (the `electron` project) rather than the browser host. */
  electron?: ElectronApplication;
}

/**
 * Where a journey runs: the browser host in Chromium (everywhere), or the real Electron app (the `electron`
 * project of playwright.config.ts, only where an Electron binary exists). Set per project.
 */
export type Target = 'browser' | 'electron';

/**
 * Runs the browser host on a fresh data folder for one test. A failed test gets the host's output attached
 * and printed (CI keeps only what the run prints).
 */
export async function runHost(
  prefix: string,
  env: Record<string, string>,
  use: (h: Host) => Promise<void>,
  testInfo: TestInfo,
): Promise<void> {
  if ((testInfo.project.use as { target?: Target }).target === 'electron') {
    await runElectron(prefix, env, use);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const { url, proc, log } = await startHost(dataDir, env);
  await use({ url, dataDir });
  proc.kill('SIGTERM');
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('browser-host.log', { body: log(), contentType: 'text/plain' });
    console.error(`--- browser host output (${testInfo.title}) ---\n${log().slice(-4000)}`);
  }
}

/**
 * The same journey in the desktop app: a fresh user-data folder (the office is its `office/` folder, as
 * src/main/index.ts has it), the environment passed on to main and the backend process.
 */
async function runElectron(prefix: string, env: Record<string, string>, use: (h: Host) => Promise<void>) {
  const userData = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(userData, 'office');
  mkdirSync(dataDir, { recursive: true });
  const app = await electron.launch({
    args: ['.', `--user-data-dir=${userData}`],
    env: { ...(process.env as Record<string, string>), ...env },
  });
  try {
    await use({ url: 'app://castmatch/index.html', dataDir, electron: app });
  } finally {
    await app.close();
  }
}

export const test = base.extend<{ target: Target; host: Host; app: Page }>({
  target: ['browser', { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern
  host: async ({}, use, testInfo) => {
    await runHost('castmatch-e2e-', {}, use, testInfo);
  },
  app: async ({ page, host }, use) => {
    // In Electron the journey drives the app's own window; `page` (an idle Chromium tab) is not used.
    const window = host.electron ? await host.electron.firstWindow() : page;
    const errors: string[] = [];
    window.on('pageerror', (e) => errors.push(e.message));
    if (!host.electron) await window.goto(host.url);
    await use(window);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

export async function loadDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load demo data' }).click();
  // 2,000 profiles with generated faces: seconds alone, much longer on a loaded CI machine (a runaway guard).
  await expect(page.getByRole('status').filter({ hasText: /Loaded 2,000 demo profiles/ })).toBeVisible({
    timeout: 60_000,
  });
}
