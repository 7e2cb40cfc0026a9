// The import dialog on files as agencies send them: title rows above the header, Windows-1252 text, a
// workbook whose first sheet is hidden — and the report of what was imported, with the rows that had
// problems saved as a CSV.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expect, test } from './fixtures.ts';

async function openImport(app: Page, file: string) {
  await app.getByRole('button', { name: 'Import CSV or Excel' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import talent' });
  await dialog.getByLabel('Spreadsheet file').setInputFiles(file);
  return dialog;
}

test('title rows above the header: pick the header row, import, filter the problems, save them as CSV', async ({
  app,
  host,
}) => {
  const csv = join(host.dataDir, 'sunrise.csv');
  writeFileSync(
    csv,
    [
      'Sunrise Talent Agency',
      'Artists list - March',
      'Name,Gender,DOB,Height,Email,City',
      'Meher Bhatia,F,12/06/1995,162 cm,meher@example.in,Mumbai', // 4: clean
      'Kunal Rao,M,31/31/1990,182 cm,kunal@example.in,Pune', // 5: a bad date
      'Sana Khan,F,1992-03-04,tall,sana@@example,Thane', // 6: a bad height and a bad email
      ',F,1990-01-01,160,,Nagpur', // 7: no name
    ].join('\r\n'),
  );
  const dialog = await openImport(app, csv);
  const headerRow = dialog.getByLabel('Header row');
  await expect(headerRow).toHaveValue('3');
  await expect(dialog.getByText(/Column names are taken from row 3;/)).toBeVisible();
  await expect(dialog.getByRole('note', { name: 'About this file' })).toContainText(
    'Row 3 was taken as the header',
  );
  await expect(dialog.getByLabel('Field for column Name')).toHaveValue('fullName');
  await app.screenshot({ path: 'test-results/import-read-options.png' });

  // Another row as the header: its cells become the columns.
  await headerRow.selectOption('2');
  await expect(dialog.getByLabel('Field for column Artists list - March')).toBeVisible();
  await expect(dialog.getByLabel('Field for column Name')).toHaveCount(0);
  await expect(dialog.getByText(/Column names are taken from row 2;/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Import 5 rows' })).toBeDisabled();

  // Back to row 3: the suggested mapping returns.
  await headerRow.selectOption('3');
  await expect(dialog.getByLabel('Field for column Name')).toHaveValue('fullName');
  await expect(dialog.getByLabel('Field for column DOB')).toHaveValue('dateOfBirth');
  await dialog.getByRole('button', { name: 'Import 4 rows' }).click();

  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report.getByText('3imported')).toBeVisible();
  await expect(report.getByText('1not imported')).toBeVisible();
  await expect(report.getByText('2people needing review')).toBeVisible();
  const problems = report.getByRole('table', { name: 'Field problems' });
  await expect(problems.getByRole('row', { name: /^5 Kunal Rao DOB 31\/31\/1990 not a date/ })).toBeVisible();
  await expect(problems.getByRole('row', { name: /^6 Sana Khan Height tall/ })).toBeVisible();
  await expect(problems.getByRole('row', { name: /^6 Sana Khan Email sana@@example/ })).toBeVisible();
  await expect(problems.getByRole('row')).toHaveCount(4); // the header and three problems
  const notImported = report.getByRole('table', { name: 'Rows not imported' });
  await expect(notImported.getByRole('row', { name: /^7 No readable name/ })).toBeVisible();

  // Filter by column, then by text.
  const column = report.getByLabel('Show problems in column');
  await column.selectOption('Email');
  await expect(problems.getByRole('row')).toHaveCount(2);
  await expect(problems.getByRole('row', { name: /Sana Khan Email/ })).toBeVisible();
  await column.selectOption({ index: 0 });
  await report.getByRole('searchbox', { name: 'Find a person or problem' }).fill('kunal');
  await expect(problems.getByRole('row')).toHaveCount(2);
  await expect(problems.getByRole('row', { name: /Kunal Rao DOB/ })).toBeVisible();
  await app.screenshot({ path: 'test-results/import-field-problems.png' });

  // The rows with problems, as a CSV with their original cells.
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    report.getByRole('button', { name: 'Save rows with problems as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('sunrise - rows with problems.csv');
  const saved = readFileSync(await download.path(), 'utf8');
  const lines = saved.replace(/^\ufeff/, '').split('\r\n');
  expect(lines[0]).toBe('"Row","Problems","Name","Gender","DOB","Height","Email","City"');
  expect(lines.slice(1).map((l) => l.split('","')[0])).toEqual(['"5', '"6', '"7']);
  expect(lines[1]).toContain('"Kunal Rao","M","31/31/1990","182 cm","kunal@example.in","Pune"');
  expect(lines[2]).toContain('"Sana Khan","F","1992-03-04","tall","sana@@example","Thane"');
  await expect(report.getByRole('status').filter({ hasText: 'Saved 3 rows' })).toBeVisible();

  await report.getByRole('button', { name: 'Done' }).click();
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('Kunal');
  await expect(app.getByRole('list', { name: 'Talent results' }).getByRole('listitem')).toHaveCount(1);
});

test('a Windows-1252 CSV reads right, and another encoding re-reads it live', async ({ app, host }) => {
  const csv = join(host.dataDir, 'zoe.csv');
  // "Zoë D’Souza" and “Zo” in Windows-1252: ë is 0xEB, ’ 0x92, “ ” 0x93/0x94 — invalid as UTF-8.
  writeFileSync(
    csv,
    Buffer.concat([
      Buffer.from('Name,Nickname,City\r\n'),
      Buffer.from([0x5a, 0x6f, 0xeb, 0x20, 0x44, 0x92, 0x53, 0x6f, 0x75, 0x7a, 0x61, 0x2c]),
      Buffer.from([0x93, 0x5a, 0x6f, 0x94]),
      Buffer.from(',Mumbai\r\nArjun Mehta,,Pune\r\n'),
    ]),
  );
  const dialog = await openImport(app, csv);
  const sample = dialog.getByRole('table', { name: 'Columns and the first rows' });
  const encoding = dialog.getByLabel('Encoding');
  await expect(encoding).toHaveValue('windows-1252');
  await expect(sample.getByRole('cell', { name: 'Zoë D’Souza', exact: true })).toBeVisible();
  await expect(sample.getByRole('cell', { name: '“Zo”', exact: true })).toBeVisible();

  // Cyrillic Windows-1251 reads 0xEB as л: the sample follows the choice.
  await encoding.selectOption('windows-1251');
  await expect(sample.getByRole('cell', { name: 'Zoл D’Souza', exact: true })).toBeVisible();
  await expect(encoding).toHaveValue('windows-1251');

  // UTF-8 cannot read these bytes: the error says so and the last good preview stays.
  await encoding.selectOption('UTF-8');
  await expect(dialog.getByRole('alert')).toContainText('not text');
  await expect(sample.getByRole('cell', { name: 'Zoл D’Souza', exact: true })).toBeVisible();

  await encoding.selectOption('windows-1252');
  await expect(sample.getByRole('cell', { name: 'Zoë D’Souza', exact: true })).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(dialog.getByRole('region', { name: 'Import report' }).getByText('2imported')).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('Zoë');
  await expect(app.getByRole('list', { name: 'Talent results' }).getByRole('listitem')).toHaveCount(1);
});

test('a workbook whose first sheet is hidden: the visible sheet is read, the hidden one can be chosen', async ({
  app,
  host,
}) => {
  const wb = new ExcelJS.Workbook();
  const old = wb.addWorksheet('Old list');
  old.state = 'hidden';
  old.addRows([
    ['Name', 'City'],
    ['Farida Old', 'Pune'],
  ]);
  const current = wb.addWorksheet('Artists');
  current.addRows([
    ['Name', 'City'],
    ['Meher Bhatia', 'Mumbai'],
    ['Arjun Mehta', 'Delhi'],
  ]);
  const xlsx = join(host.dataDir, 'agency.xlsx');
  await wb.xlsx.writeFile(xlsx);

  const dialog = await openImport(app, xlsx);
  const sheet = dialog.getByLabel('Sheet', { exact: true });
  await expect(sheet).toHaveValue('Artists');
  await expect(sheet.getByRole('option', { name: 'Old list — 2 rows (hidden)' })).toHaveCount(1);
  await expect(sheet.getByRole('option', { name: 'Artists — 3 rows' })).toHaveCount(1);
  await expect(dialog.getByRole('note', { name: 'About this file' })).toContainText(
    'hidden sheet(s) "Old list" (2 rows)',
  );
  const sample = dialog.getByRole('table', { name: 'Columns and the first rows' });
  await expect(sample.getByRole('cell', { name: 'Meher Bhatia' })).toBeVisible();
  await expect(sample.getByRole('cell', { name: 'Farida Old' })).toHaveCount(0);

  await sheet.selectOption('Old list');
  await expect(sample.getByRole('cell', { name: 'Farida Old' })).toBeVisible();
  await expect(sample.getByRole('cell', { name: 'Meher Bhatia' })).toHaveCount(0);
  await expect(dialog.getByText(/Column names are taken from row 1 of sheet “Old list”/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Import 1 rows' }).click();
  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report.getByText('1imported')).toBeVisible();
  await expect(report.getByText(/of sheet “Old list”/)).toBeVisible();
});
