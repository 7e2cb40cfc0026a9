// Role breakdowns in Chromium through the browser host, against the fake Messages API: analyse a script,
// write breakdowns in a batch, edit a field, regenerate and keep the edit, use it as a role's brief, see the
// role's matches with reasons (chips that add up to the order, and Claude's re-rank), export the text.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { renderScreenplay } from '../script/fixtures/render.ts';
import { generateScreenplay } from '../script/fixtures/screenplay.ts';
import { expect, saveApiKey, test } from './chat-fixtures.ts';
import { loadDemo } from './fixtures.ts';

const BREAKDOWN = {
  ageMin: 25,
  ageMax: 35,
  gender: 'female',
  region: null,
  languages: ['Hindi'],
  dialects: [],
  look: 'Sharp-eyed, restless',
  personality: 'Quick, funny, guarded',
  arc: 'From a clerk to the one who solves it',
  importance: 'lead',
  keyScenes: [{ scene: 1, why: 'Her entrance' }],
  auditionScenes: [],
  inferred: ['look'],
};

test('breakdowns: batch, edit kept on regenerate, role brief, matches with reasons, text export', async ({
  app,
  fake,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'castmatch-e2e-breakdowns-'));
  const pdf = join(dir, 'monsoon-files.pdf');
  writeFileSync(pdf, await renderScreenplay(generateScreenplay({ seed: 21, scenes: 16 }), 'us-letter'));
  fake.setDefault({ type: 'tool_use', tools: [{ name: 'write_breakdown', input: BREAKDOWN }] });

  await loadDemo(app);
  await saveApiKey(app);
  await app.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Scripts' }).click();
  await app.getByLabel('Choose a script PDF').setInputFiles(pdf);
  await expect(app.getByRole('heading', { name: 'THE MONSOON FILES', level: 2 })).toBeVisible({
    timeout: 30_000,
  });

  // A batch of two: the estimate first, then progress to the end.
  await app.getByRole('button', { name: 'Breakdowns…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Role breakdowns' });
  await dialog.getByRole('button', { name: 'None', exact: true }).click();
  await dialog.getByRole('checkbox', { name: 'PRIYA', exact: true }).check();
  await dialog.getByRole('checkbox', { name: 'RAHUL', exact: true }).check();
  const estimate = dialog.getByRole('note', { name: 'Cost estimate' });
  await expect(estimate).toContainText('2 to write, 0 cached (free). Estimated cost $');
  await dialog.getByRole('button', { name: 'Write breakdowns' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Breakdowns done: 2 of 2 written' })).toBeVisible();
  expect(fake.messageRequests()).toHaveLength(2);
  // Reopening costs nothing: both are cached now.
  await expect(estimate).toContainText('0 to write, 2 cached (free). Estimated cost $0.00');

  // Edit a field, regenerate, keep the edit.
  const saved = dialog.getByRole('list', { name: 'Breakdowns' });
  await saved.getByRole('button', { name: 'PRIYA', exact: true }).click();
  const editor = dialog.getByRole('region', { name: 'Breakdown of PRIYA' });
  await expect(editor.getByText('Written by Claude')).toBeVisible();
  await expect(editor.getByLabel('Look and physical notes')).toHaveValue('Sharp-eyed, restless');
  await editor.getByLabel('Look and physical notes').fill('Tall, with a limp');
  await editor.getByRole('button', { name: 'Save edits' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Saved PRIYA' })).toBeVisible();
  await expect(saved.getByRole('button', { name: 'PRIYA (edited)' })).toBeVisible();
  fake.script({
    type: 'tool_use',
    tools: [{ name: 'write_breakdown', input: { ...BREAKDOWN, look: 'Round-faced, soft-spoken' } }],
  });
  await editor.getByRole('button', { name: 'Regenerate with Claude' }).click();
  const look = editor.getByRole('radiogroup', { name: 'Look and physical notes' });
  await expect(look.getByRole('radio', { name: 'Keep mine: Tall, with a limp' })).toBeChecked();
  await expect(look.getByRole('radio', { name: 'Take new: Round-faced, soft-spoken' })).not.toBeChecked();
  await editor.getByRole('button', { name: 'Apply choices' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Regenerated PRIYA' })).toBeVisible();
  await expect(editor.getByLabel('Look and physical notes')).toHaveValue('Tall, with a limp');
  expect(fake.messageRequests()).toHaveLength(3);

  // The breakdown becomes a role's brief; its matches follow it, with reasons.
  await editor.getByRole('button', { name: 'Use as role brief' }).click();
  await expect(
    app.getByRole('status').filter({ hasText: 'Created role PRIYA from the breakdown' }),
  ).toBeVisible();
  await editor.getByRole('button', { name: 'Find matches for PRIYA' }).click();
  const matches = app.getByRole('dialog', { name: 'Matches for PRIYA' });
  await expect(
    matches.getByText(/pass the role’s must-haves · female · age 25–35 · Hindi 1\+/),
  ).toBeVisible();
  const candidates = matches
    .getByRole('list', { name: 'Candidates' })
    .getByRole('listitem')
    .filter({ has: app.getByRole('checkbox') });
  await expect(candidates.first()).toBeVisible();
  for (const facts of await candidates.locator('small').allTextContents())
    expect(facts).toMatch(/^Female · /);
  // The chips add up to each score, and the scores fall down the list.
  const rows = Math.min(10, await candidates.count());
  const scores: number[] = [];
  for (let i = 0; i < rows; i++) {
    const row = candidates.nth(i);
    const chips = row.getByRole('list', { name: /^Why .* ranks here$/ }).getByRole('listitem');
    const points = (await chips.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''))).map(
      (t) => Number(t.split(' ')[0]),
    );
    const score = Number(await row.getByTitle('Score out of 100').textContent());
    expect(Math.abs(points.reduce((a, b) => a + b, 0) - score)).toBeLessThan(0.11);
    scores.push(score);
  }
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  // Claude's re-rank: the second computed candidate first, with its reason; the computed order is a click away.
  const secondWho = await candidates.nth(1).getAttribute('aria-label');
  fake.script({
    type: 'tool_use',
    tools: [
      {
        name: 'rank_candidates',
        input: { ranking: [{ candidate: 2, reason: 'Best fit for a restless clerk' }] },
      },
    ],
  });
  await matches.getByRole('button', { name: 'Re-rank top 50 with Claude' }).click();
  await expect(matches.getByRole('radio', { name: 'Claude’s order' })).toBeChecked();
  await expect(candidates.first()).toHaveAttribute('aria-label', secondWho!);
  await expect(candidates.first().getByText('Claude: Best fit for a restless clerk')).toBeVisible();
  await matches.getByRole('radio', { name: 'Computed order' }).check();
  await expect(candidates.nth(1)).toHaveAttribute('aria-label', secondWho!);
  await matches.getByRole('button', { name: 'Close' }).click();

  // The agencies' text.
  await editor.getByRole('button', { name: 'Copy as text' }).click();
  const text = editor.getByRole('textbox', { name: 'Breakdown as text' });
  await expect(text).toHaveValue(
    /^CASTING BREAKDOWN: THE MONSOON FILES\n\nROLE NAME: PRIYA\nAge range: 25–35\nGender: Female\nLanguages: Hindi\n/,
  );
  await expect(text).toHaveValue(/DESCRIPTION:\n[\s\S]*Tall, with a limp/);
  await expect(text).toHaveValue(/KEY SCENES:\n- Sc\. /);
  // And the PDF: a real document with the role in it.
  const download = app.waitForEvent('download');
  await editor.getByRole('button', { name: 'Export PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('the-monsoon-files-priya.pdf');
  const bytes = readFileSync((await file.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const doc = await PDFDocument.load(bytes);
  expect(doc.getTitle()).toBe('Casting breakdown: THE MONSOON FILES');
  expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  await app.screenshot({ path: 'test-results/breakdowns.png' });
});
