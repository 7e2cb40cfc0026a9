// The demo office has faces: illustrated portraits stored through the headshot pipeline, on the grid and in the
// profile's gallery, and a first screen of different people. Screenshots of the grid at 1440 and 1024 px, light
// and dark, go to test-results/.
import type { Locator, Page } from '@playwright/test';
import { expect, loadDemo, test } from './fixtures.ts';

const results = (app: Page) => app.getByRole('list', { name: 'Talent results' });

/** Waits until an image has been decoded (not just put in the page). */
async function expectLoaded(img: Locator): Promise<void> {
  await expect
    .poll(() => img.evaluate((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
}

test('demo profiles show illustrated faces, with alt text, on different people', async ({ app }) => {
  await app.setViewportSize({ width: 1440, height: 900 });
  await loadDemo(app);
  const faces = results(app).getByRole('img', { name: /^Headshot of / });
  await expect(faces.first()).toBeVisible();
  // Every card on the first screen has a face, decoded.
  const cards = await results(app).getByRole('listitem').count();
  await expect(faces).toHaveCount(cards);
  for (const i of [0, 5, 11]) await expectLoaded(faces.nth(i));

  // The default sort's first screen is not one first name repeated.
  const alts = await faces.evaluateAll((els) => els.slice(0, 20).map((e) => e.getAttribute('alt') ?? ''));
  const firstNames = new Set(alts.map((a) => a.replace('Headshot of ', '').split(' ')[0]));
  expect(alts).toHaveLength(20);
  expect(firstNames.size).toBeGreaterThanOrEqual(10);

  // The face is a real headshot: the profile's gallery shows it as the primary photo.
  const first = results(app).getByRole('listitem').first();
  const name = (await first.getByRole('img').getAttribute('alt'))!.replace('Headshot of ', '');
  await first.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  const panel = app.getByRole('region', { name: `Profile of ${name}` });
  await expect(panel).toBeVisible();
  const primary = panel.getByRole('button', { name: /^View headshot 1\b/ });
  await expect(primary).toBeVisible();
  await expectLoaded(primary.locator('img'));

  await panel.getByRole('button', { name: 'Close profile' }).click();
  await expect(panel).toBeHidden();
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await app.setViewportSize({ width: w, height: h });
    await expectLoaded(faces.first());
    await app.screenshot({ path: `test-results/grid-faces-${w}-light.png` });
    await app.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expectLoaded(faces.first());
    await app.screenshot({ path: `test-results/grid-faces-${w}-dark.png` });
    await app.getByRole('button', { name: 'Switch to light theme' }).click();
  }
});
