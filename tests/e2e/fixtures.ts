// Starts the real browser host (a separate Node process, as `npm run start:browser` would) on a fresh data
// folder, so every E2E test drives the built renderer against the real backend and SQLite store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startHost } from '../support/browser.ts';

export interface Host {
  url: string;
  dataDir: string;
}

export const test = base.extend<{ host: Host; app: Page }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern
  host: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'castmatch-e2e-'));
    const { url, proc } = await startHost(dataDir);
    await use({ url, dataDir });
    proc.kill('SIGTERM');
  },
  app: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect, startHost };

export async function loadDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Loaded 2,000 demo profiles/ })).toBeVisible();
}
