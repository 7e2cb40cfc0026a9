// Script review in Chromium through the browser host: a screenplay written in code and printed to PDF is
// uploaded, analysed, reviewed (highlights, stepping, notes, charts), turned into roles and exported.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { encryptedPdf } from '../script/fixtures/bad.ts';
import { renderScreenplay } from '../script/fixtures/render.ts';
import { expectedOf, generateScreenplay } from '../script/fixtures/screenplay.ts';
import { expect, test } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'castmatch-e2e-script-'));
const screenplay = generateScreenplay({ seed: 21, scenes: 16 });
const expected = expectedOf(screenplay);

async function writePdf(name: string, data: Uint8Array | string): Promise<string> {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

async function openScripts(app: Page): Promise<void> {
  await app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Scripts' }).click();
  await expect(app.getByRole('heading', { name: 'Script breakdown' })).toBeVisible();
}

async function upload(app: Page, path: string): Promise<void> {
  await app.getByLabel('Choose a script PDF').setInputFiles(path);
}

test('a screenplay PDF is analysed and reviewed: cast, highlights, notes, roles, export, reopen', async ({
  app,
}) => {
  test.setTimeout(120_000);
  const pdfPath = await writePdf('monsoon-files.pdf', await renderScreenplay(screenplay, 'us-letter'));
  await openScripts(app);
  await upload(app, pdfPath);

  // The script view: title, scenes and characters.
  await expect(app.getByRole('heading', { name: 'THE MONSOON FILES', level: 2 })).toBeVisible({
    timeout: 30_000,
  });
  await expect(app.getByRole('status').filter({ hasText: /Analysed THE MONSOON FILES/ })).toBeVisible();
  const scenes = app.getByRole('list', { name: 'Scene list' });
  await expect(scenes.getByRole('button', { name: /^Scene / })).toHaveCount(expected.scenes.length + 1); // + cold open
  const first = expected.scenes[0]!;
  await expect(
    scenes.getByRole('button', { name: new RegExp(`^Scene 1\\. .*${first.location}`) }),
  ).toBeVisible();
  const cast = app.getByRole('list', { name: 'Cast list' });
  const priya = expected.characters.get('PRIYA')!;
  const priyaButton = cast.getByRole('button', {
    name: `PRIYA, ${priya.speeches} speeches in ${priya.scenes.size} scenes`,
  });
  await expect(priyaButton).toBeVisible();
  await expect(cast.getByRole('button', { name: /^RAHUL, \d+ speeches/ })).toBeVisible();
  // Introduced in action with an age but never speaking: listed apart.
  await expect(
    app
      .getByRole('list', { name: 'Silent characters' })
      .getByRole('button', { name: /^TEA VENDOR, silent, introduced on page \d+$/ }),
  ).toBeVisible();
  // The PDF is rendered: a page per PDF page.
  const pages = app.getByRole('region', { name: 'Script pages' });
  await expect(pages.getByRole('figure', { name: 'Page 1', exact: true })).toBeVisible();

  // Click a character: their speeches are highlighted and can be stepped through.
  await priyaButton.click();
  await expect(priyaButton).toHaveAttribute('aria-pressed', 'true');
  const marks = pages.getByRole('img', { name: /^PRIYA, speech \d+ of \d+/ });
  await expect.poll(() => marks.count()).toBeGreaterThanOrEqual(priya.speeches);
  const stepper = app.getByRole('toolbar', { name: 'Speeches' });
  await expect(stepper.getByRole('status')).toContainText(`speech 1 of ${priya.speeches}`);
  await expect(
    pages.getByRole('img', { name: /^PRIYA, speech 1 of \d+, page \d+ \(current\)$/ }),
  ).toHaveCount(1);
  await stepper.getByRole('button', { name: 'Next speech' }).click();
  await stepper.getByRole('button', { name: 'Next speech' }).click();
  await expect(stepper.getByRole('status')).toContainText(`speech 3 of ${priya.speeches}`);
  await expect(
    pages.getByRole('img', { name: /^PRIYA, speech 3 of \d+, page \d+ \(current\)$/ }).first(),
  ).toBeInViewport();
  await stepper.getByRole('button', { name: 'Previous speech' }).click();
  await expect(stepper.getByRole('status')).toContainText(`speech 2 of ${priya.speeches}`);
  // The keyboard steps too: "]" next, "[" previous.
  await stepper.getByRole('button', { name: 'Next speech' }).focus();
  await app.keyboard.press(']');
  await expect(stepper.getByRole('status')).toContainText(`speech 3 of ${priya.speeches}`);
  await app.keyboard.press('[');
  await expect(stepper.getByRole('status')).toContainText(`speech 2 of ${priya.speeches}`);
  await app.screenshot({ path: 'test-results/script-view.png' });

  // A note on the character, then one on a scene; filter the scenes by notes.
  const details = app.getByRole('region', { name: 'Details: PRIYA' });
  await details.getByLabel('New note on PRIYA').fill('Lead. Needs fluent Marathi and Hindi.');
  await details.getByRole('button', { name: 'Add note' }).click();
  await expect(details.getByRole('list', { name: 'Notes on PRIYA' })).toContainText('Needs fluent Marathi');
  await expect(cast.getByRole('button', { name: /^PRIYA, .*, 1 note$/ })).toBeVisible();
  await scenes.getByRole('button', { name: /^Scene 3\. / }).click();
  const sceneDetails = app.getByRole('region', { name: /^Details: Scene 3\. / });
  await sceneDetails.getByLabel(/^New note on Scene 3\. /).fill('Night shoot, 40 extras');
  await sceneDetails.getByRole('button', { name: 'Add note' }).click();
  await expect(sceneDetails.getByRole('list', { name: /^Notes on Scene 3/ })).toContainText('40 extras');
  // A note on a text selection: double-click a word of page 2's first line, then note it.
  const page2 = pages.getByRole('figure', { name: 'Page 2', exact: true });
  await page2.scrollIntoViewIfNeeded();
  await page2.dblclick({ position: { x: 130, y: 78 } });
  await stepper.getByRole('button', { name: 'Note on selected text' }).click();
  const selDetails = app.getByRole('region', { name: /^Details: Page 2: “.+”$/ });
  await selDetails.getByLabel(/^New note on Page 2: /).fill('Check this line with the writer');
  await selDetails.getByRole('button', { name: 'Add note' }).click();
  await expect(selDetails.getByRole('list', { name: /^Notes on Page 2: / })).toContainText('with the writer');
  await app
    .getByRole('complementary', { name: 'Scenes' })
    .getByRole('checkbox', { name: 'Only with notes' })
    .check();
  await expect(scenes.getByRole('button', { name: /^Scene / })).toHaveCount(1);
  await app
    .getByRole('complementary', { name: 'Scenes' })
    .getByRole('checkbox', { name: 'Only with notes' })
    .uncheck();
  await app.getByRole('tab', { name: 'Notes (3)' }).click();
  await app.getByLabel('Show notes on').selectOption('Scenes');
  await expect(app.getByRole('list', { name: 'All notes' }).getByRole('listitem')).toHaveCount(1);
  await expect(app.getByRole('list', { name: 'All notes' })).toContainText('40 extras');

  // Charts are images with a spoken summary and a data table.
  await app.getByRole('tab', { name: 'Charts' }).click();
  await expect(app.getByRole('img', { name: /^Speeches per character: .*PRIYA \d+/ })).toBeVisible();
  await expect(app.getByRole('img', { name: /^Presence along the script/ })).toBeVisible();
  await expect(app.getByRole('img', { name: /^Scenes per location: / })).toBeVisible();
  await app.getByText('Speeches per character as a table').click();
  await expect(
    app.getByRole('row', { name: new RegExp(`^PRIYA ${priya.speeches} ${priya.words}`) }),
  ).toBeVisible();
  await app.screenshot({ path: 'test-results/script-charts.png' });
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();
  await app.screenshot({ path: 'test-results/script-charts-dark.png' });
  await app.getByRole('tab', { name: 'Script' }).click();
  await app.screenshot({ path: 'test-results/script-view-dark.png' });
  await app.getByRole('button', { name: 'Switch to light theme' }).click();

  // Export the cast list as CSV.
  await app.getByRole('button', { name: 'Export breakdown ▾' }).click();
  const download = app.waitForEvent('download');
  await app.getByRole('menuitem', { name: 'Cast list (CSV)' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toMatch(/^#,Character,Speeches,Words,Scenes/);
  expect(lines.find((l) => l.includes(',PRIYA,'))).toContain(`,PRIYA,${priya.speeches},${priya.words},`);

  // Make roles: two characters into a new project; the roles appear under Projects.
  await app.getByRole('button', { name: 'Make roles…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Make roles from characters' });
  await expect(dialog.getByRole('checkbox', { name: /^PRIYA/ })).toBeChecked(); // the highlighted character
  await dialog.getByRole('checkbox', { name: /^MRS\. IYER/ }).check();
  await dialog.getByLabel('New project name').fill('Monsoon Files — casting');
  await app.screenshot({ path: 'test-results/script-make-roles.png' });
  await dialog.getByRole('button', { name: 'Create 2 roles' }).click();
  await expect(
    app.getByRole('status').filter({ hasText: 'Created 2 roles in Monsoon Files — casting' }),
  ).toBeVisible();
  await app
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Projects & shortlists' })
    .click();
  await app
    .getByRole('navigation', { name: 'Projects' })
    .getByRole('button', { name: /^Monsoon Files — casting/ })
    .click();
  const roles = app.getByRole('navigation', { name: 'Roles' });
  await expect(roles.getByRole('button', { name: /^PRIYA/ })).toContainText('28–28');
  await expect(roles.getByRole('button', { name: /^MRS\. IYER/ })).toContainText('60–69');

  // Reopening the same file is instant: found by its SHA-256, not analysed again.
  await openScripts(app);
  await expect(app.getByRole('button', { name: 'Open THE MONSOON FILES (monsoon-files.pdf)' })).toBeVisible();
  await upload(app, await writePdf('monsoon-again.pdf', readFileSync(pdfPath)));
  await expect(
    app.getByRole('status').filter({ hasText: 'Opened THE MONSOON FILES (analysed before)' }),
  ).toBeVisible();
  // Its notes came back with it.
  await expect(cast.getByRole('button', { name: /^PRIYA, .*, 1 note$/ })).toBeVisible();

  // A new draft of the same title shows what changed for casting.
  const draft2 = generateScreenplay({ seed: 22, scenes: 20 });
  await app.getByRole('button', { name: '← All scripts' }).click();
  await upload(app, await writePdf('monsoon-v2.pdf', await renderScreenplay(draft2, 'a4')));
  await expect(app.getByText(/Compared with the earlier draft monsoon-/)).toBeVisible({ timeout: 30_000 });
  await app.getByRole('button', { name: 'View draft changes' }).click();
  await expect(app.getByRole('region', { name: 'Draft changes' })).toContainText('scenes 16 → 20');
  await app.screenshot({ path: 'test-results/script-draft-changes.png' });
});

test('bad files get clear messages: a renamed non-PDF, and a locked PDF asks for its password', async ({
  app,
}) => {
  await openScripts(app);
  await upload(app, await writePdf('not-really.pdf', 'Name,Age\nPriya,28\n'));
  const alert = app.getByRole('alert').filter({ hasText: 'This file is not a PDF' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('not-really.pdf');
  await expect(app.getByText('No scripts analysed yet.')).toBeVisible();
  await app.screenshot({ path: 'test-results/script-not-a-pdf.png' });
  await alert.getByRole('button', { name: 'Dismiss' }).click();

  // Dropped anywhere on the Scripts screen this time, rather than picked.
  const locked = Buffer.from(encryptedPdf('chai')).toString('base64');
  const dataTransfer = await app.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'locked.pdf', { type: 'application/pdf' }));
    return dt;
  }, locked);
  const screen = app.getByRole('region', { name: 'Scripts' });
  await screen.dispatchEvent('dragover', { dataTransfer });
  await screen.dispatchEvent('drop', { dataTransfer });
  const form = app.getByRole('form', { name: 'Password for this PDF' });
  await expect(form.getByRole('alert')).toContainText('This PDF is password-protected.');
  await form.getByLabel('PDF password').fill('coffee');
  await form.getByRole('button', { name: 'Open with password' }).click();
  await expect(app.getByRole('form', { name: 'Password for this PDF' }).getByRole('alert')).toContainText(
    'That password is not correct.',
  );
  await app.getByLabel('PDF password').fill('chai');
  await app.getByRole('button', { name: 'Open with password' }).click();
  await expect(
    app.getByRole('list', { name: 'Cast list' }).getByRole('button', { name: /^ANYA,/ }),
  ).toBeVisible();
  // The viewer opens the locked PDF with the password given for the analysis.
  await expect(
    app.getByRole('region', { name: 'Script pages' }).getByRole('figure', { name: 'Page 1', exact: true }),
  ).toBeVisible();
  await expect(app.getByRole('form', { name: 'Password for this PDF' })).toHaveCount(0);

  // Delete it (after a confirmation): the office has no scripts again.
  await app.getByRole('button', { name: 'Delete script' }).click();
  await app
    .getByRole('dialog', { name: 'Delete this script?' })
    .getByRole('button', { name: 'Delete script and notes' })
    .click();
  await expect(app.getByRole('heading', { name: 'Script breakdown' })).toBeVisible();
  await expect(app.getByText('No scripts analysed yet.')).toBeVisible();
});

test('a long script shows page progress and can be cancelled; nothing is stored', async ({ app }) => {
  test.setTimeout(120_000);
  const long = await renderScreenplay(generateScreenplay({ seed: 9, scenes: 1560 }), 'us-letter');
  await openScripts(app);
  await upload(app, await writePdf('long-script.pdf', long));
  const bar = app.getByRole('progressbar', { name: 'Pages analysed' });
  await expect(bar).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveAttribute('aria-valuetext', /^[1-9]\d* of \d{4} pages$/, { timeout: 30_000 });
  await expect(app.getByRole('status').filter({ hasText: /Analysing long-script\.pdf — / })).toBeVisible();
  await app.screenshot({ path: 'test-results/script-progress.png' });
  await app
    .getByRole('region', { name: 'Analysis progress' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await expect(
    app.getByRole('status').filter({ hasText: 'Analysis cancelled; nothing was saved.' }),
  ).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(app.getByText('No scripts analysed yet.')).toBeVisible();
});
