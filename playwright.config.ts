import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, systemChromium } from './tests/support/browser.ts';

// Debian's Chromium (or another system Chrome) where there is one; otherwise Playwright's own download,
// which scripts/ensure-browser.ts fetches before the E2E run when no system browser exists.
const electronAvailable =
  Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH) ||
  existsSync('node_modules/electron/dist/electron') ||
  existsSync('node_modules/electron/dist/Electron.app');

/**
 * Journeys that also run in the real desktop app: the same spec files, with the `app` fixture driving
 * Electron's window instead of the browser host's page (tests/e2e/fixtures.ts). Left out: specs that test the
 * browser host itself (bundle, security) or open a second page or host (sync, shortlists).
 */
const ELECTRON_JOURNEYS = [
  'e2e/talent.spec.ts',
  'e2e/talent-browser.spec.ts',
  'e2e/import.spec.ts',
  'e2e/duplicates.spec.ts',
  'e2e/headshots.spec.ts',
  'e2e/script.spec.ts',
  'e2e/match.spec.ts',
  'e2e/chat.spec.ts',
  'e2e/breakdowns.spec.ts',
  'e2e/decks.spec.ts',
  'e2e/browser-faces.spec.ts',
  'e2e/browser-filters.spec.ts',
  'e2e/browser-keyboard.spec.ts',
  'electron/**/*.spec.ts',
];

export default defineConfig<{ target: 'browser' | 'electron' }>({
  testDir: 'tests',
  projects: [
    { name: 'browser', testMatch: ['e2e/**/*.spec.ts'] },
    // CASTMATCH_LIST_ELECTRON: `npm test` lists (never runs) the Electron project, to name what is left out here.
    ...(electronAvailable || process.env.CASTMATCH_LIST_ELECTRON
      ? [{ name: 'electron', testMatch: ELECTRON_JOURNEYS, use: { target: 'electron' as const } }]
      : []),
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
