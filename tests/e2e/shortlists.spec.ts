// Shortlists and auditions (issue 12): a board with faces, ratings and notes edited in place, keyboard moves
// between columns, compare, audition scheduling with clash warnings and the day's CSV, and roles renamed and
// deleted with undo. Screenshots of the board at 1440 × 900 and 1024 × 700.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, loadDemo, test } from './fixtures.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const sections = (app: Page) => app.getByRole('navigation', { name: 'Sections' });
const lane = (app: Page, label: string) => app.getByRole('region', { name: new RegExp(`^${label} \\(`) });

async function openRole(app: Page, project: string, role: string) {
  await sections(app).getByRole('button', { name: 'Projects & shortlists', exact: true }).click();
  await app.getByRole('button', { name: new RegExp(`^${project}`) }).click();
  await app.getByRole('button', { name: new RegExp(`^${role}`) }).click();
}

/** Every lane's heading can be brought into view, and none is cut off once there. */
async function expectAllLanesReachable(app: Page) {
  for (const label of ['Considered', 'Auditioned', 'Callback', 'Offered', 'Booked', 'Passed']) {
    const heading = lane(app, label).getByRole('heading', { name: new RegExp(`^${label}`) });
    await heading.scrollIntoViewIfNeeded();
    await expect(heading).toBeInViewport({ ratio: 1 });
  }
}

test('a casting day: shortlist, rate and note, move by keyboard, compare, schedule with a clash, export', async ({
  app,
}) => {
  await loadDemo(app);
  await sections(app).getByRole('button', { name: 'Projects & shortlists', exact: true }).click();
  await app.getByRole('textbox', { name: 'Project name' }).fill('Monsoon Diaries');
  await app.getByRole('button', { name: 'Create project' }).click();
  for (const role of ['PRIYA', 'CONSTABLE']) {
    await app.getByRole('textbox', { name: 'Role name' }).fill(role);
    await app.getByRole('button', { name: 'Create role' }).click();
    await expect(app.getByRole('button', { name: new RegExp(`^${role}`) })).toBeVisible();
  }

  // Three people from the grid, compared there first, then shortlisted at once.
  await sections(app).getByRole('button', { name: 'Talent', exact: true }).click();
  const cards = app.getByRole('list', { name: 'Talent results' }).getByRole('listitem');
  await expect(cards.nth(2)).toBeVisible();
  for (const i of [0, 1, 2]) await cards.nth(i).getByRole('checkbox').check();
  const bar = app.getByRole('toolbar', { name: 'Selected profiles' });
  await bar.getByRole('button', { name: 'Compare' }).click();
  const gridCompare = app.getByRole('dialog', { name: 'Compare 3 people' });
  await expect(gridCompare.getByRole('term').filter({ hasText: 'Playing age' })).toHaveCount(3);
  await gridCompare.getByRole('button', { name: 'Close' }).click();
  await bar.getByRole('button', { name: 'Add 3 to shortlist' }).click();
  const picker = app.getByRole('dialog', { name: 'Add 3 people to a shortlist' });
  await picker.getByLabel('Project').selectOption({ label: 'Monsoon Diaries' });
  await picker.getByLabel('Role').selectOption({ label: 'PRIYA' });
  await picker.getByRole('button', { name: 'Add to shortlist' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Shortlisted 3 people for PRIYA' })).toBeVisible();

  await openRole(app, 'Monsoon Diaries', 'PRIYA');
  const considered = lane(app, 'Considered');
  await expect(considered.getByRole('listitem')).toHaveCount(3);
  const names = await considered.getByRole('button', { name: /^Open profile of / }).allTextContents();
  const [a, b, c] = names as [string, string, string];
  const card = (name: string) => app.getByRole('listitem', { name: new RegExp(`^${name},`) });

  // Rate and note one in place; both survive a reload.
  await card(a).getByRole('radio', { name: 'Rate 4 of 5' }).check();
  await expect(app.getByRole('status').filter({ hasText: `Rated ${a} 4 of 5` })).toBeAttached();
  await card(a)
    .getByRole('button', { name: `Add note on ${a}` })
    .click();
  await card(a)
    .getByRole('textbox', { name: `Note on ${a}` })
    .fill('Strong Marathi, callback for the kitchen scene');
  await card(a).getByRole('button', { name: 'Save note' }).click();
  await expect(card(a).getByRole('button', { name: /^Edit note on .*: Strong Marathi/ })).toBeVisible();
  await app.reload();
  await openRole(app, 'Monsoon Diaries', 'PRIYA');
  await expect(card(a).getByRole('radio', { name: 'Rate 4 of 5' })).toBeChecked();
  await expect(card(a).getByText('Strong Marathi, callback for the kitchen scene')).toBeVisible();

  // The name opens the profile.
  await card(a)
    .getByRole('button', { name: `Open profile of ${a}` })
    .click();
  const profile = app.getByRole('region', { name: `Profile of ${a}` });
  await expect(profile).toBeVisible();
  await profile.getByRole('button', { name: 'Close profile' }).click();
  await expect(profile).toBeHidden();

  // Alt+→ moves a focused card to the next column, announced, and focus stays on it.
  await card(b).focus();
  await expect(card(b)).toBeFocused();
  await app.keyboard.press('Alt+ArrowRight');
  await expect(lane(app, 'Auditioned').getByRole('listitem', { name: new RegExp(`^${b},`) })).toBeVisible();
  await expect(app.getByRole('status').filter({ hasText: `${b} moved to Auditioned` })).toBeAttached();
  await expect(card(b)).toBeFocused();
  await app.keyboard.press('Alt+ArrowLeft');
  await expect(considered.getByRole('listitem', { name: new RegExp(`^${b},`) })).toBeVisible();
  await app.keyboard.press('Alt+ArrowRight');
  await expect(lane(app, 'Auditioned').getByRole('listitem', { name: new RegExp(`^${b},`) })).toBeVisible();

  await app.screenshot({ path: 'test-results/shortlist-board-1440.png' });
  await expectAllLanesReachable(app);

  // Compare two from the board: photos, facts, and the shortlist's note and rating.
  await card(a)
    .getByRole('checkbox', { name: `Pick ${a} to compare` })
    .check();
  await card(c)
    .getByRole('checkbox', { name: `Pick ${c} to compare` })
    .check();
  await app.getByRole('button', { name: 'Compare (2)' }).click();
  const compare = app.getByRole('dialog', { name: 'Compare 2 people' });
  await expect(compare.getByRole('region', { name: a, exact: true })).toContainText('★★★★☆ (4 of 5)');
  await expect(compare.getByRole('region', { name: a, exact: true })).toContainText('Strong Marathi');
  await expect(compare.getByRole('region', { name: c, exact: true })).toBeVisible();
  await compare.getByRole('button', { name: 'Close' }).click();

  // Two auditions in the same slot of the same place: the clash is shown before saving.
  const schedule = async (name: string) => {
    await card(name)
      .getByRole('button', { name: `Schedule an audition for ${name}` })
      .click();
    const form = app.getByRole('dialog', { name: `Schedule audition: ${name}` });
    await form.getByLabel('Date').fill('2026-12-14');
    await form.getByLabel('Start time').fill('10:00');
    await form.getByLabel('Place').fill('Andheri Studio 2');
    return form;
  };
  const first = await schedule(a);
  await expect(first.getByRole('button', { name: 'Save audition' })).toBeVisible();
  await first.getByRole('button', { name: 'Save audition' }).click();
  await expect(
    app.getByRole('status').filter({ hasText: `Scheduled ${a} · 2026-12-14 10:00` }),
  ).toBeVisible();
  const second = await schedule(c);
  await expect(second.getByRole('alert')).toContainText(
    `Andheri Studio 2 is taken 10:00–10:30 by ${a} (PRIYA)`,
  );
  await second.getByRole('button', { name: 'Save anyway' }).click();
  await expect(
    app.getByRole('status').filter({ hasText: `Scheduled ${c} · 2026-12-14 10:00` }),
  ).toBeVisible();

  // The day's schedule, and its CSV.
  await app.getByRole('tab', { name: 'Auditions' }).click();
  await app.getByLabel('Day', { exact: true }).fill('2026-12-14');
  const day = app.getByRole('region', { name: 'Auditions on 2026-12-14' });
  await expect(day.getByText('2 auditions · 2 clashing')).toBeVisible();
  await expect(
    day.getByRole('article', { name: new RegExp(`^${a}, 10:00–10:30 at Andheri Studio 2, clash`) }),
  ).toBeVisible();
  const download = app.waitForEvent('download');
  await day.getByRole('button', { name: 'Export day as CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('monsoon-diaries-priya-auditions-2026-12-14.csv');
  const rows = readFileSync((await file.path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(rows[0]).toBe('Date,Start,End,Place,Talent,Role,Status,Phone,Notes');
  expect(rows).toHaveLength(3);
  const talentCol = rows.slice(1).map((r) => r.split(',').slice(0, 6));
  expect(talentCol.map((r) => r[4]).sort()).toEqual([a, c].sort());
  for (const r of talentCol)
    expect(r.slice(0, 4).concat(r[5]!)).toEqual([
      '2026-12-14',
      '10:00',
      '10:30',
      'Andheri Studio 2',
      'PRIYA',
    ]);
  const pdf = app.waitForEvent('download');
  await day.getByRole('button', { name: 'Export day as PDF' }).click();
  expect((await pdf).suggestedFilename()).toBe('monsoon-diaries-priya-auditions-2026-12-14.pdf');
  await app.screenshot({ path: 'test-results/audition-day-1440.png' });

  // A role renamed, deleted and brought back with Undo.
  const roles = app.getByRole('navigation', { name: 'Roles' });
  await roles.getByRole('button', { name: 'Edit role CONSTABLE' }).click();
  const edit = roles.getByRole('form', { name: 'Edit role CONSTABLE' });
  await edit.getByRole('textbox', { name: 'Role name' }).fill('HEAD CONSTABLE');
  await edit.getByRole('button', { name: /^Save role/ }).click();
  await expect(roles.getByRole('button', { name: /^HEAD CONSTABLE/ })).toBeVisible();
  await roles.getByRole('button', { name: 'Delete role HEAD CONSTABLE' }).click();
  const toast = app.getByRole('status').filter({ hasText: 'Deleted role HEAD CONSTABLE' });
  await expect(toast).toBeVisible();
  await expect(roles.getByRole('button', { name: /^HEAD CONSTABLE/ })).toBeHidden();
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(roles.getByRole('button', { name: /^HEAD CONSTABLE/ })).toBeVisible();

  // A small window: the board keeps all six columns usable, scrolling sideways.
  await app.getByRole('tab', { name: 'Shortlist' }).click();
  await app.setViewportSize({ width: 1024, height: 700 });
  await expect(lane(app, 'Considered')).toBeVisible();
  await app.screenshot({ path: 'test-results/shortlist-board-1024.png' });
  await expectAllLanesReachable(app);
  await expect(card(b).getByRole('button', { name: `Schedule an audition for ${b}` })).toBeVisible();
  await card(b)
    .getByRole('button', { name: `Schedule an audition for ${b}` })
    .scrollIntoViewIfNeeded();
  await expect(card(b).getByRole('button', { name: `Schedule an audition for ${b}` })).toBeInViewport({
    ratio: 1,
  });
});

test('another open window follows renames and deletes; a card dragged into a slot opens the form at that time', async ({
  app,
  context,
}) => {
  await loadDemo(app);
  await sections(app).getByRole('button', { name: 'Projects & shortlists', exact: true }).click();
  await app.getByRole('textbox', { name: 'Project name' }).fill('Chai Ad');
  await app.getByRole('button', { name: 'Create project' }).click();
  await app.getByRole('textbox', { name: 'Role name' }).fill('MOTHER');
  await app.getByRole('button', { name: 'Create role' }).click();

  // A second window on the same office, on the same project.
  const other = await context.newPage();
  await other.goto(app.url());
  await sections(other).getByRole('button', { name: 'Projects & shortlists', exact: true }).click();
  await other.getByRole('button', { name: /^Chai Ad/ }).click();
  await expect(other.getByRole('button', { name: /^MOTHER/ })).toBeVisible();

  await app.getByRole('button', { name: 'Edit project Chai Ad' }).click();
  const form = app.getByRole('form', { name: 'Edit project Chai Ad' });
  await form.getByRole('textbox', { name: 'Project name' }).fill('Chai Ad (Diwali)');
  await form.getByRole('button', { name: 'Save project' }).click();
  await expect(other.getByRole('button', { name: /^Chai Ad \(Diwali\)/ })).toBeVisible();
  await app
    .getByRole('navigation', { name: 'Roles' })
    .getByRole('button', { name: 'Delete role MOTHER' })
    .click();
  await expect(other.getByRole('button', { name: /^MOTHER/ })).toBeHidden();
  await app
    .getByRole('status')
    .filter({ hasText: 'Deleted role MOTHER' })
    .getByRole('button', { name: 'Undo' })
    .click();
  await expect(other.getByRole('button', { name: /^MOTHER/ })).toBeVisible();
  await other.close();

  // Shortlist one person, then drag them from the schedule's list into the 11:30 slot.
  await sections(app).getByRole('button', { name: 'Talent', exact: true }).click();
  const cards = app.getByRole('list', { name: 'Talent results' }).getByRole('listitem');
  await cards
    .nth(0)
    .getByRole('button', { name: /^Add .* to a shortlist$/ })
    .click();
  const picker = app.getByRole('dialog', { name: /to a shortlist$/ });
  await picker.getByLabel('Project').selectOption({ label: 'Chai Ad (Diwali)' });
  await picker.getByLabel('Role').selectOption({ label: 'MOTHER' });
  await picker.getByRole('button', { name: 'Add to shortlist' }).click();
  await openRole(app, 'Chai Ad', 'MOTHER');
  const name = (await lane(app, 'Considered')
    .getByRole('button', { name: /^Open profile of / })
    .textContent())!;
  await app.getByRole('tab', { name: 'Auditions' }).click();
  await app.getByLabel('Day', { exact: true }).fill('2026-12-15');
  const chip = app.getByRole('list', { name: 'Shortlisted for MOTHER' }).getByRole('listitem');
  await chip.dragTo(app.getByRole('listitem', { name: '11:30', exact: true }));
  const dialog = app.getByRole('dialog', { name: `Schedule audition: ${name}` });
  await expect(dialog.getByLabel('Date')).toHaveValue('2026-12-15');
  await expect(dialog.getByLabel('Start time')).toHaveValue('11:30');
  await dialog.getByLabel('Place').fill('Versova');
  await dialog.getByRole('button', { name: 'Save audition' }).click();
  const slot = app.getByRole('listitem', { name: '11:30, 1 booked' });
  await expect(
    slot.getByRole('article', { name: new RegExp(`^${name}, 11:30–12:00 at Versova$`) }),
  ).toBeVisible();
});
