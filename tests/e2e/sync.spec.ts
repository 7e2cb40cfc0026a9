// Team sync through two browser hosts, each with its own data folder, and one sync server (Postgres from
// DATABASE_URL, or an embedded one) started in the test: A creates an office and an invite code, B joins with it,
// and a profile created on A appears on B's talent screen without a reload.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createTestDatabase, startServer } from '../server/helpers.ts';
import { expect, runHost, test } from './fixtures.ts';

async function openTeamSettings(page: Page, serverUrl: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  const server = page.getByRole('form', { name: 'Sync server' });
  await server.getByLabel('Server address').fill(serverUrl);
  await server.getByRole('button', { name: 'Save server' }).click();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('signed out');
}

test('an edit on one desktop appears on the other, live', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const tdb = await createTestDatabase('e2esync');
  const srv = await startServer(tdb.url);
  try {
    await runHost(
      'castmatch-e2e-sync-a-',
      {},
      async (hostA) => {
        await runHost(
          'castmatch-e2e-sync-b-',
          {},
          async (hostB) => {
            const a = await (await browser.newContext()).newPage();
            const b = await (await browser.newContext()).newPage();
            const errors: string[] = [];
            for (const p of [a, b]) p.on('pageerror', (e) => errors.push(e.message));
            await a.goto(hostA.url);
            await b.goto(hostB.url);

            // A creates the office.
            await openTeamSettings(a, srv.base);
            const create = a.getByRole('form', { name: 'Create an office' });
            await create.getByLabel('Office name').fill('Andheri Casting Co');
            await create.getByLabel('Your name').fill('Meera Director');
            await create.getByLabel('Email').fill('meera@example.test');
            await create.getByLabel(/^Password/).fill('a long enough password');
            await create.getByRole('button', { name: 'Create office' }).click();
            await expect(a.getByRole('status', { name: 'Signed in as' })).toContainText('Andheri Casting Co');
            await expect(a.getByRole('status', { name: 'Signed in as' })).toContainText('Admin');
            await expect(a.getByRole('status', { name: 'Sync status' })).toContainText('Online');

            // The rotating refresh token is in the host's 0600 file, and nowhere in the database.
            const tokenFile = join(hostA.dataDir, 'sync-refresh-token');
            await expect.poll(() => existsSync(tokenFile)).toBe(true);
            expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
            const token = readFileSync(tokenFile, 'utf8').trim();
            for (const f of readdirSync(hostA.dataDir).filter(
              (n) => n.includes('.db') || n.includes('sqlite'),
            ))
              expect(readFileSync(join(hostA.dataDir, f)).includes(token), f).toBe(false);

            // A invites an assistant; B joins with the code.
            await a.getByLabel('Role for the new member').selectOption('assistant');
            await a.getByRole('button', { name: 'Create invite code' }).click();
            const inviteText = await a.getByRole('status', { name: 'Invite code' }).textContent();
            const code = inviteText?.match(/[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}/)?.[0];
            expect(code, 'an invite code is shown').toBeTruthy();

            await openTeamSettings(b, srv.base);
            const joinForm = b.getByRole('form', { name: 'Join an office' });
            await joinForm.getByLabel('Invite code').fill(code!);
            await joinForm.getByLabel('Your name').fill('Ravi Assistant');
            await joinForm.getByLabel('Email').fill('ravi@example.test');
            await joinForm.getByLabel(/^Password/).fill('another long password');
            await joinForm.getByRole('button', { name: 'Join office' }).click();
            await expect(b.getByRole('status', { name: 'Signed in as' })).toContainText('Assistant');
            await expect(b.getByRole('status', { name: 'Sync status' })).toContainText('Online');

            // B looks at the talent screen; A creates a profile there.
            await b
              .getByRole('navigation', { name: 'Sections' })
              .getByRole('button', { name: 'Talent' })
              .click();
            await a
              .getByRole('navigation', { name: 'Sections' })
              .getByRole('button', { name: 'Talent' })
              .click();
            await a.getByRole('button', { name: 'New profile' }).click();
            const form = a.getByRole('form', { name: 'New profile' });
            await form.getByLabel('Full name (Latin script)').fill('Sunita Gaikwad');
            await form.getByRole('button', { name: 'Save profile' }).click();
            await expect(a.getByRole('region', { name: 'Profile of Sunita Gaikwad' })).toBeVisible();

            const resultsB = b.getByRole('list', { name: 'Talent results' });
            await expect(resultsB.getByRole('listitem').filter({ hasText: 'Sunita Gaikwad' })).toBeVisible();

            await b.screenshot({ path: 'test-results/sync-peer.png' });

            // B signs out (nothing unsent, so no question); the status bar says so.
            await b
              .getByRole('navigation', { name: 'Sections' })
              .getByRole('button', { name: 'Settings' })
              .click();
            await b.getByRole('button', { name: 'Sign out' }).click();
            await expect(b.getByRole('status', { name: 'Sync status' })).toContainText('signed out');
            await expect(b.getByRole('form', { name: 'Sign in' })).toBeVisible();
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
