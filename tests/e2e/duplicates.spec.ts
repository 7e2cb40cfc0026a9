import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';

test('a duplicate within one file is shown side by side and merged into one searchable person', async ({
  app,
  host,
}) => {
  const csv = join(host.dataDir, 'agency.csv');
  writeFileSync(
    csv,
    [
      'Name,Mobile,City,Languages',
      'Meher Bhatia,+91 98200 33333,Mumbai,Hindi',
      'Meher Bhatiya,98200 33333,Pune,Marathi',
    ].join('\n'),
  );
  await app.getByRole('button', { name: 'Import CSV or Excel' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import talent' });
  await dialog.getByLabel('Spreadsheet file').setInputFiles(csv);
  await dialog.getByRole('button', { name: 'Import 2 rows' }).click();
  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report.getByText('1imported')).toBeVisible();

  const duplicates = report.getByRole('region', { name: 'Duplicates' });
  const candidate = duplicates.getByRole('listitem', {
    name: /same phone, different spelling: Meher Bhatia \/ Meher Bhatiya/,
  });
  await expect(candidate).toBeVisible();
  const sideBySide = candidate.getByRole('table', { name: 'Meher Bhatia and Meher Bhatiya, side by side' });
  await expect(sideBySide.getByRole('columnheader', { name: 'Row 2 (imported)' })).toBeVisible();
  await expect(sideBySide.getByRole('columnheader', { name: 'Row 3 of agency.csv' })).toBeVisible();
  await expect(
    sideBySide.getByRole('row', { name: /^Name \(differs\) Meher Bhatia Meher Bhatiya$/ }),
  ).toBeVisible();
  await expect(sideBySide.getByRole('row', { name: /^City \(differs\) Mumbai Pune$/ })).toBeVisible();
  await app.screenshot({ path: 'test-results/import-duplicates.png' });

  await candidate.getByRole('button', { name: 'Merge Meher Bhatiya into Meher Bhatia' }).click();
  await expect(candidate.getByText(/^Merged into Meher Bhatia/)).toBeVisible();
  await expect(candidate.getByRole('button', { name: /^Merge / })).toHaveCount(0);
  await expect(duplicates.getByText('Every duplicate has been decided.')).toBeVisible();
  await report.getByRole('button', { name: 'Done' }).click();

  const results = app.getByRole('list', { name: 'Talent results' });
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('Bhatiya');
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('listitem')).toContainText('Meher Bhatia');
  // The profile keeps the other spelling, and says so.
  await results
    .getByRole('listitem')
    .getByRole('button', { name: /^Meher Bhatia/ })
    .click();
  await expect(app.getByRole('region', { name: 'Profile of Meher Bhatia' })).toContainText(
    'Also known as Meher Bhatiya',
  );
  await app.getByRole('button', { name: 'Close profile' }).click();
  // The row was newer: its city won.
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('Pune');
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('listitem')).toContainText('Meher Bhatia');
});

test('duplicates an earlier import left undecided are reachable later and can be decided', async ({
  app,
  host,
}) => {
  const csv = join(host.dataDir, 'agency.csv');
  writeFileSync(
    csv,
    ['Name,Mobile,City', 'Kabir Khan,+91 98200 44444,Mumbai', 'Kabeer Khan,98200 44444,Pune'].join('\n'),
  );
  // The empty office's button; once there are people, the toolbar's.
  await app.getByRole('button', { name: 'Import CSV or Excel' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import talent' });
  // Nothing waits yet.
  await expect(dialog.getByRole('button', { name: /^Undecided duplicates/ })).toHaveCount(0);
  await dialog.getByLabel('Spreadsheet file').setInputFiles(csv);
  await dialog.getByRole('button', { name: 'Import 2 rows' }).click();
  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report.getByRole('region', { name: 'Duplicates' })).toBeVisible();
  // Closed without deciding.
  await report.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);

  await app.getByRole('button', { name: 'Import…' }).click();
  await dialog.getByRole('button', { name: 'Undecided duplicates (1)' }).click();
  const undecided = dialog.getByRole('region', { name: 'Undecided duplicates' });
  const candidate = undecided.getByRole('listitem', {
    name: /same phone, different spelling: Kabir Khan \/ Kabeer Khan/,
  });
  await expect(candidate.getByRole('columnheader', { name: 'Row 3 of agency.csv' })).toBeVisible();
  await candidate.getByRole('button', { name: 'Merge Kabeer Khan into Kabir Khan' }).click();
  await expect(candidate.getByText(/^Merged into Kabir Khan/)).toBeVisible();
  await expect(undecided.getByText('Every duplicate has been decided.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Back to import' }).click();
  await expect(dialog.getByLabel('Spreadsheet file')).toBeAttached();
  await expect(dialog.getByRole('button', { name: /^Undecided duplicates/ })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  const results = app.getByRole('list', { name: 'Talent results' });
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('Kabeer');
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('listitem')).toContainText('Kabir Khan');
});
