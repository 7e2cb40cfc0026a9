// Decks and sides (issue 14) in Chromium through the browser host: two demo people shortlisted and exported as
// a deck with the recipient's watermark, and one character's sides from an analysed script; both PDFs are read
// back with pdf-lib and pdf.js.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { pageTexts } from '../export/read-pdf.ts';
import { renderScreenplay } from '../script/fixtures/render.ts';
import { generateScreenplay } from '../script/fixtures/screenplay.ts';
import { expect, loadDemo, test } from './fixtures.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const sections = (app: Page) => app.getByRole('navigation', { name: 'Sections' });

test('two shortlisted people exported as a deck for the director, watermarked on every page', async ({
  app,
}) => {
  test.setTimeout(120_000);
  await loadDemo(app);
  await sections(app).getByRole('button', { name: 'Projects & shortlists', exact: true }).click();
  await app.getByRole('textbox', { name: 'Project name' }).fill('Monsoon Diaries');
  await app.getByRole('button', { name: 'Create project' }).click();
  await app.getByRole('textbox', { name: 'Role name' }).fill('PRIYA');
  await app.getByRole('button', { name: 'Create role' }).click();
  await expect(app.getByRole('button', { name: /^PRIYA/ })).toBeVisible();

  await sections(app).getByRole('button', { name: 'Talent', exact: true }).click();
  const cards = app.getByRole('list', { name: 'Talent results' }).getByRole('listitem');
  await expect(cards.nth(1)).toBeVisible();
  for (const i of [0, 1]) await cards.nth(i).getByRole('checkbox').check();
  await app
    .getByRole('toolbar', { name: 'Selected profiles' })
    .getByRole('button', { name: 'Add 2 to shortlist' })
    .click();
  const picker = app.getByRole('dialog', { name: 'Add 2 people to a shortlist' });
  await picker.getByLabel('Project').selectOption({ label: 'Monsoon Diaries' });
  await picker.getByLabel('Role').selectOption({ label: 'PRIYA' });
  await picker.getByRole('button', { name: 'Add to shortlist' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Shortlisted 2 people for PRIYA' })).toBeVisible();

  await sections(app).getByRole('button', { name: 'Projects & shortlists', exact: true }).click();
  await app.getByRole('button', { name: /^Monsoon Diaries/ }).click();
  await app.getByRole('button', { name: /^PRIYA/ }).click();
  const names = await app.getByRole('button', { name: /^Open profile of / }).allTextContents();
  expect(names).toHaveLength(2);

  await app.getByRole('button', { name: 'Export deck…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Export deck — PRIYA' });
  for (const n of names) await expect(dialog.getByRole('checkbox', { name: n })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Phone' })).not.toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Playing age' })).toBeChecked();
  await dialog.getByLabel(/^Prepared for/).fill('Zoya Akhtar');
  const download = app.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('monsoon-diaries-priya-deck.pdf');
  await expect(dialog.getByRole('status')).toContainText('4 pages, 2 candidates');
  const bytes = readFileSync(await file.path());
  const doc = await PDFDocument.load(bytes);
  // Cover, the role's summary, a page per candidate.
  expect(doc.getPageCount()).toBe(4);
  const text = await pageTexts(bytes);
  for (const page of text) expect(page).toContain('Prepared for Zoya Akhtar');
  for (const n of names) expect(text.slice(2).join('\n')).toContain(n.trim());
});

test("a character's sides from the analysed script: the right pages, watermarked", async ({ app }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'castmatch-e2e-sides-'));
  const pdfPath = join(dir, 'monsoon-files.pdf');
  const original = await renderScreenplay(generateScreenplay({ seed: 21, scenes: 16 }), 'us-letter');
  writeFileSync(pdfPath, original);
  await sections(app).getByRole('button', { name: 'Scripts' }).click();
  await app.getByLabel('Choose a script PDF').setInputFiles(pdfPath);
  await expect(app.getByRole('heading', { name: 'THE MONSOON FILES', level: 2 })).toBeVisible({
    timeout: 30_000,
  });
  await app
    .getByRole('list', { name: 'Cast list' })
    .getByRole('button', { name: /^RAHUL, \d+ speeches/ })
    .click();
  await app.getByRole('button', { name: 'Sides for RAHUL…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Sides — RAHUL' });
  await dialog.getByLabel(/^Watermark/).fill('Kwan Talent');
  const download = app.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export sides PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/rahul-sides\.pdf$/);
  const status = dialog.getByRole('status');
  await expect(status).toContainText('script pages');
  const listed = ((await status.textContent()) ?? '').replace(/.*script pages /, '').replace(/\.$/, '');
  const pages = listed.split(', ').map(Number);
  expect(pages.length).toBeGreaterThan(0);
  const bytes = readFileSync(await file.path());
  expect((await PDFDocument.load(bytes)).getPageCount()).toBe(pages.length + 1);
  const text = await pageTexts(bytes);
  const orig = await pageTexts(original);
  expect(text[0]).toContain('Sides: RAHUL');
  for (const page of text) expect(page).toContain('Kwan Talent');
  for (const [i, p] of pages.entries()) expect(text[i + 1]!.startsWith(orig[p - 1]!)).toBe(true);
});
