// Find matches from a role: ranked candidates with reason chips that agree with the brief, weights the
// user changes, and adding one or many to the shortlist.
import { expect, loadDemo, test } from './fixtures.ts';

test('a role’s matches are ranked with reasons, follow the brief, and go onto the shortlist', async ({
  app,
}) => {
  await loadDemo(app);
  await app
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Projects & shortlists', exact: true })
    .click();
  await app.getByRole('textbox', { name: 'Project name' }).fill('Gaon');
  await app.getByRole('button', { name: 'Create project' }).click();
  await app.getByRole('textbox', { name: 'Role name' }).fill('SAVITRI');
  await app.getByLabel('Role gender').selectOption('Female');
  await app.getByRole('textbox', { name: 'Role age from' }).fill('25');
  await app.getByRole('textbox', { name: 'Role age to' }).fill('35');
  await app.getByRole('button', { name: 'Create role' }).click();
  await app.getByRole('button', { name: /^SAVITRI/ }).click();

  await app.getByRole('button', { name: 'Find matches' }).click();
  const dialog = app.getByRole('dialog', { name: 'Matches for SAVITRI' });
  await expect(dialog).toBeVisible();
  const candidates = dialog
    .getByRole('list', { name: 'Candidates' })
    .getByRole('listitem')
    .filter({ has: app.getByRole('checkbox') });
  await expect(candidates.first()).toBeVisible();
  await expect(dialog.getByText(/pass the role’s must-haves · female · age 25–35/)).toBeVisible();
  // Hard filters: everyone listed is a woman whose playing age meets 25–35.
  for (const facts of await candidates.locator('small').allTextContents()) {
    expect(facts).toMatch(/^Female · /);
  }

  // Ask for Kathak and make skills count most: the top candidates now have it, and their chips say so.
  await dialog.getByRole('textbox', { name: 'Skills' }).fill('kathak');
  await dialog.getByRole('slider', { name: 'Weight: Skills' }).fill('10');
  const firstChips = candidates.first().getByRole('list', { name: /^Why .* ranks here$/ });
  await expect(firstChips.getByRole('listitem').filter({ hasText: 'Skills: kathak ✓' })).toBeVisible();
  const top5 = await Promise.all(
    [0, 1, 2, 3, 4].map((i) =>
      candidates
        .nth(i)
        .getByRole('listitem')
        .filter({ hasText: /^. Skills:/ })
        .textContent(),
    ),
  );
  expect(top5.every((t) => t?.startsWith('✓ Skills: kathak ✓'))).toBe(true);
  // Scores fall down the list.
  const scores = (await candidates.locator('.match-score').allTextContents()).map(Number);
  expect(scores.length).toBeGreaterThan(5);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  // One from its row, two more selected at once (by position: a demo office, like a real one, holds
  // several people of one name).
  const first = candidates.first();
  const firstWho = (await first.getAttribute('aria-label'))!;
  await first.getByRole('button', { name: /^Add .* to shortlist$/ }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Added 1 to SAVITRI' })).toBeVisible();
  await expect(
    dialog.getByRole('listitem', { name: firstWho, exact: true }).first().getByText('On shortlist'),
  ).toBeVisible();
  await expect(first.getByRole('checkbox')).toBeDisabled();
  await candidates.nth(1).getByRole('checkbox').check();
  await candidates.nth(2).getByRole('checkbox').check();
  await dialog.getByRole('button', { name: 'Add selected (2) to shortlist' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Added 2 to SAVITRI' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Save brief' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Brief saved' })).toBeVisible();
  await app.screenshot({ path: 'test-results/match-panel.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(app.getByRole('region', { name: /^Considered/ }).getByRole('listitem')).toHaveCount(3);

  // The saved brief comes back when the matches are opened again.
  await app.getByRole('button', { name: 'Find matches' }).click();
  await expect(
    app.getByRole('dialog', { name: 'Matches for SAVITRI' }).getByRole('textbox', { name: 'Skills' }),
  ).toHaveValue('kathak');
});
