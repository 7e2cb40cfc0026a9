// Two browser hosts and one sync server; desktop B reaches the server through a TCP proxy the test can cut. While
// B is offline both edit the same profile (the same field, and different ones); B reconnects; both show the same
// result; A sees that Ravi's edit replaced its phone, with its value and Restore, restores it, and B gets it back.
// A shortlist move on A appears on B's board; the activity feed on A names who changed what and filters by person
// and project.
import type { Page } from '@playwright/test';
import { Cable } from '../support/cable.ts';
import { expect, runHost, test } from './fixtures.ts';
import { createOffice, inviteCode, joinOffice, setServer, withTwoDesktops } from './team.ts';

const sections = (p: Page) => p.getByRole('navigation', { name: 'Sections' });
const go = (p: Page, name: string) => sections(p).getByRole('button', { name, exact: true }).click();
const status = (p: Page) => p.getByRole('status', { name: 'Sync status' });
const lane = (p: Page, label: string) => p.getByRole('region', { name: new RegExp(`^${label} \\(`) });

async function openProfile(p: Page, name: string) {
  await go(p, 'Talent');
  const card = p
    .getByRole('list', { name: 'Talent results' })
    .getByRole('listitem')
    .filter({ hasText: name });
  await card.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  return p.getByRole('region', { name: `Profile of ${name}` });
}

async function editProfile(p: Page, name: string, fields: Record<string, string>) {
  const panel = await openProfile(p, name);
  await panel.getByRole('button', { name: 'Edit profile' }).click();
  const form = p.getByRole('form', { name: `Edit ${name}` });
  for (const [label, value] of Object.entries(fields))
    await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(panel.getByRole('button', { name: 'Edit profile' })).toBeVisible();
  return panel;
}

const fact = (panel: ReturnType<Page['getByRole']>, term: string) =>
  panel
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]');

async function openRole(p: Page, project: string, role: string) {
  await go(p, 'Projects & shortlists');
  await p.getByRole('button', { name: new RegExp(`^${project}`) }).click();
  await p.getByRole('button', { name: new RegExp(`^${role}`) }).click();
}

test('offline edits of one profile on two desktops converge; the overwritten value is shown and restored', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  await withTwoDesktops(browser, testInfo, 'activity', async ({ a, b, server, errors }) => {
    const cable = new Cable(Number(new URL(server).port));
    await cable.up();
    try {
      // A (Asha, admin) creates the office and invites Ravi, who joins on B through the cable.
      await setServer(a, server);
      await createOffice(a, { office: 'Juhu Casting', name: 'Asha', email: 'asha@example.test' });
      const code = await inviteCode(a, 'casting_director');

      await setServer(b, `http://127.0.0.1:${cable.port}`);
      await joinOffice(b, code, { name: 'Ravi', email: 'ravi@example.test' });
      await expect(b.getByRole('status', { name: 'Signed in as' })).toContainText('Casting director');
      await expect(status(b)).toContainText('Online');

      // The team table on A: both people, Ravi's role changeable by the admin.
      const people = a.getByRole('table', { name: 'People and devices' });
      await a.getByRole('button', { name: 'Refresh the team list' }).click();
      await expect(people.getByRole('row', { name: /Ravi/ })).toBeVisible();
      await expect(people.getByRole('combobox', { name: 'Role of Ravi' })).toHaveValue('casting_director');

      // A makes the profile, a project and role, and shortlists her; B, on its talent screen, sees all of it.
      await go(b, 'Talent');
      await go(a, 'Talent');
      await a.getByRole('button', { name: 'New profile' }).click();
      const form = a.getByRole('form', { name: 'New profile' });
      await form.getByLabel('Full name (Latin script)').fill('Meher Khan');
      await form.getByLabel('Phone', { exact: true }).fill('+919820011111');
      await form.getByLabel('City', { exact: true }).fill('Lucknow');
      await form.getByRole('button', { name: 'Save profile' }).click();
      await expect(a.getByRole('region', { name: 'Profile of Meher Khan' })).toBeVisible();

      await go(a, 'Projects & shortlists');
      await a.getByRole('textbox', { name: 'Project name' }).fill('Chai Ad');
      await a.getByRole('button', { name: 'Create project' }).click();
      await a.getByRole('textbox', { name: 'Role name' }).fill('MOTHER');
      await a.getByRole('button', { name: 'Create role' }).click();
      await expect(a.getByRole('button', { name: /^MOTHER/ })).toBeVisible();
      const panelA = await openProfile(a, 'Meher Khan');
      await panelA.getByRole('button', { name: 'Add to shortlist' }).click();
      const picker = a.getByRole('dialog', { name: /to a shortlist$/ });
      await picker.getByLabel('Project').selectOption({ label: 'Chai Ad' });
      await picker.getByLabel('Role').selectOption({ label: 'MOTHER' });
      await picker.getByRole('button', { name: 'Add to shortlist' }).click();

      await expect(
        b
          .getByRole('list', { name: 'Talent results' })
          .getByRole('listitem')
          .filter({ hasText: 'Meher Khan' }),
      ).toBeVisible();
      await openRole(b, 'Chai Ad', 'MOTHER');
      await expect(lane(b, 'Considered').getByRole('listitem', { name: /^Meher Khan/ })).toBeVisible();
      const panelB0 = await openProfile(b, 'Meher Khan');
      await expect(fact(panelB0, 'Phone')).toHaveText('+919820011111');

      // B goes offline. A changes the phone and the city; B, later, the phone and the email.
      await cable.down();
      await expect(status(b)).toContainText('Offline');
      await editProfile(a, 'Meher Khan', { Phone: '+919820022222', City: 'Pune' });
      await expect(status(a)).toContainText(/Online · synced [^·]*$/);
      await editProfile(b, 'Meher Khan', { Phone: '+919820033333', Email: 'meher@example.test' });
      await expect(status(b)).toContainText('unsent');

      // B reconnects: both end with B's phone (the later edit), A's city and B's email.
      await cable.up();
      await expect(status(b)).toContainText(/Online · synced [^·]*$/);
      for (const p of [a, b]) {
        const panel = await openProfile(p, 'Meher Khan');
        await expect(fact(panel, 'Phone')).toHaveText('+919820033333');
        await expect(fact(panel, 'City')).toHaveText('Pune');
        await expect(fact(panel, 'Email')).toHaveText('meher@example.test');
      }

      // A's value was overwritten: its profile panel says so, with A's value and Restore.
      const panel = await openProfile(a, 'Meher Khan');
      const notices = panel.getByRole('list', { name: 'Your values changed by others' });
      await expect(notices.getByRole('listitem')).toHaveCount(1);
      await expect(notices).toContainText('Meher Khan’s phone was changed by Ravi on');
      await expect(notices).toContainText('your value: +919820022222');
      await a.screenshot({ path: 'test-results/sync-overwrite-notice.png' });
      await notices.getByRole('button', { name: 'Restore your phone' }).click();
      await expect(fact(panel, 'Phone')).toHaveText('+919820022222');
      await expect(notices).toBeHidden();
      const panelB = await openProfile(b, 'Meher Khan');
      await expect(fact(panelB, 'Phone')).toHaveText('+919820022222');
      // Now Ravi's value was replaced by Asha's restore: B is told, in the same words.
      await expect(panelB.getByRole('list', { name: 'Your values changed by others' })).toContainText(
        'phone was changed by Asha',
      );

      // A moves the card; B's open board follows.
      await openRole(b, 'Chai Ad', 'MOTHER');
      await expect(lane(b, 'Considered').getByRole('listitem', { name: /^Meher Khan/ })).toBeVisible();
      await openRole(a, 'Chai Ad', 'MOTHER');
      await a.getByRole('combobox', { name: 'Status of Meher Khan' }).selectOption({ label: 'Callback' });
      await expect(lane(b, 'Callback').getByRole('listitem', { name: /^Meher Khan/ })).toBeVisible();
      await expect(lane(b, 'Considered').getByRole('listitem')).toHaveCount(0);

      // A's activity feed: Ravi's edit of the profile, filterable by person and by project.
      await go(a, 'Settings');
      const feed = a.getByRole('region', { name: 'Activity' });
      const changes = feed.getByRole('list', { name: 'Recent changes' });
      await expect(changes).toContainText('Ravi changed email, phone of the profile Meher Khan');
      await feed.getByLabel('Person').selectOption({ label: 'Asha' });
      await expect(changes.getByRole('listitem')).toHaveCount(0);
      await feed.getByLabel('Person').selectOption({ label: 'Ravi' });
      await expect(changes).toContainText('Ravi changed email, phone');
      await feed.getByLabel('Project').selectOption({ label: 'Chai Ad' });
      await expect(changes).not.toContainText('Meher Khan');

      // A viewer (Vani, on a third desktop) reads everything, and her screens offer no edits.
      await a.getByLabel('Role for the new member').selectOption('viewer');
      await a.getByRole('button', { name: 'Create invite code' }).click();
      const viewerInvite = a.getByRole('status', { name: 'Invite code' });
      await expect(viewerInvite).toContainText('Viewer');
      const viewerCode = (await viewerInvite.textContent())?.match(/[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}/)?.[0];
      await runHost(
        'castmatch-e2e-activity-c-',
        {},
        async (hostC) => {
          const c = await (await browser.newContext()).newPage();
          c.on('pageerror', (e) => errors.push(e.message));
          await c.goto(hostC.url);
          await setServer(c, server);
          const joinC = c.getByRole('form', { name: 'Join an office' });
          await joinC.getByLabel('Invite code').fill(viewerCode!);
          await joinC.getByLabel('Your name').fill('Vani');
          await joinC.getByLabel('Email').fill('vani@example.test');
          await joinC.getByLabel(/^Password/).fill('a third long password');
          await joinC.getByRole('button', { name: 'Join office' }).click();
          await expect(c.getByRole('status', { name: 'Signed in as' })).toContainText('Viewer');
          await expect(status(c)).toContainText('Online');
          // Not an admin: the team table shows roles as text, with no controls.
          await c.getByRole('button', { name: 'Refresh the team list' }).click();
          const team = c.getByRole('table', { name: 'People and devices' });
          await expect(team.getByRole('row', { name: /Ravi/ })).toContainText('Casting director');
          await expect(team.getByRole('combobox')).toHaveCount(0);

          // Back to the talent screen, no reload: the list shows what the first pull brought.
          await go(c, 'Talent');
          await expect(c.getByRole('button', { name: 'New profile' })).toBeDisabled();
          await expect(c.getByRole('button', { name: 'Import…' })).toBeDisabled();
          const panelC = await openProfile(c, 'Meher Khan');
          await expect(fact(panelC, 'Phone')).toHaveText('+919820022222');
          await expect(panelC.getByRole('note', { name: 'Read-only' })).toContainText('You are a viewer');
          for (const name of ['Edit profile', 'Add to shortlist', 'Delete profile'])
            await expect(panelC.getByRole('button', { name })).toBeDisabled();
          await openRole(c, 'Chai Ad', 'MOTHER');
          await expect(c.getByRole('combobox', { name: 'Status of Meher Khan' })).toBeDisabled();
          await expect(
            c.getByRole('button', { name: 'Remove Meher Khan from the shortlist' }),
          ).toBeDisabled();
        },
        testInfo,
      );
    } finally {
      await cable.down();
    }
  });
});
