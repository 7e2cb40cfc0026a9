// First join through two browser hosts and one sync server: B already holds a profile when it joins A's office, so
// a dialog asks what to do with it; B uploads, is told which person looks like someone already in the office, and
// A then sees both profiles (nothing merged). Everything is found by role and name.
import type { Page } from '@playwright/test';
import { createTestDatabase, startServer } from '../server/helpers.ts';
import { expect, runHost, test } from './fixtures.ts';

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();

async function newProfile(page: Page, name: string, phone: string): Promise<void> {
  await section(page, 'Talent');
  await page.getByRole('button', { name: 'New profile' }).click();
  const form = page.getByRole('form', { name: 'New profile' });
  await form.getByLabel('Full name (Latin script)').fill(name);
  await form.getByLabel('Phone', { exact: true }).fill(phone);
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('region', { name: `Profile of ${name}` })).toBeVisible();
}

async function openTeamSettings(page: Page, serverUrl: string): Promise<void> {
  await section(page, 'Settings');
  const server = page.getByRole('form', { name: 'Sync server' });
  await server.getByLabel('Server address').fill(serverUrl);
  await server.getByRole('button', { name: 'Save server' }).click();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('signed out');
}

test('a desktop holding data is asked on joining, uploads, and sees the look-alike', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const tdb = await createTestDatabase('e2efirstjoin');
  const srv = await startServer(tdb.url);
  try {
    await runHost(
      'castmatch-e2e-join-a-',
      {},
      async (hostA) => {
        await runHost(
          'castmatch-e2e-join-b-',
          {},
          async (hostB) => {
            const a = await (await browser.newContext()).newPage();
            const b = await (await browser.newContext()).newPage();
            const errors: string[] = [];
            for (const p of [a, b]) p.on('pageerror', (e) => errors.push(e.message));
            await a.goto(hostA.url);
            await b.goto(hostB.url);

            await newProfile(a, 'Meher Bhatia', '+91 98200 11111');
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

            await section(a, 'Talent'); // A watches its talent screen while B joins
            await newProfile(b, 'Meher Bhatiya', '98200 11111');
            await openTeamSettings(b, srv.base);
            const joinForm = b.getByRole('form', { name: 'Join an office' });
            await joinForm.getByLabel('Invite code').fill(code!);
            await joinForm.getByLabel('Your name').fill('Ravi Assistant');
            await joinForm.getByLabel('Email').fill('ravi@example.test');
            await joinForm.getByLabel(/^Password/).fill('another long password');
            await joinForm.getByRole('button', { name: 'Join office' }).click();

            const ask = b.getByRole('dialog', { name: /Joining/ });
            await expect(ask).toBeVisible();
            await expect(ask).toContainText('1 profile');
            await b.screenshot({ path: 'test-results/first-join-ask.png' });
            await ask.getByRole('button', { name: 'Upload into the office' }).click();

            const done = b.getByRole('dialog', { name: 'Uploaded into the office' });
            await expect(done.getByRole('list', { name: 'Possible duplicates' })).toContainText(
              'same phone, different spelling: Meher Bhatia / Meher Bhatiya',
            );
            await done.getByRole('button', { name: 'Done' }).click();
            await expect(done).toBeHidden();
            await expect(b.getByRole('status', { name: 'Sync status' })).toContainText('Online');

            await section(b, 'Talent');
            const resultsB = b.getByRole('list', { name: 'Talent results' });
            for (const name of ['Meher Bhatia', 'Meher Bhatiya'])
              await expect(resultsB.getByRole('button', { name, exact: true })).toBeVisible();
            await expect(resultsB.getByRole('listitem')).toHaveCount(2);
            const resultsA = a.getByRole('list', { name: 'Talent results' });
            for (const name of ['Meher Bhatia', 'Meher Bhatiya'])
              await expect(resultsA.getByRole('button', { name, exact: true })).toBeVisible();
            await expect(resultsA.getByRole('listitem')).toHaveCount(2);
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
