// Headshot import end to end through the browser host: images generated here with sharp, imported through
// the file pickers and through a synthetic drop, then the summary, the review step and the gallery.
// Elements are found by role and accessible name only.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';

/** A portrait-shaped placeholder "headshot": a gradient, a head and shoulders, in a hue per person. */
async function headshot(hue: number, width = 480, height = 600): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},60%,78%)"/><stop offset="1" stop-color="hsl(${hue},45%,38%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width / 2}" cy="${height * 0.4}" r="${width * 0.2}" fill="hsl(${(hue + 30) % 360},35%,86%)"/>
    <ellipse cx="${width / 2}" cy="${height * 1.02}" rx="${width * 0.4}" ry="${height * 0.33}" fill="hsl(${hue},35%,22%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** The same JPEG made unique (different bytes, same pixels) with a comment segment after SOI. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text);
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'castmatch-headshots-'));
}

function write(dir: string, rel: string, data: Buffer | string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
}

async function createProfile(app: Page, fullName: string): Promise<void> {
  await app.getByRole('button', { name: 'New profile' }).click();
  const form = app.getByRole('form', { name: 'New profile' });
  await form.getByLabel('Full name (Latin script)').fill(fullName);
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(app.getByRole('region', { name: `Profile of ${fullName}` })).toBeVisible();
  await app.getByRole('button', { name: 'Close profile' }).click();
}

/** Starts a drag of generated files over `target` (dragenter + dragover), as the OS would. */
async function dragFilesOver(target: Locator, files: { name: string; data: Buffer; type?: string }[]) {
  await target.evaluate(
    (el, list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      (window as unknown as { __drag: DataTransfer }).__drag = dt;
      const init = { bubbles: true, cancelable: true, dataTransfer: dt };
      el.dispatchEvent(new DragEvent('dragenter', init));
      el.dispatchEvent(new DragEvent('dragover', init));
    },
    files.map((f) => ({ name: f.name, type: f.type ?? 'image/jpeg', b64: f.data.toString('base64') })),
  );
}

/** Drops the files of the drag started by dragFilesOver on `target`. */
async function dropDragged(target: Locator) {
  await target.evaluate((el) => {
    const dt = (window as unknown as { __drag: DataTransfer }).__drag;
    el.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
}

function summaryOf(app: Page) {
  const dialog = app.getByRole('dialog', { name: /^Headshot import (finished|cancelled)$/ });
  return { dialog, summary: dialog.getByRole('region', { name: 'Import summary' }) };
}

/** Each count is a row of a labelled table: "Imported 12". */
async function expectCounts(summary: Locator, counts: Record<string, number>) {
  const table = summary.getByRole('table', { name: 'Import counts' });
  for (const [label, n] of Object.entries(counts))
    await expect(table.getByRole('row', { name: `${label} ${n}`, exact: true })).toBeVisible();
}

async function count(scope: Locator, table: string, label: string): Promise<number> {
  const row = scope
    .getByRole('table', { name: table })
    .getByRole('row', { name: new RegExp(`^${label} \\d+$`) });
  return Number((await row.getByRole('cell').textContent())?.replace(/\D/g, ''));
}

/** An <img> has loaded real pixels (the media route answered with an image). */
async function expectLoaded(img: Locator) {
  await img.scrollIntoViewIfNeeded();
  await expect
    .poll(() =>
      img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
    )
    .toBeGreaterThan(0);
}

test('pick files: summary with failures, review (create, pick a candidate), then the gallery', async ({
  app,
}) => {
  test.setTimeout(120_000);
  await createProfile(app, 'Priya Sharma');
  // Two people with one name: a file named after them must go to review with both as candidates.
  await createProfile(app, 'Rohan Mehta');
  await createProfile(app, 'Rohan Mehta');

  const dir = tempDir();
  const files = [
    write(dir, 'Priya_Sharma_02.jpg', await headshot(20)),
    write(dir, 'Unknown_Person.jpg', await headshot(200)),
    write(dir, 'Rohan_Mehta.jpg', await headshot(120)),
    write(dir, 'notes.jpg', 'Call Priya back on Monday about the look test.\n'),
    write(dir, 'empty.jpg', Buffer.alloc(0)),
  ];
  await app.getByRole('button', { name: 'Import headshots…' }).click();
  const picker = app.getByRole('dialog', { name: 'Import headshots' });
  await expect(picker.getByRole('button', { name: 'Choose files…' })).toBeVisible();
  await expect(picker.getByRole('button', { name: 'Choose a folder…' })).toBeVisible();
  await app.screenshot({ path: 'test-results/headshots-picker-light.png' });
  await picker.getByLabel('Headshot files').setInputFiles(files);

  const { dialog, summary } = summaryOf(app);
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await expectCounts(summary, { Imported: 1, Duplicates: 0, 'Need review': 2, Failed: 2 });
  const failed = summary.getByRole('table', { name: 'Files that failed' });
  await expect(failed.getByRole('row', { name: /empty\.jpg.*Empty file/ })).toBeVisible();
  await expect(failed.getByRole('row', { name: /notes\.jpg.*Not an image/ })).toBeVisible();
  await expect(
    summary.getByRole('table', { name: 'Imported files' }).getByRole('row', { name: /Priya_Sharma_02\.jpg/ }),
  ).toBeVisible();

  const review = dialog.getByRole('region', { name: /^Needs review/ });
  const unknown = review.getByRole('listitem', { name: 'Unknown_Person.jpg' });
  await expectLoaded(unknown.getByRole('img', { name: 'Preview of Unknown_Person.jpg' }));
  // A file that matches nobody is left unassigned by default; a new profile is one click away, prefilled
  // with the name from the file, and editable.
  await expect(unknown.getByRole('radio', { name: 'Leave unassigned' })).toBeChecked();
  await unknown.getByRole('radio', { name: 'Create a new profile' }).check();
  await expect(unknown.getByRole('textbox', { name: 'Name for the new profile' })).toHaveValue(
    'Unknown Person',
  );
  await unknown.getByRole('textbox', { name: 'Name for the new profile' }).fill('Kabir Das');

  const rohan = review.getByRole('listitem', { name: 'Rohan_Mehta.jpg' });
  await expect(rohan.getByRole('radio', { name: /^Assign to Rohan Mehta/ })).toHaveCount(2);
  await expect(rohan.getByRole('radio', { name: 'Leave unassigned' })).toBeChecked();
  await app.screenshot({ path: 'test-results/headshots-summary-light.png' });
  await rohan
    .getByRole('radio', { name: /^Assign to Rohan Mehta/ })
    .first()
    .check();
  await rohan.scrollIntoViewIfNeeded();
  await app.screenshot({ path: 'test-results/headshots-candidates-light.png' });

  await review.getByRole('button', { name: 'Apply 2 decisions' }).click();
  await expect(
    dialog.getByRole('status').filter({ hasText: 'Added 2 headshots, created 1 profile' }),
  ).toBeVisible();
  await expectCounts(summary, { 'Need review': 0 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  // The new profile exists with its headshot on its grid card.
  const results = app.getByRole('list', { name: 'Talent results' });
  const kabir = results.getByRole('listitem').filter({ hasText: 'Kabir Das' });
  await expect(kabir).toBeVisible();
  await expectLoaded(kabir.locator('img'));
  const priyaCard = results.getByRole('listitem').filter({ hasText: 'Priya Sharma' });
  await expectLoaded(priyaCard.locator('img'));

  // Add a second headshot to Priya from her gallery's own picker (profile mode).
  await priyaCard.getByRole('button', { name: /^Priya Sharma/ }).click();
  const panel = app.getByRole('region', { name: 'Profile of Priya Sharma' });
  const gallery = panel.getByRole('list', { name: 'Headshots of Priya Sharma' });
  await expect(gallery.getByRole('listitem')).toHaveCount(1);
  await panel
    .getByLabel('Headshot files for Priya Sharma')
    .setInputFiles([write(dir, 'IMG_4711.jpg', await headshot(300))]);
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expectCounts(summary, { Imported: 1, 'Need review': 0, Failed: 0 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(gallery.getByRole('listitem')).toHaveCount(2);
  await expect(gallery.getByRole('listitem', { name: 'Headshot 1 of 2, primary' })).toBeVisible();

  // Make the second one primary: it moves first, and the grid card follows.
  const firstSrc = await gallery
    .getByRole('button', { name: /^View headshot 1/ })
    .locator('img')
    .getAttribute('src');
  const secondSrc = await gallery
    .getByRole('button', { name: /^View headshot 2/ })
    .locator('img')
    .getAttribute('src');
  await gallery.getByRole('button', { name: 'Make headshot 2 primary' }).click();
  await expect(
    app.getByRole('status').filter({ hasText: 'Made headshot primary for Priya Sharma' }),
  ).toBeVisible();
  await expect(gallery.getByRole('button', { name: /^View headshot 1/ }).locator('img')).toHaveAttribute(
    'src',
    secondSrc!,
  );
  await expect(priyaCard.locator('img')).toHaveAttribute('src', secondSrc!);

  // Full-size view, paged with the arrow keys.
  await gallery.getByRole('button', { name: /^View headshot 1/ }).click();
  const viewer = app.getByRole('dialog', { name: 'Priya Sharma: headshot 1 of 2' });
  const big = viewer.getByRole('img', { name: 'Headshot 1 of Priya Sharma (primary)' });
  await expectLoaded(big);
  expect(await big.getAttribute('src')).toContain('/1280');
  await app.screenshot({ path: 'test-results/headshots-viewer-light.png' });
  await app.keyboard.press('ArrowRight');
  await expect(app.getByRole('dialog', { name: 'Priya Sharma: headshot 2 of 2' })).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('dialog', { name: /headshot \d of 2/ })).toBeHidden();

  // Keyboard: move between tiles, then move the focused one earlier with Alt+←.
  const tile1 = gallery.getByRole('button', { name: /^View headshot 1/ });
  const tile2 = gallery.getByRole('button', { name: /^View headshot 2/ });
  await tile1.focus();
  await app.keyboard.press('ArrowRight');
  await expect(tile2).toBeFocused();
  await app.keyboard.press('Alt+ArrowLeft');
  await expect(gallery.getByRole('button', { name: /^View headshot 1/ }).locator('img')).toHaveAttribute(
    'src',
    firstSrc!,
  );
  await expect(gallery.getByRole('button', { name: /^View headshot 1/ })).toBeFocused();
  await expect(priyaCard.locator('img')).toHaveAttribute('src', firstSrc!);

  // Drag the second tile onto the first: it becomes primary.
  await gallery
    .getByRole('listitem', { name: 'Headshot 2 of 2' })
    .dragTo(gallery.getByRole('listitem', { name: 'Headshot 1 of 2, primary' }));
  await expect(gallery.getByRole('button', { name: /^View headshot 1/ }).locator('img')).toHaveAttribute(
    'src',
    secondSrc!,
  );
  await expect(priyaCard.locator('img')).toHaveAttribute('src', secondSrc!);

  // Delete after a confirmation: one left, and it is primary.
  await gallery.getByRole('button', { name: 'Delete headshot 2' }).click();
  const confirm = app.getByRole('dialog', { name: 'Delete this headshot?' });
  await confirm.getByRole('button', { name: 'Delete headshot' }).click();
  await expect(gallery.getByRole('listitem')).toHaveCount(1);
  await expect(gallery.getByRole('listitem', { name: 'Headshot 1 of 1, primary' })).toBeVisible();
  await app.screenshot({ path: 'test-results/headshots-gallery-light.png' });
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();
  await app.screenshot({ path: 'test-results/headshots-gallery-dark.png' });
});

test('drop files on the browser and on a profile, a folder through the folder picker', async ({ app }) => {
  test.setTimeout(120_000);
  await createProfile(app, 'Priya Sharma');
  await createProfile(app, 'Ritika Joshi');
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();

  // Dropped anywhere on the browser: matched by name.
  const browser = app.getByRole('region', { name: 'Talent' });
  await dragFilesOver(browser, [
    { name: 'Priya_Sharma_02.jpg', data: await headshot(15) },
    { name: 'Meera_Nair.jpg', data: await headshot(260) },
    { name: 'broken.jpg', data: (await headshot(90)).subarray(0, 900) },
  ]);
  await expect(app.getByText('Drop headshots to import')).toBeVisible();
  await app.screenshot({ path: 'test-results/headshots-drop-overlay-dark.png' });
  await dropDragged(browser);
  await expect(app.getByText('Drop headshots to import')).toBeHidden();
  const { dialog, summary } = summaryOf(app);
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expectCounts(summary, { Imported: 1, 'Need review': 1, Failed: 1 });
  await expect(
    summary.getByRole('table', { name: 'Files that failed' }).getByRole('row', { name: /broken\.jpg/ }),
  ).toBeVisible();
  // Meera is nobody yet: assign her to someone found by search instead.
  const meera = dialog.getByRole('group', { name: 'Meera_Nair.jpg' });
  await meera.getByRole('radio', { name: 'Assign to someone else…' }).check();
  await meera.getByRole('searchbox', { name: 'Search for a person for Meera_Nair.jpg' }).fill('ritika');
  await meera.getByRole('button', { name: /^Choose Ritika Joshi/ }).click();
  await expect(meera.getByRole('radio', { name: 'Assign to Ritika Joshi' })).toBeChecked();
  await app.screenshot({ path: 'test-results/headshots-review-dark.png' });
  await dialog.getByRole('button', { name: 'Apply 1 decision' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Added 1 headshot' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();

  // A whole agency folder through the folder picker: the person comes from the folder name.
  const dir = tempDir();
  write(dir, 'Agency X/Ritika Joshi/1.jpg', await headshot(330));
  write(dir, 'Agency X/Ritika Joshi/2.jpg', await headshot(340));
  write(dir, 'Agency X/.DS_Store', 'junk');
  await app.getByRole('button', { name: 'Import headshots…' }).click();
  await app
    .getByRole('dialog', { name: 'Import headshots' })
    .getByLabel('Headshot folder')
    .setInputFiles(join(dir, 'Agency X'));
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expectCounts(summary, { Imported: 2, 'Need review': 0, Failed: 0 });
  await expect(
    summary.getByRole('table', { name: 'Imported files' }).getByRole('row', { name: /1\.jpg.*Ritika Joshi/ }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Dropped on an open profile: everything goes to that person, whatever the file is called.
  const results = app.getByRole('list', { name: 'Talent results' });
  await results.getByRole('button', { name: /^Ritika Joshi/ }).click();
  const panel = app.getByRole('region', { name: 'Profile of Ritika Joshi' });
  const gallery = panel.getByRole('list', { name: 'Headshots of Ritika Joshi' });
  await expect(gallery.getByRole('listitem')).toHaveCount(3);
  // With a profile open, the picker offers to send everything to that person instead of matching.
  await app.getByRole('button', { name: 'Import headshots…' }).click();
  const picker = app.getByRole('dialog', { name: 'Import headshots' });
  await expect(picker.getByRole('radio', { name: 'Match to people by file and folder names' })).toBeChecked();
  await expect(picker.getByRole('radio', { name: 'Add all to Ritika Joshi' })).toBeVisible();
  await picker.getByRole('button', { name: 'Close' }).click();
  await expect(picker).toBeHidden();
  await dragFilesOver(panel, [{ name: 'Unknown_Person.jpg', data: await headshot(180) }]);
  await expect(app.getByText('Drop to add to Ritika Joshi')).toBeVisible();
  await expect(app.getByText('Drop headshots to import')).toBeHidden();
  await dropDragged(panel);
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expectCounts(summary, { Imported: 1, 'Need review': 0 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(gallery.getByRole('listitem')).toHaveCount(4);
  await app.screenshot({ path: 'test-results/headshots-profile-dark.png' });

  // Dropping the same image again is reported as a duplicate, not stored twice.
  await dragFilesOver(panel, [{ name: 'again.jpg', data: await headshot(180) }]);
  await dropDragged(panel);
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expectCounts(summary, { Imported: 0, Duplicates: 1 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(gallery.getByRole('listitem')).toHaveCount(4);
});

test('a large batch shows progress and can be cancelled', async ({ app }) => {
  test.setTimeout(180_000);
  await createProfile(app, 'Priya Sharma');
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();
  const dir = tempDir();
  // 120 distinct 12-megapixel JPEGs (the same pixels, different bytes), named after Priya: enough work that
  // Cancel lands mid-batch even on a many-core machine.
  const base = await headshot(25, 3000, 4000);
  const files = Array.from({ length: 120 }, (_, i) =>
    write(dir, `Priya_Sharma_${String(i + 1).padStart(3, '0')}.jpg`, withComment(base, `shot ${i}`)),
  );
  await app.getByRole('button', { name: 'Import headshots…' }).click();
  await app
    .getByRole('dialog', { name: 'Import headshots' })
    .getByLabel('Headshot files')
    .setInputFiles(files);

  const progress = app.getByRole('region', { name: 'Importing headshots' });
  const bar = progress.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('max', '120', { timeout: 30_000 });
  await expect(bar).toHaveAttribute('aria-valuetext', /^\d+ of 120 files, Priya_Sharma_\d{3}\.jpg$/);
  // Cancel once the first file is in (on a loaded machine the first 12-megapixel file takes seconds).
  await expect(
    progress.getByRole('table', { name: 'Counts so far' }).getByRole('row', { name: /^Imported [1-9]\d*$/ }),
  ).toBeVisible({ timeout: 60_000 });
  // The rest of the app stays usable while it runs.
  await app.getByRole('searchbox', { name: 'Search talent' }).fill('priya');
  await app.screenshot({ path: 'test-results/headshots-progress-dark.png' });
  await progress.getByRole('button', { name: 'Cancel import' }).click();

  const { dialog, summary } = summaryOf(app);
  await expect(dialog).toHaveAccessibleName('Headshot import cancelled', { timeout: 30_000 });
  const notProcessed = await count(summary, 'Import counts', 'Not processed');
  const imported = await count(summary, 'Import counts', 'Imported');
  const duplicates = await count(summary, 'Import counts', 'Duplicates');
  expect(notProcessed).toBeGreaterThan(0);
  expect(imported + duplicates + notProcessed).toBe(120);
  // Files are taken in the picked order, even though they upload several at a time: the first is primary.
  // The list starts folded when more than 8 came in (how many did depends on the machine's speed).
  const importedFiles = summary.getByRole('table', { name: 'Imported files' });
  if (imported > 8) {
    await expect(importedFiles).toBeHidden();
    await summary.getByText(`Imported (${imported})`).click();
  }
  await expect(importedFiles.getByRole('row').nth(1)).toHaveAccessibleName(
    'Priya_Sharma_001.jpg Priya Sharma Yes',
  );
  await app.screenshot({ path: 'test-results/headshots-cancelled-dark.png' });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(progress).toBeHidden();
});
