// Blob sync through two browser hosts and one sync server: A imports a headshot onto a new profile; B, joined with
// an invite code, sees the profile with its thumbnail on the grid card, opens the photo and is told that the
// full-size photo is not downloaded yet, downloads it, and sees it. Elements are found by role and name only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { createTestDatabase, startServer } from '../server/helpers.ts';
import { expect, runHost, test } from './fixtures.ts';

async function openTeamSettings(page: Page, serverUrl: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  const server = page.getByRole('form', { name: 'Sync server' });
  await server.getByLabel('Server address').fill(serverUrl);
  await server.getByRole('button', { name: 'Save server' }).click();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('signed out');
}

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
  const tdb = await createTestDatabase('e2eblobs');
  const srv = await startServer(tdb.url);
  const photo = join(mkdtempSync(join(tmpdir(), 'castmatch-e2e-blobs-')), 'sunita.jpg');
  writeFileSync(
    photo,
    await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 190, g: 120, b: 90 } } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
  try {
    await runHost(
      'castmatch-e2e-blobs-a-',
      {},
      async (hostA) => {
        await runHost(
          'castmatch-e2e-blobs-b-',
          {},
          async (hostB) => {
            const a = await (await browser.newContext()).newPage();
            const b = await (await browser.newContext()).newPage();
            const errors: string[] = [];
            for (const p of [a, b]) p.on('pageerror', (e) => errors.push(e.message));
            await a.goto(hostA.url);
            await b.goto(hostB.url);

            await openTeamSettings(a, srv.base);
            const create = a.getByRole('form', { name: 'Create an office' });
            await create.getByLabel('Office name').fill('Bandra Casting');
            await create.getByLabel('Your name').fill('Meera Director');
            await create.getByLabel('Email').fill('meera@example.test');
            await create.getByLabel(/^Password/).fill('a long enough password');
            await create.getByRole('button', { name: 'Create office' }).click();
            await expect(a.getByRole('status', { name: 'Sync status' })).toContainText('Online');
            await a.getByLabel('Role for the new member').selectOption('assistant');
            await a.getByRole('button', { name: 'Create invite code' }).click();
            const inviteText = await a.getByRole('status', { name: 'Invite code' }).textContent();
            const code = inviteText?.match(/[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}/)?.[0];
            expect(code, 'an invite code is shown').toBeTruthy();

            // B joins and looks at the talent screen while A adds the profile and its photo.
            await openTeamSettings(b, srv.base);
            const joinForm = b.getByRole('form', { name: 'Join an office' });
            await joinForm.getByLabel('Invite code').fill(code!);
            await joinForm.getByLabel('Your name').fill('Ravi Assistant');
            await joinForm.getByLabel('Email').fill('ravi@example.test');
            await joinForm.getByLabel(/^Password/).fill('another long password');
            await joinForm.getByRole('button', { name: 'Join office' }).click();
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
            expect(errors, 'uncaught errors in the pages').toEqual([]);
          },
          testInfo,
        );
      },
      testInfo,
    );
  } finally {
    await srv.server.close();
    await tdb.drop();
  }
});
