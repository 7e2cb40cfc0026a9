// Runs the real Electron app where an Electron binary exists (ELECTRON_OVERRIDE_DIST_PATH or a downloaded
// node_modules/electron/dist); playwright.config.ts includes this folder only then.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import sharp from 'sharp';

test('the desktop app starts sandboxed, loads demo data and searches', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'castmatch-electron-'));
  const app = await electron.launch({ args: ['.', `--user-data-dir=${userData}`] });
  const page = await app.firstWindow();
  // The page has the bridge and nothing of Node.
  expect(await page.evaluate(() => typeof (window as unknown as { castmatch?: unknown }).castmatch)).toBe(
    'object',
  );
  expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe(
    'undefined',
  );
  expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe(
    'undefined',
  );
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.getByRole('searchbox', { name: 'Search talent' }).fill('priya');
  await expect(
    page.getByRole('list', { name: 'Talent results' }).getByRole('listitem').first(),
  ).toContainText('Priya');
  // A forged call with a bad payload gets a typed error, not a crash.
  const r = await page.evaluate(() =>
    (
      window as unknown as { castmatch: { invoke(m: string, i: unknown): Promise<unknown> } }
    ).castmatch.invoke('talent.get', { id: 5 }),
  );
  expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  await page.screenshot({ path: 'test-results/electron-app.png' });
  await app.close();
});

test('a folder picked in the desktop app keeps its name: the person comes from the folder', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'castmatch-electron-'));
  const dir = mkdtempSync(join(tmpdir(), 'castmatch-electron-pick-'));
  mkdirSync(join(dir, 'Agency X', 'Ritika Joshi'), { recursive: true });
  const jpeg = await sharp({ create: { width: 400, height: 500, channels: 3, background: '#a86' } })
    .jpeg()
    .toBuffer();
  writeFileSync(join(dir, 'Agency X', 'Ritika Joshi', '1.jpg'), jpeg);
  const app = await electron.launch({ args: ['.', `--user-data-dir=${userData}`] });
  const page = await app.firstWindow();
  await page.evaluate(() =>
    (
      window as unknown as { castmatch: { invoke(m: string, i: unknown): Promise<unknown> } }
    ).castmatch.invoke('talent.create', { fullName: 'Ritika Joshi' }),
  );
  await page.getByRole('button', { name: 'Import headshots…' }).click();
  await page
    .getByRole('dialog', { name: 'Import headshots' })
    .getByLabel('Headshot folder')
    .setInputFiles(join(dir, 'Agency X'));
  const summary = page.getByRole('region', { name: 'Import summary' });
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(
    summary.getByRole('table', { name: 'Imported files' }).getByRole('row', { name: /1\.jpg.*Ritika Joshi/ }),
  ).toBeVisible();
  await app.close();
});

test('a spreadsheet and a script PDF named at launch open in the import dialog and in Scripts', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'castmatch-electron-'));
  const dir = mkdtempSync(join(tmpdir(), 'castmatch-electron-open-'));
  const csv = join(dir, 'Agency list.csv');
  writeFileSync(csv, 'Name,City\nAsha Rao,Pune\n');
  const app = await electron.launch({ args: ['.', `--user-data-dir=${userData}`, csv] });
  const page = await app.firstWindow();
  const dialog = page.getByRole('dialog', { name: 'Import talent' });
  await expect(dialog).toContainText('Agency list.csv');
  await expect(dialog.getByRole('button', { name: /Import 1 row/ })).toBeVisible();
  await app.close();
});
