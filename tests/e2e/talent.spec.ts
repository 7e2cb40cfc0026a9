import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, loadDemo, test } from './fixtures.ts';

test('first run: an empty office loads demo data, then searches as you type', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'Your office has no talent yet' })).toBeVisible();
  await app.screenshot({ path: 'test-results/empty-office.png' });
  await loadDemo(app);
  const results = app.getByRole('list', { name: 'Talent results' });
  await expect(results.getByRole('listitem').first()).toBeVisible();
  await expect(app.getByText('2,000 profiles')).toBeVisible();

  const search = app.getByRole('searchbox', { name: 'Search talent' });
  await app.keyboard.press('Control+f');
  await expect(search).toBeFocused();
  await search.pressSequentially('priya', { delay: 30 });
  // Every keystroke searches; the best matches for "priya" are Priyas.
  await expect
    .poll(async () => {
      const names = await results.getByRole('listitem').locator('.name').allTextContents();
      return names.length > 0 && names.slice(0, 5).every((n) => n.startsWith('Priya'));
    })
    .toBe(true);

  // Devanagari finds the same people.
  await search.fill('प्रिया');
  await expect(results.getByRole('listitem').first()).toContainText('Priya');
  await app.screenshot({ path: 'test-results/search-devanagari.png' });
});

test('filters narrow the results and facet counts follow', async ({ app }) => {
  await loadDemo(app);
  const filters = app.getByRole('complementary', { name: 'Filters' });
  const before = await app.getByText(/^[\d,]+ profiles$/).textContent();
  await filters.getByRole('checkbox', { name: /^Female/ }).check();
  await expect(app.getByText(/^[\d,]+ profiles$/)).not.toHaveText(before!);
  await filters
    .getByRole('textbox', { name: 'Playing age from' })
    .or(filters.getByLabel('Playing age from'))
    .fill('25');
  await filters.getByLabel('Playing age to').fill('35');
  await filters.getByRole('checkbox', { name: /^Marathi/ }).check();
  await filters.getByLabel('Minimum Marathi fluency').selectOption('Native');
  const total = app.getByText(/^[\d,]+ profiles?$/);
  await expect(total).toBeVisible();
  const n = Number((await total.textContent())!.replace(/\D/g, ''));
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(200);
  await app.getByRole('button', { name: 'Table' }).click();
  const table = app.getByRole('table', { name: 'Talent results' });
  const rows = table.getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  for (const g of await table
    .getByRole('cell')
    .filter({ hasText: /^(Male|Female)$/ })
    .allTextContents())
    expect(g).toBe('Female');
  await app.screenshot({ path: 'test-results/filters-table.png' });

  // Export exactly these results.
  await app.getByRole('button', { name: 'Export ▾' }).click();
  const download = app.waitForEvent('download');
  await app.getByRole('menuitem', { name: 'Export as CSV' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toContain('"Full name","Native name","Stage name","Other spellings","Gender"');
  expect(lines.length - 1).toBe(n);
  for (const line of lines.slice(1)) expect(line).toContain('"Female"');
});

test('open, edit with inline validation, delete with undo', async ({ app }) => {
  await loadDemo(app);
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('sayali');
  const card = app.getByRole('list', { name: 'Talent results' }).getByRole('listitem').first();
  await expect(card).toContainText('Sayali');
  const name = (await card.locator('.name').textContent())!;
  await card.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  const panel = app.getByRole('region', { name: `Profile of ${name}` });
  await expect(panel.getByRole('heading', { name })).toBeVisible();
  await panel.getByRole('button', { name: 'Edit profile' }).click();
  const form = app.getByRole('form', { name: `Edit ${name}` });
  await form.getByLabel('Email').fill('not an email');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByText('Not a valid email address')).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Email').fill('sayali.new@example.in');
  await form.getByLabel('Height (cm)').fill('163');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(app.getByRole('status').filter({ hasText: `Saved ${name}` })).toBeVisible();
  await expect(panel.getByText('sayali.new@example.in')).toBeVisible();
  await expect(panel.getByText('163 cm')).toBeVisible();
  await app.screenshot({ path: 'test-results/profile.png' });

  await panel.getByRole('button', { name: 'Delete profile' }).click();
  const toast = app.getByRole('status').filter({ hasText: `Deleted ${name}` });
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(app.getByRole('status').filter({ hasText: `Restored ${name}` })).toBeVisible();
});

test('create a role and shortlist someone, then move them on the board', async ({ app }) => {
  await loadDemo(app);
  await app.getByRole('button', { name: 'Projects & shortlists' }).click();
  await app.getByRole('textbox', { name: 'Project name' }).fill('Mumbai Diaries S3');
  await app.getByRole('button', { name: 'Create project' }).click();
  await app.getByRole('textbox', { name: 'Role name' }).fill('PRIYA');
  await app.getByLabel('Role gender').selectOption('Female');
  await app.getByRole('button', { name: 'Create role' }).click();
  await expect(app.getByRole('button', { name: /^PRIYA/ })).toBeVisible();

  await app.getByRole('button', { name: 'Talent', exact: true }).click();
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('priya');
  const card = app.getByRole('list', { name: 'Talent results' }).getByRole('listitem').first();
  await expect(card).toContainText('Priya');
  const person = (await card.locator('.name').textContent())!;
  await card.getByRole('button', { name: /to a shortlist/ }).click();
  const dialog = app.getByRole('dialog', { name: /to a shortlist/ });
  await dialog.getByLabel('Project').selectOption({ label: 'Mumbai Diaries S3' });
  await dialog.getByLabel('Role').selectOption({ label: 'PRIYA' });
  await dialog.getByRole('button', { name: 'Add to shortlist' }).click();
  await expect(app.getByRole('status').filter({ hasText: `Shortlisted ${person} for PRIYA` })).toBeVisible();

  await app.getByRole('button', { name: 'Projects & shortlists' }).click();
  await app.getByRole('button', { name: /^Mumbai Diaries S3/ }).click();
  await app.getByRole('button', { name: /^PRIYA/ }).click();
  const considered = app.getByRole('region', { name: /^Considered/ });
  await expect(considered.getByRole('listitem', { name: person })).toBeVisible();
  await considered.getByLabel(`Status of ${person}`).selectOption('Callback');
  await expect(
    app.getByRole('region', { name: /^Callback/ }).getByRole('listitem', { name: person }),
  ).toBeVisible();
  // Drag back to Auditioned.
  await app
    .getByRole('region', { name: /^Callback/ })
    .getByRole('listitem', { name: person })
    .dragTo(app.getByRole('region', { name: /^Auditioned/ }), { sourcePosition: { x: 30, y: 10 } });
  await expect(
    app.getByRole('region', { name: /^Auditioned/ }).getByRole('listitem', { name: person }),
  ).toBeVisible();
  await app.screenshot({ path: 'test-results/shortlist-board.png' });
});

test('import a CSV with a bad row and read the report', async ({ app, host }) => {
  const csv = join(host.dataDir, 'agency.csv');
  writeFileSync(
    csv,
    [
      'Artist Name,Hindi Name,Gender,DOB,Height,Languages,Mobile,Email',
      'Ritika Joshi,रितिका जोशी,F,12/06/1995,"5\'4""",Hindi (native); Marathi,+91 90040 12345,ritika@example.in',
      'Bad Date,,M,31/31/1990,170,,,',
      'Kunal Rao,,M,1988-02-10,182 cm,English,+91 90040 99999,kunal@example.in',
    ].join('\n'),
  );
  await app.getByRole('button', { name: 'Import CSV or Excel' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import talent' });
  await dialog.getByLabel('Spreadsheet file').setInputFiles(csv);
  await expect(dialog.getByText(/agency\.csv: 3 rows/)).toBeVisible();
  await expect(dialog.getByLabel('Field for column Artist Name')).toHaveValue('fullName');
  await expect(dialog.getByLabel('Field for column Mobile')).toHaveValue('phone');
  await dialog.getByRole('button', { name: 'Import 3 rows' }).click();
  const report = dialog.getByRole('region', { name: 'Import report' });
  // Only a missing name refuses a row: the bad date is left empty and listed as a field problem.
  await expect(report.getByText('3imported')).toBeVisible();
  await expect(report.getByText('1people needing review')).toBeVisible();
  const problems = report.getByRole('table', { name: 'Field problems' });
  await expect(problems.getByRole('row', { name: /^3 Bad Date DOB 31\/31\/1990/ })).toBeVisible();
  await app.screenshot({ path: 'test-results/import-report.png' });
  await report.getByRole('button', { name: 'Done' }).click();
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('रितिका');
  await expect(app.getByRole('list', { name: 'Talent results' }).getByRole('listitem')).toHaveCount(1);
});
