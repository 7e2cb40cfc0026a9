// First join through two browser hosts and one sync server: B already holds a profile when it joins A's office, so
// a dialog asks what to do with it; B uploads, is told which person looks like someone already in the office, and
// A then sees both profiles (nothing merged). Everything is found by role and name.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { createOffice, inviteCode, joinOffice, setServer, withTwoDesktops } from './team.ts';

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

test('a desktop holding data is asked on joining, uploads, and sees the look-alike', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  await withTwoDesktops(browser, testInfo, 'firstjoin', async ({ a, b, server }) => {
    await newProfile(a, 'Meher Bhatia', '+91 98200 11111');
    await setServer(a, server);
    await createOffice(a, { office: 'Bandra Casting', name: 'Meera Director', email: 'meera@example.test' });
    await expect(a.getByRole('status', { name: 'Sync status' })).toContainText('Online');
    const code = await inviteCode(a, 'assistant');

    await section(a, 'Talent'); // A watches its talent screen while B joins
    await newProfile(b, 'Meher Bhatiya', '98200 11111');
    await setServer(b, server);
    await joinOffice(b, code, { name: 'Ravi Assistant', email: 'ravi@example.test' });

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
  });
});
