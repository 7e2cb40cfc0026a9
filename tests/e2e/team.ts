// Two desktops and one sync server for the team-sync journeys (sync, sync-blobs, sync-activity, first-join): a
// server on Postgres (DATABASE_URL, else an embedded one), two browser hosts with their own data folders, a page
// on each, and the steps every journey takes through Settings → Team, found by role and name.
import type { Browser, Page, TestInfo } from '@playwright/test';
import { createTestDatabase, startServer } from '../server/helpers.ts';
import { expect, type Host, runHost } from './fixtures.ts';

export interface TwoDesktops {
  a: Page;
  b: Page;
  hostA: Host;
  hostB: Host;
  /** The sync server's base URL. */
  server: string;
  /** Uncaught errors in the pages (a journey that opens another page adds its own). */
  errors: string[];
}

/** Runs `journey` on two fresh desktops and a fresh server; fails on any uncaught error in either page. */
export async function withTwoDesktops(
  browser: Browser,
  testInfo: TestInfo,
  name: string,
  journey: (d: TwoDesktops) => Promise<void>,
): Promise<void> {
  const tdb = await createTestDatabase(`e2e${name}`);
  const srv = await startServer(tdb.url);
  try {
    await runHost(
      `castmatch-e2e-${name}-a-`,
      {},
      (hostA) =>
        runHost(
          `castmatch-e2e-${name}-b-`,
          {},
          async (hostB) => {
            const a = await (await browser.newContext()).newPage();
            const b = await (await browser.newContext()).newPage();
            const errors: string[] = [];
            for (const p of [a, b]) p.on('pageerror', (e) => errors.push(e.message));
            await a.goto(hostA.url);
            await b.goto(hostB.url);
            await journey({ a, b, hostA, hostB, server: srv.base, errors });
            expect(errors, 'uncaught errors in the pages').toEqual([]);
          },
          testInfo,
        ),
      testInfo,
    );
  } finally {
    await srv.server.close();
    await tdb.drop();
  }
}

export const syncStatus = (p: Page) => p.getByRole('status', { name: 'Sync status' });

/** Settings → Team: the server's address saved; the desktop is then signed out. */
export async function setServer(p: Page, url: string): Promise<void> {
  await p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  const server = p.getByRole('form', { name: 'Sync server' });
  await server.getByLabel('Server address').fill(url);
  await server.getByRole('button', { name: 'Save server' }).click();
  await expect(syncStatus(p)).toContainText('signed out');
}

/** Creates an office as its first admin and waits until the desktop is online in it. */
export async function createOffice(
  p: Page,
  o: { office: string; name: string; email: string },
): Promise<void> {
  const create = p.getByRole('form', { name: 'Create an office' });
  await create.getByLabel('Office name').fill(o.office);
  await create.getByLabel('Your name').fill(o.name);
  await create.getByLabel('Email').fill(o.email);
  await create.getByLabel(/^Password/).fill('a long enough password');
  await create.getByRole('button', { name: 'Create office' }).click();
  await expect(syncStatus(p)).toContainText('Online');
}

/** An admin's invite code for a new member with `role`, as shown on screen. */
export async function inviteCode(p: Page, role: string): Promise<string> {
  await p.getByLabel('Role for the new member').selectOption(role);
  await p.getByRole('button', { name: 'Create invite code' }).click();
  const text = await p.getByRole('status', { name: 'Invite code' }).textContent();
  const code = text?.match(/[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}/)?.[0];
  expect(code, 'an invite code is shown').toBeTruthy();
  return code!;
}

/** Fills and sends the join form (what follows depends on the desktop: online, or the first-join question). */
export async function joinOffice(p: Page, code: string, who: { name: string; email: string }): Promise<void> {
  const join = p.getByRole('form', { name: 'Join an office' });
  await join.getByLabel('Invite code').fill(code);
  await join.getByLabel('Your name').fill(who.name);
  await join.getByLabel('Email').fill(who.email);
  await join.getByLabel(/^Password/).fill('another long password');
  await join.getByRole('button', { name: 'Join office' }).click();
}
