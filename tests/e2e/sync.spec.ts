// Team sync through two browser hosts, each with its own data folder, and one sync server (Postgres from
// DATABASE_URL, or an embedded one) started in the test: A creates an office and an invite code, B joins with it,
// and a profile created on A appears on B's talent screen without a reload.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { createOffice, inviteCode, joinOffice, setServer, withTwoDesktops } from './team.ts';

test('an edit on one desktop appears on the other, live', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  await withTwoDesktops(browser, testInfo, 'sync', async ({ a, b, hostA, server }) => {
    // A creates the office.
    await setServer(a, server);
    await createOffice(a, {
      office: 'Andheri Casting Co',
      name: 'Meera Director',
      email: 'meera@example.test',
    });
    await expect(a.getByRole('status', { name: 'Signed in as' })).toContainText('Andheri Casting Co');
    await expect(a.getByRole('status', { name: 'Signed in as' })).toContainText('Admin');
    await expect(a.getByRole('status', { name: 'Sync status' })).toContainText('Online');

    // The rotating refresh token is in the host's 0600 file, and nowhere in the database.
    const tokenFile = join(hostA.dataDir, 'sync-refresh-token');
    await expect.poll(() => existsSync(tokenFile)).toBe(true);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    for (const f of readdirSync(hostA.dataDir).filter((n) => n.includes('.db') || n.includes('sqlite')))
      expect(readFileSync(join(hostA.dataDir, f)).includes(token), f).toBe(false);

    // A invites an assistant; B joins with the code.
    const code = await inviteCode(a, 'assistant');

    await setServer(b, server);
    await joinOffice(b, code, { name: 'Ravi Assistant', email: 'ravi@example.test' });
    await expect(b.getByRole('status', { name: 'Signed in as' })).toContainText('Assistant');
    await expect(b.getByRole('status', { name: 'Sync status' })).toContainText('Online');

    // B looks at the talent screen; A creates a profile there.
    await b.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Talent' }).click();
    await a.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Talent' }).click();
    await a.getByRole('button', { name: 'New profile' }).click();
    const form = a.getByRole('form', { name: 'New profile' });
    await form.getByLabel('Full name (Latin script)').fill('Sunita Gaikwad');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await expect(a.getByRole('region', { name: 'Profile of Sunita Gaikwad' })).toBeVisible();

    const resultsB = b.getByRole('list', { name: 'Talent results' });
    await expect(resultsB.getByRole('listitem').filter({ hasText: 'Sunita Gaikwad' })).toBeVisible();

    await b.screenshot({ path: 'test-results/sync-peer.png' });

    // B signs out (nothing unsent, so no question); the status bar says so.
    await b.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    await b.getByRole('button', { name: 'Sign out' }).click();
    await expect(b.getByRole('status', { name: 'Sync status' })).toContainText('signed out');
    await expect(b.getByRole('form', { name: 'Sign in' })).toBeVisible();
  });
});
