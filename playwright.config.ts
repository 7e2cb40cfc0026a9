import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, systemChromium } from './tests/support/browser.ts';

// Debian's Chromium (or another system Chrome) where there is one; otherwise Playwright's own download,
// which scripts/ensure-browser.ts fetches before the E2E run when no system browser exists.
const electronAvailable =
  Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH) ||
  existsSync('node_modules/electron/dist/electron') ||
  existsSync('node_modules/electron/dist/Electron.app');

export default defineConfig({
  testDir: 'tests',
  // CASTMATCH_LIST_ELECTRON: `npm test` lists (never runs) the Electron tests, to name those left out here.
  testMatch: [
    'e2e/**/*.spec.ts',
    ...(electronAvailable || process.env.CASTMATCH_LIST_ELECTRON ? ['electron/**/*.spec.ts'] : []),
  ],
  outputDir: 'test-results/artifacts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // The JSON report is what `npm test` counts (scripts/test.ts), never the list reporter's text.
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: systemChromium,
      args: chromiumArgs,
    },
  },
});
