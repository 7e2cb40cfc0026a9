// Chat E2E fixtures: a fake Anthropic Messages API in the test process, and the browser host pointed at it
// (CASTMATCH_ANTHROPIC_BASE_URL), so the real SDK in the backend streams from replies each test scripts.
import type { Page } from '@playwright/test';
import { FAKE_API_KEY, type FakeAnthropic, startFakeAnthropic } from '../support/fake-anthropic.ts';
import { test as base, expect, runHost } from './fixtures.ts';

export const test = base.extend<{ fake: FakeAnthropic }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern
  fake: async ({}, use) => {
    const fake = await startFakeAnthropic();
    await use(fake);
    await fake.close();
  },
  host: async ({ fake }, use, testInfo) => {
    await runHost('castmatch-e2e-chat-', { CASTMATCH_ANTHROPIC_BASE_URL: fake.url }, use, testInfo);
  },
});

export { expect, FAKE_API_KEY };

/** Goes to a screen through the sections menu. */
export async function goTo(page: Page, screen: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: screen, exact: true })
    .click();
}

/** Saves the fake's key through the Settings screen, as a user would. */
export async function saveApiKey(page: Page, key = FAKE_API_KEY): Promise<void> {
  await goTo(page, 'Settings');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText('A key is saved.')).toBeVisible();
}

export async function openChat(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Ask Claude' })
    .click();
}

/** Types a message in the composer and sends it with Enter. */
export async function ask(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message Claude' });
  await box.fill(text);
  await box.press('Enter');
}
