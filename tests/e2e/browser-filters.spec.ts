// The filter sidebar: a skeleton (not "None") while counts load, selected values that stay removable at 0,
// "Show all" with a search box, the build filter; the browser's state surviving a section switch and a
// reload; saved searches.
import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, loadDemo, test } from './fixtures.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const results = (app: Page) => app.getByRole('list', { name: 'Talent results' });
const sidebar = (app: Page) => app.getByRole('complementary', { name: 'Filters' });
const group = (app: Page, name: string) => sidebar(app).getByRole('group', { name, exact: true });
const total = (app: Page) => app.getByRole('status').filter({ hasText: /profiles?$/ });

/** Holds the page's facet-count calls until `release()`, passing every other call through. */
async function holdFacets(app: Page): Promise<() => void> {
  const held: { ws: WebSocketRoute; message: string | Buffer }[] = [];
  let holding = true;
  let server: WebSocketRoute | null = null;
  await app.routeWebSocket(/\/ws/, (ws) => {
    server = ws.connectToServer();
    const s = server;
    ws.onMessage((m) => {
      if (holding && String(m).includes('"method":"talent.facets"')) held.push({ ws: s, message: m });
      else s.send(m);
    });
    s.onMessage((m) => ws.send(m));
  });
  return () => {
    holding = false;
    for (const h of held.splice(0)) h.ws.send(h.message);
  };
}

test('the sidebar shows a skeleton while counts load, keeps selected values, shows all, filters by build', async ({
  app,
}) => {
  await loadDemo(app);
  const release = await holdFacets(app);
  await app.reload();
  await expect(results(app).getByRole('listitem').first()).toBeVisible();
  // Counts on their way: busy groups, and never "None".
  await expect(group(app, 'Gender')).toHaveAttribute('aria-busy', 'true');
  await expect(group(app, 'Skills')).toHaveAttribute('aria-busy', 'true');
  await expect(sidebar(app).getByText('None', { exact: true })).toHaveCount(0);
  release();
  await expect(group(app, 'Gender')).not.toHaveAttribute('aria-busy', 'true');
  await expect(group(app, 'Gender').getByRole('checkbox', { name: /^Female/ })).toBeVisible();

  // A selected value stays visible and removable when the other filters leave it at 0.
  const skills = group(app, 'Skills');
  await skills.getByRole('checkbox', { name: /^Horse riding/ }).check();
  const search = app.getByRole('searchbox', { name: 'Search talent' });
  await search.fill('zzqxjv');
  await expect(app.getByRole('heading', { name: 'No one matches' })).toBeVisible();
  const riding = skills.getByRole('checkbox', { name: 'Horse riding 0' });
  await expect(riding).toBeChecked();
  await riding.click();
  await expect(skills.getByRole('checkbox', { name: /^Horse riding/ })).toHaveCount(0);
  await search.fill('');
  await expect(results(app).getByRole('listitem').first()).toBeVisible();

  // Long lists: "Show all" opens the full list with a box to find a value.
  const cities = group(app, 'City');
  const shownBefore = await cities.getByRole('checkbox').count();
  await cities.getByRole('button', { name: /^Show all city/ }).click();
  await expect.poll(() => cities.getByRole('checkbox').count()).toBeGreaterThan(shownBefore);
  await cities.getByRole('searchbox', { name: 'Find city' }).fill('pur');
  const found = await cities
    .getByRole('checkbox')
    .evaluateAll((els) => els.map((e) => e.closest('label')?.textContent ?? ''));
  expect(found.length).toBeGreaterThan(0);
  for (const f of found) expect(f.toLowerCase()).toContain('pur');
  await cities.getByRole('button', { name: /^Show fewer city/ }).click();
  await expect(cities.getByRole('searchbox')).toHaveCount(0);

  // Build: the count beside a build is the number of profiles the filter finds.
  const builds = group(app, 'Build');
  const athletic = builds.getByRole('checkbox', { name: /^Athletic/ });
  const count = (await athletic.evaluate((e) => e.closest('label')?.textContent ?? '')).replace(/\D/g, '');
  await athletic.check();
  await expect(total(app)).toHaveText(`${Number(count).toLocaleString('en-US')} profiles`);
  await results(app).getByRole('listitem').first().getByRole('button').first().click();
  await expect(app.getByRole('region', { name: /^Profile of / }).getByText('Athletic')).toBeVisible();
});

test('search, filters, sort, scroll and the open profile survive a section switch and a reload; saved searches', async ({
  app,
}) => {
  await loadDemo(app);
  const search = app.getByRole('searchbox', { name: 'Search talent' });
  const sort = app.getByRole('combobox', { name: 'Sort by' });
  await search.fill('sharma');
  await group(app, 'Gender')
    .getByRole('checkbox', { name: /^Female/ })
    .check();
  await sort.selectOption('name');
  await expect(total(app)).toBeVisible();
  const first = results(app).getByRole('listitem').first();
  const name = (await first.getByRole('img').getAttribute('alt'))!.replace('Headshot of ', '');
  await first.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  const panel = app.getByRole('region', { name: `Profile of ${name}` });
  await expect(panel).toBeVisible();

  const expectSame = async () => {
    await expect(search).toHaveValue('sharma');
    await expect(group(app, 'Gender').getByRole('checkbox', { name: /^Female/ })).toBeChecked();
    await expect(sort).toHaveValue('name');
    await expect(panel).toBeVisible();
  };
  const nav = app.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('button', { name: 'Scripts' }).click();
  await expect(search).toBeHidden();
  await nav.getByRole('button', { name: 'Talent' }).click();
  await expectSame();
  await app.reload();
  await expectSame();

  // The scroll position of a long list comes back too.
  await panel.getByRole('button', { name: 'Close profile' }).click();
  await search.fill('');
  await group(app, 'Gender')
    .getByRole('checkbox', { name: /^Female/ })
    .uncheck();
  await expect(total(app)).toHaveText('2,000 profiles');
  const scroller = () => results(app).evaluate((ul) => ul.parentElement!.scrollTop);
  await results(app).evaluate((ul) => {
    ul.parentElement!.scrollTop = 2400;
  });
  await expect.poll(scroller).toBeGreaterThan(2000);
  const at = await scroller();
  await nav.getByRole('button', { name: 'Memory' }).click();
  await nav.getByRole('button', { name: 'Talent' }).click();
  await expect.poll(scroller).toBe(at);
  await app.reload();
  await expect.poll(scroller).toBe(at);

  // A saved search comes back with one click, and after a restart.
  await search.fill('patil');
  await group(app, 'Gender').getByRole('checkbox', { name: /^Male/ }).check();
  await sidebar(app).getByRole('button', { name: 'Save this search…' }).click();
  const nameBox = sidebar(app).getByRole('textbox', { name: 'Name for this search' });
  await sidebar(app).getByRole('button', { name: 'Save search' }).click();
  await expect(sidebar(app).getByText('Give the search a name.')).toBeVisible();
  await nameBox.fill('Patil men');
  await sidebar(app).getByRole('button', { name: 'Save search' }).click();
  await sidebar(app).getByRole('button', { name: 'Clear all filters' }).click();
  await search.fill('');
  await expect(total(app)).toHaveText('2,000 profiles');
  await app.reload();
  await sidebar(app).getByRole('button', { name: 'Patil men', exact: true }).click();
  await expect(search).toHaveValue('patil');
  await expect(group(app, 'Gender').getByRole('checkbox', { name: /^Male/ })).toBeChecked();

  // They belong to the office's store, not to this browser: clearing its storage keeps them, and what an
  // older version kept in localStorage is handed to the office once, then removed from there.
  await app.evaluate(() => {
    localStorage.clear();
    const old = { name: 'Khans by name', search: { text: 'khan', filters: {}, sort: 'name' } };
    localStorage.setItem('castmatch.savedSearches', JSON.stringify([old]));
  });
  await app.reload();
  await expect(sidebar(app).getByRole('button', { name: 'Patil men', exact: true })).toBeVisible();
  await sidebar(app).getByRole('button', { name: 'Khans by name', exact: true }).click();
  await expect(search).toHaveValue('khan');
  await expect(sort).toHaveValue('name');
  expect(await app.evaluate(() => localStorage.getItem('castmatch.savedSearches'))).toBeNull();
  await sidebar(app).getByRole('button', { name: 'Delete saved search Khans by name' }).click();
  await sidebar(app).getByRole('button', { name: 'Delete saved search Patil men' }).click();
  await expect(sidebar(app).getByRole('button', { name: 'Patil men', exact: true })).toHaveCount(0);
  await app.reload();
  await expect(sidebar(app).getByRole('heading', { name: 'Saved searches' })).toBeVisible();
  await expect(sidebar(app).getByRole('button', { name: /^(Patil men|Khans by name)$/ })).toHaveCount(0);
});
