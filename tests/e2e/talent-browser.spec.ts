// The photo grid, its card sizes, bulk shortlisting and the unsaved-changes guard, at the 1440 × 900 window
// issue 12 was measured at.
import type { Locator, Page } from '@playwright/test';
import { expect, loadDemo, test } from './fixtures.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const results = (app: Page) => app.getByRole('list', { name: 'Talent results' });

/** Cards in the top row: those whose top edge is the first card's. */
async function columns(list: Locator): Promise<number> {
  const boxes = await list
    .getByRole('listitem')
    .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  const top = Math.min(...boxes);
  return boxes.filter((t) => t === top).length;
}

test('the grid fills the width on a fresh load, after an empty search, and at each card size', async ({
  app,
}) => {
  await loadDemo(app);
  await app.reload();
  const list = results(app);
  await expect(list.getByRole('listitem').first()).toBeVisible();
  const sizes = app.getByRole('group', { name: 'Card size' });
  await expect(sizes.getByRole('button', { name: 'Medium' })).toHaveAttribute('aria-pressed', 'true');
  // Fresh load: the width is measured on the grid itself, not on the loading placeholder before it.
  await expect.poll(() => columns(list)).toBeGreaterThanOrEqual(6);
  const medium = await columns(list);

  const search = app.getByRole('searchbox', { name: 'Search talent' });
  await search.fill('zzqxjv');
  await expect(app.getByRole('heading', { name: 'No one matches' })).toBeVisible();
  await search.fill('');
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expect.poll(() => columns(list)).toBe(medium);

  await sizes.getByRole('button', { name: 'Small' }).click();
  await expect.poll(() => columns(list)).toBeGreaterThan(medium);
  await app.screenshot({ path: 'test-results/grid-small-1440.png' });
  await sizes.getByRole('button', { name: 'Large' }).click();
  await expect.poll(() => columns(list)).toBeLessThan(medium);
  const large = await columns(list);

  // The size is remembered across a restart of the page.
  await app.reload();
  await expect(sizes.getByRole('button', { name: 'Large' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => columns(list)).toBe(large);
  await sizes.getByRole('button', { name: 'Medium' }).click();
  await expect.poll(() => columns(list)).toBe(medium);
  await app.screenshot({ path: 'test-results/grid-medium-1440.png' });
});

test('several selected cards go onto a shortlist at once, and the picker remembers the role', async ({
  app,
}) => {
  await loadDemo(app);
  await app.getByRole('button', { name: 'Projects & shortlists' }).click();
  await app.getByRole('textbox', { name: 'Project name' }).fill('Gully Days');
  await app.getByRole('button', { name: 'Create project' }).click();
  await app.getByRole('textbox', { name: 'Role name' }).fill('MEERA');
  await app.getByRole('button', { name: 'Create role' }).click();
  await expect(app.getByRole('button', { name: /^MEERA/ })).toBeVisible();
  await app.getByRole('button', { name: 'Talent', exact: true }).click();

  const cards = results(app).getByRole('listitem');
  await expect(cards.nth(2)).toBeVisible();
  const names: string[] = [];
  for (const i of [0, 2]) {
    const name = (await cards.nth(i).locator('.name').textContent())!;
    names.push(name);
    await cards
      .nth(i)
      .getByRole('checkbox', { name: `Select ${name}` })
      .check();
  }
  const bar = app.getByRole('toolbar', { name: 'Selected profiles' });
  await expect(bar.getByText('2 selected')).toBeVisible();
  await bar.getByRole('button', { name: 'Add 2 to shortlist' }).click();
  const dialog = app.getByRole('dialog', { name: 'Add 2 people to a shortlist' });
  await dialog.getByLabel('Project').selectOption({ label: 'Gully Days' });
  await dialog.getByLabel('Role').selectOption({ label: 'MEERA' });
  await dialog.getByRole('button', { name: 'Add to shortlist' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Shortlisted 2 people for MEERA' })).toBeVisible();
  // Done with the selection: it clears.
  await expect(bar).toBeHidden();

  // The next add opens on the same project and role.
  const third = (await cards.nth(1).locator('.name').textContent())!;
  await cards
    .nth(1)
    .getByRole('button', { name: `Add ${third} to a shortlist` })
    .click();
  const single = app.getByRole('dialog', { name: `Add ${third} to a shortlist` });
  await expect(single.getByLabel('Role')).toHaveValue(/.+/);
  await expect(single.getByLabel('Role').locator('option:checked')).toHaveText(/^MEERA/);
  await single.getByRole('button', { name: 'Add to shortlist' }).click();
  await expect(app.getByRole('status').filter({ hasText: `Shortlisted ${third} for MEERA` })).toBeVisible();

  await app.getByRole('button', { name: 'Projects & shortlists' }).click();
  await app.getByRole('button', { name: /^Gully Days/ }).click();
  await app.getByRole('button', { name: /^MEERA/ }).click();
  const considered = app.getByRole('region', { name: /^Considered/ });
  for (const n of [...names, third])
    await expect(considered.getByRole('listitem', { name: n })).toBeVisible();
});

test('unsaved profile edits are never dropped: another card, Cancel or another section asks first', async ({
  app,
}) => {
  await loadDemo(app);
  const cards = results(app).getByRole('listitem');
  await expect(cards.nth(1)).toBeVisible();
  const first = (await cards.nth(0).locator('.name').textContent())!;
  const second = (await cards.nth(1).locator('.name').textContent())!;
  await cards
    .nth(0)
    .getByRole('button', { name: new RegExp(`^${first}`) })
    .click();
  await app
    .getByRole('region', { name: `Profile of ${first}` })
    .getByRole('button', { name: 'Edit profile' })
    .click();
  const form = app.getByRole('form', { name: `Edit ${first}` });

  // A message a person can act on, next to its field.
  await form.getByLabel('Height (cm)').fill('300');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByText('Height must be between 40 and 260 cm')).toBeVisible();
  await expect(form.getByLabel('Height (cm)')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Height (cm)').fill('259');

  // Another card: asked; "Keep editing" keeps the edit.
  await cards
    .nth(1)
    .getByRole('button', { name: new RegExp(`^${second}`) })
    .click();
  const prompt = app.getByRole('dialog', { name: 'Save your changes?' });
  await expect(prompt.getByText(`You have unsaved changes to ${first}.`)).toBeVisible();
  await prompt.getByRole('button', { name: 'Keep editing' }).click();
  await expect(prompt).toBeHidden();
  await expect(form.getByLabel('Height (cm)')).toHaveValue('259');

  // Cancel: asked; "Discard changes" drops the edit and goes back to the profile.
  await form.getByRole('button', { name: 'Cancel' }).click();
  await prompt.getByRole('button', { name: 'Discard changes' }).click();
  const panel = app.getByRole('region', { name: `Profile of ${first}` });
  await expect(panel.getByRole('button', { name: 'Edit profile' })).toBeVisible();
  await expect(panel.getByText('259 cm')).toBeHidden();

  // Another section: asked; "Save changes" saves, then goes there.
  await panel.getByRole('button', { name: 'Edit profile' }).click();
  await form.getByLabel('Height (cm)').fill('259');
  await app.getByRole('button', { name: 'Projects & shortlists' }).click();
  await prompt.getByRole('button', { name: 'Save changes' }).click();
  await expect(app.getByRole('status').filter({ hasText: `Saved ${first}` })).toBeVisible();
  await expect(app.getByRole('textbox', { name: 'Project name' })).toBeVisible();
  await app.getByRole('button', { name: 'Talent', exact: true }).click();
  await cards
    .nth(0)
    .getByRole('button', { name: new RegExp(`^${first}`) })
    .click();
  await expect(app.getByRole('region', { name: `Profile of ${first}` }).getByText('259 cm')).toBeVisible();

  // A clean profile: another card opens at once, in view mode.
  await cards
    .nth(1)
    .getByRole('button', { name: new RegExp(`^${second}`) })
    .click();
  await expect(prompt).toBeHidden();
  await expect(
    app.getByRole('region', { name: `Profile of ${second}` }).getByRole('button', { name: 'Edit profile' }),
  ).toBeVisible();
});
