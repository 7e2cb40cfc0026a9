// Starts the real browser host (a separate Node process, as `npm run start:browser` would) on a fresh data
// folder, so every E2E test drives the built renderer against the real backend and SQLite store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startHost } from '../support/browser.ts';

export interface Host {
  url: string;
  dataDir: string;
}

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
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const { url, proc, log } = await startHost(dataDir, env);
  await use({ url, dataDir });
  proc.kill('SIGTERM');
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('browser-host.log', { body: log(), contentType: 'text/plain' });
    console.error(`--- browser host output (${testInfo.title}) ---\n${log().slice(-4000)}`);
  }
}

export const test = base.extend<{ host: Host; app: Page }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern
  host: async ({}, use, testInfo) => {
    await runHost('castmatch-e2e-', {}, use, testInfo);
  },
  app: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

export async function loadDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Loaded 2,000 demo profiles/ })).toBeVisible();
}
