// Blob sync through two browser hosts and one sync server: A imports a headshot onto a new profile; B, joined with
// an invite code, sees the profile with its thumbnail on the grid card, opens the photo and is told that the
// full-size photo is not downloaded yet, downloads it, and sees it. Elements are found by role and name only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';
import { createOffice, inviteCode, joinOffice, setServer, withTwoDesktops } from './team.ts';

async function expectLoaded(img: Locator) {
  await img.scrollIntoViewIfNeeded();
  await expect
    .poll(() =>
      img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
    )
    .toBeGreaterThan(0);
}

const toTalent = (p: Page) =>
  p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Talent' }).click();

test('a headshot imported on one desktop reaches the other: thumbnail with the profile, full size on demand', async ({
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  const photo = join(mkdtempSync(join(tmpdir(), 'castmatch-e2e-blobs-')), 'sunita.jpg');
  writeFileSync(
    photo,
    await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 190, g: 120, b: 90 } } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
  await withTwoDesktops(browser, testInfo, 'blobs', async ({ a, b, server }) => {
    await setServer(a, server);
    await createOffice(a, { office: 'Bandra Casting', name: 'Meera Director', email: 'meera@example.test' });
    await expect(a.getByRole('status', { name: 'Sync status' })).toContainText('Online');
    const code = await inviteCode(a, 'assistant');

    // B joins and looks at the talent screen while A adds the profile and its photo.
    await setServer(b, server);
    await joinOffice(b, code, { name: 'Ravi Assistant', email: 'ravi@example.test' });
    await expect(b.getByRole('status', { name: 'Sync status' })).toContainText('Online');
    await toTalent(b);

    // A: a new profile with a headshot from its gallery's picker. It reaches B with its thumbnail on the
    // grid card (a card that showed before its thumbnail came tries the image again: ui/Avatar.tsx).
    await toTalent(a);
    await a.getByRole('button', { name: 'New profile' }).click();
    const form = a.getByRole('form', { name: 'New profile' });
    await form.getByLabel('Full name (Latin script)').fill('Sunita Gaikwad');
    await form.getByRole('button', { name: 'Save profile' }).click();
    const panelA = a.getByRole('region', { name: 'Profile of Sunita Gaikwad' });
    await panelA.getByLabel('Headshot files for Sunita Gaikwad').setInputFiles([photo]);
    const done = a.getByRole('dialog', { name: /^Headshot import finished$/ });
    await expect(done).toBeVisible({ timeout: 30_000 });
    await done.getByRole('button', { name: 'Done' }).click();
    await expect(panelA.getByRole('list', { name: 'Headshots of Sunita Gaikwad' })).toBeVisible();
    await expect(a.getByRole('status', { name: 'Sync status' })).toContainText('Online');

    const card = b
      .getByRole('list', { name: 'Talent results' })
      .getByRole('listitem')
      .filter({ hasText: 'Sunita Gaikwad' });
    await expect(card).toBeVisible();
    await expectLoaded(card.locator('img'));

    // The full-size photo is not on B yet: the viewer says so and offers to download it.
    await card.getByRole('button', { name: /^Sunita Gaikwad/ }).click();
    const panelB = b.getByRole('region', { name: 'Profile of Sunita Gaikwad' });
    await panelB
      .getByRole('list', { name: 'Headshots of Sunita Gaikwad' })
      .getByRole('button', { name: /^View headshot 1/ })
      .click();
    const viewer = b.getByRole('dialog', { name: 'Sunita Gaikwad: headshot 1 of 1' });
    await expect(viewer.getByRole('status')).toHaveText('Full-size photo not downloaded yet.');
    await expectLoaded(viewer.getByRole('img', { name: /thumbnail/ }));
    await b.screenshot({ path: 'test-results/sync-blobs-placeholder.png' });
    await viewer.getByRole('button', { name: 'Download full-size photo' }).click();
    await expect(viewer.getByText('Full-size photo not downloaded yet.')).toHaveCount(0);
    const full = viewer.getByRole('img', {
      name: 'Headshot 1 of Sunita Gaikwad (primary)',
      exact: true,
    });
    await expectLoaded(full);
    expect(await full.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(600);
    await b.screenshot({ path: 'test-results/sync-blobs-full-size.png' });
  });
});
