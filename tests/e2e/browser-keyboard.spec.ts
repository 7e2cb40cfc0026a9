// Keyboard, text size and small windows: the skip link, section shortcuts, Help → Keyboard shortcuts, a visible
// focus ring on cards, rem font sizes, the grid keeping its columns at 1024 × 700 and at 150 % zoom with a
// profile open (the panel lies over the grid), the toolbar in two tidy rows there, and toasts that do not pile
// up on a short window.
import type { Locator, Page } from '@playwright/test';
import { expect, loadDemo, test } from './fixtures.ts';

const results = (app: Page) => app.getByRole('list', { name: 'Talent results' });

async function columns(list: Locator): Promise<number> {
  const boxes = await list
    .getByRole('listitem')
    .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  const top = Math.min(...boxes);
  return boxes.filter((t) => t === top).length;
}

/** The toolbar's controls: what is shown (one row) and what to do with it (one row, maybe the same). */
function toolbar(app: Page): Locator[][] {
  const talent = app.getByRole('region', { name: 'Talent' });
  const sizes = talent.getByRole('group', { name: 'Card size' });
  return [
    [
      talent.getByRole('searchbox', { name: 'Search talent' }),
      talent.getByRole('combobox', { name: 'Sort by' }),
      talent.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Grid' }),
      talent.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Table' }),
    ],
    [
      sizes.getByRole('button', { name: 'Small' }),
      sizes.getByRole('button', { name: 'Large' }),
      talent.getByRole('button', { name: 'Import…' }),
      talent.getByRole('button', { name: /^Import headshots/ }),
      talent.getByRole('button', { name: /^Export/ }),
      talent.getByRole('button', { name: 'New profile' }),
    ],
  ];
}

/**
 * Each group's controls share one row (their vertical centres within a few px), all lie inside the window,
 * and none overlaps another: the toolbar holds, or wraps whole groups into a second row, never a control.
 */
async function expectTidyToolbar(app: Page, width: number): Promise<void> {
  const groups = await Promise.all(
    toolbar(app).map((g) => Promise.all(g.map(async (c) => (await c.boundingBox())!))),
  );
  const all = groups.flat();
  for (const g of groups) {
    const centres = g.map((b) => b.y + b.height / 2);
    expect(Math.max(...centres) - Math.min(...centres)).toBeLessThan(6);
  }
  for (const b of all) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(width + 0.5);
  }
  for (const [i, a] of all.entries()) {
    for (const b of all.slice(i + 1)) {
      // 1.5 px: the buttons of a segmented control share their 1 px border.
      const apart = a.x + a.width <= b.x + 1.5 || b.x + b.width <= a.x + 1.5;
      const stacked = a.y + a.height <= b.y + 1.5 || b.y + b.height <= a.y + 1.5;
      expect(apart || stacked).toBe(true);
    }
  }
}

test('skip link, section shortcuts, the shortcuts dialog and focus rings', async ({ app }) => {
  await app.setViewportSize({ width: 1440, height: 900 });
  await loadDemo(app);
  const nav = app.getByRole('navigation', { name: 'Sections' });
  const search = app.getByRole('searchbox', { name: 'Search talent' });

  // The first Tab shows the skip link; it goes to the search box.
  await nav.getByRole('button', { name: 'Projects & shortlists' }).click();
  await app.reload();
  await expect(nav.getByRole('button', { name: 'Talent' })).toBeVisible();
  await app.keyboard.press('Tab');
  const skip = app.getByRole('button', { name: 'Skip to talent search' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await app.keyboard.press('Enter');
  await expect(search).toBeFocused();
  await expect(nav.getByRole('button', { name: 'Talent' })).toHaveAttribute('aria-current', 'page');

  // Ctrl+n goes to section n; "/" comes back to the search box (not while typing in it).
  await app.keyboard.press('Escape');
  await app.getByRole('heading').first().click();
  await app.keyboard.press('Control+3');
  await expect(nav.getByRole('button', { name: 'Scripts' })).toHaveAttribute('aria-current', 'page');
  await app.keyboard.press('Control+6');
  await expect(nav.getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  await app.keyboard.press('/');
  await expect(search).toBeFocused();
  await app.keyboard.type('a/b');
  await expect(search).toHaveValue('a/b');
  await search.fill('');

  // Help → Keyboard shortcuts lists them, the script viewer's speech stepping among them.
  await app.getByRole('button', { name: /^Help/ }).click();
  await app.getByRole('menuitem', { name: 'Keyboard shortcuts' }).click();
  const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('cell', { name: /^(Ctrl|⌘)\+1$/ })).toBeVisible();
  await expect(dialog.getByRole('cell', { name: 'Go to Scripts' })).toBeVisible();
  await expect(dialog.getByRole('cell', { name: 'Next highlighted speech' })).toBeVisible();
  await expect(dialog.getByRole('cell', { name: 'Previous highlighted speech' })).toBeVisible();
  await app.screenshot({ path: 'test-results/keyboard-shortcuts.png' });
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // A card reached by keyboard shows a focus ring.
  const card = results(app).getByRole('listitem').first().getByRole('button').first();
  await search.focus();
  await app.keyboard.press('Shift+Tab');
  await card.focus();
  await expect(card).toBeFocused();
  const ring = await card.evaluate((e) => {
    const s = getComputedStyle(e);
    return {
      visible: e.matches(':focus-visible'),
      style: s.outlineStyle,
      width: Number.parseFloat(s.outlineWidth),
    };
  });
  expect(ring).toEqual({ visible: true, style: 'solid', width: expect.any(Number) });
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await app.keyboard.press('ArrowRight');
  await expect(results(app).getByRole('listitem').nth(1).getByRole('button').first()).toBeFocused();

  // Font sizes follow the system text size (rem): a larger root size makes the text larger.
  const size = () => search.evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
  const before = await size();
  await app.evaluate(() => {
    document.documentElement.style.fontSize = '20px';
  });
  expect(await size()).toBeCloseTo((before * 20) / 16, 1);
});

for (const [label, viewport] of [
  ['1024 × 700', { width: 1024, height: 700 }],
  // 1440 × 900 at 150 % zoom is 960 × 600 CSS pixels.
  ['150 % zoom', { width: 960, height: 600 }],
] as const) {
  test(`at ${label} the grid keeps its columns with a profile open`, async ({ app }) => {
    await app.setViewportSize(viewport);
    await loadDemo(app);
    const list = results(app);
    await expect.poll(() => columns(list)).toBeGreaterThanOrEqual(2);
    // The toolbar: search, sort and view on one row, card size and the actions on one more.
    await expectTidyToolbar(app, viewport.width);
    const before = await columns(list);
    const first = list.getByRole('listitem').first();
    const name = (await first.getByRole('img').getAttribute('alt'))!.replace('Headshot of ', '');
    await first.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    const panel = app.getByRole('region', { name: `Profile of ${name}` });
    await expect(panel).toBeVisible();
    await expect(panel).toBeInViewport();
    // The panel lies over the grid: the grid keeps its columns (at least 2).
    expect(await columns(list)).toBe(before);
    expect(before).toBeGreaterThanOrEqual(2);
    const box = (await panel.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 1);
    expect(box.width).toBeGreaterThan(300);
    await app.screenshot({ path: `test-results/grid-panel-${viewport.width}.png` });
    await panel.getByRole('button', { name: 'Close profile' }).click();
    await expect(panel).toBeHidden();
  });
}

test('at 1024 × 700 toasts do not pile up: three at most, newest first, the rest behind a button', async ({
  app,
}) => {
  await app.setViewportSize({ width: 1024, height: 700 });
  await loadDemo(app);
  const stack = (text: RegExp) => app.getByRole('status').filter({ hasText: text });
  const toasts = stack(/^(Loaded .* demo profiles|Saved the search ".*")×?$/);
  // The pointer rests on the toasts, which holds their time still; the searches are saved from the keyboard.
  await stack(/Loaded 2,000 demo profiles/).hover();
  const sidebar = app.getByRole('complementary', { name: 'Filters' });
  for (const name of ['One', 'Two', 'Three', 'Four']) {
    await sidebar.getByRole('button', { name: 'Save this search…' }).focus();
    await app.keyboard.press('Enter');
    await sidebar.getByRole('textbox', { name: 'Name for this search' }).fill(name);
    await app.keyboard.press('Enter');
    const saved = stack(new RegExp(`Saved the search "${name}"`));
    await expect(saved).toBeVisible();
    await saved.hover(); // the stack moved: keep the pointer on it
  }
  await expect(toasts).toHaveCount(3);
  await expect(toasts.nth(0)).toContainText('"Four"');
  await expect(toasts.nth(2)).toContainText('"Two"');
  const more = app.getByRole('button', { name: '2 earlier notifications' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  // The collapsed stack fits the window's lower part and leaves the toolbar alone.
  const boxes = await toasts.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  for (const b of [...boxes, (await more.boundingBox())!]) {
    expect(b.y).toBeGreaterThan(350);
    expect(b.y + b.height).toBeLessThanOrEqual(700);
  }
  await more.click();
  await expect(toasts).toHaveCount(5);
  await expect(toasts.nth(4)).toContainText('Loaded 2,000 demo profiles');
  await expect(app.getByRole('button', { name: 'Show fewer notifications' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  // Dismissed one by one they go, and with fewer than four the button goes too.
  for (let n = 5; n > 3; n--) {
    await toasts.first().getByRole('button', { name: 'Dismiss notification' }).click();
    await expect(toasts).toHaveCount(n - 1);
  }
  await expect(app.getByRole('button', { name: /earlier notifications|Show fewer/ })).toHaveCount(0);
});
