// Claude chat in Chromium through the browser host, against the fake Messages API: key in Settings, a streamed
// answer, a tool card, stop, error banners with a retry countdown, and conversation search.

import { ask, expect, FAKE_API_KEY, goTo, openChat, saveApiKey, test } from './chat-fixtures.ts';
import { loadDemo } from './fixtures.ts';

test('settings: the key is saved but never shown, the connection is tested, a model is picked', async ({
  app,
  fake,
}) => {
  await goTo(app, 'Settings');
  await expect(app.getByText(/in the browser version the key is kept in a plain file/)).toBeVisible();
  await app.getByRole('button', { name: 'Test connection' }).click();
  await expect(
    app.getByRole('status').filter({ hasText: /Connection failed: No Anthropic API key/ }),
  ).toBeVisible();

  await app.getByLabel('API key').fill('not-a-key');
  await app.getByRole('button', { name: 'Save key' }).click();
  await expect(app.getByText('Anthropic keys start with “sk-”.')).toBeVisible();

  await saveApiKey(app);
  // The page never holds the key: not in the DOM, not in any input.
  expect(await app.content()).not.toContain(FAKE_API_KEY);
  await expect(app.getByLabel('API key')).toHaveCount(0);

  await app.getByRole('button', { name: 'Test connection' }).click();
  await expect(
    app.getByRole('status').filter({ hasText: /Connected: claude-sonnet-5-5 answered/ }),
  ).toBeVisible();

  await app.getByLabel('Model').selectOption({ label: 'Claude Haiku 5.5' });
  await expect(app.getByRole('status').filter({ hasText: 'Model saved' })).toBeVisible();
  await app.screenshot({ path: 'test-results/chat-settings.png' });
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();
  await app.screenshot({ path: 'test-results/chat-settings-dark.png' });

  await app.getByRole('button', { name: 'Replace key' }).click();
  await expect(app.getByLabel('API key')).toHaveValue('');
  await app.getByRole('button', { name: 'Cancel' }).click();
  await app.getByRole('button', { name: 'Remove key' }).click();
  await expect(app.getByLabel('API key')).toBeVisible();
  expect(fake.requests.some((r) => r.path.startsWith('/v1/models/'))).toBe(true);
});

test('ask: the answer streams in as Markdown, with token usage and cost', async ({ app, fake }) => {
  await saveApiKey(app);
  await openChat(app);
  fake.script({
    type: 'text',
    text: [
      'Here is **who fits**:\n\n',
      '| Name | Age |\n|---|---|\n| Sayali | 28 |\n| Priya | 31 |\n\n',
      '- rides horses\n- speaks Marathi\n\n',
      '```\ncode sample\n```\n',
    ],
    delayMs: 150,
    usage: {
      input_tokens: 1200,
      output_tokens: 300,
      cache_read_input_tokens: 900,
      cache_creation_input_tokens: 0,
    },
  });
  await ask(app, 'Who do we have, 25 to 35, who speaks Marathi and rides?');
  const log = app.getByRole('log', { name: 'Messages' });
  await expect(log.getByRole('article', { name: /^You/ })).toContainText('speaks Marathi and rides?');
  // Mid-stream: the first words are on screen before the answer ends.
  await expect(log.getByText('who fits')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Stop' })).toBeVisible();
  const answer = log.getByRole('article', { name: /^Claude/ });
  await expect(answer.getByRole('table')).toBeVisible();
  await expect(answer.getByRole('cell', { name: 'Sayali' })).toBeVisible();
  await expect(answer.getByRole('listitem').filter({ hasText: 'rides horses' })).toBeVisible();
  await expect(answer.getByText('code sample')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Send' })).toBeVisible();
  // Sonnet list prices: 1,200 × $3 + 300 × $15 + 900 cache reads × $0.30, per million.
  await expect(answer.getByText('1,200 in · 300 out · 900 cache read · ≈ $0.0084')).toBeVisible();
  // The conversation's totals and its title (from the first message).
  await expect(app.getByRole('heading', { name: /^Who do we have, 25 to 35/ })).toBeVisible();
  await expect(
    app
      .getByRole('region', { name: 'Conversation' })
      .getByText('Total: 1,200 in · 300 out · 900 cache read · ≈ $0.0084'),
  ).toBeVisible();
  await app.screenshot({ path: 'test-results/chat-answer.png' });

  // Regenerate replaces the answer.
  fake.script({ type: 'text', text: 'A second answer.' });
  await answer.getByRole('button', { name: 'Regenerate' }).click();
  await expect(log.getByText('A second answer.')).toBeVisible();
  await expect(log.getByText('who fits')).toHaveCount(0);

  // Edit and resend replaces the question and the answer.
  fake.script({ type: 'text', text: 'Answer to the edited question.' });
  await log.getByRole('article', { name: /^You/ }).getByRole('button', { name: 'Edit' }).click();
  await app.getByRole('textbox', { name: 'Edited message' }).fill('Only Marathi speakers, please.');
  await app.getByRole('button', { name: 'Save and resend' }).click();
  await expect(log.getByText('Answer to the edited question.')).toBeVisible();
  await expect(log.getByRole('article', { name: /^You/ })).toHaveText(/Only Marathi speakers, please\./);
  await expect(log.getByRole('article')).toHaveCount(2);
  const sent = fake.messageRequests().at(-1)?.body as { messages: Array<{ content: unknown }> };
  expect(JSON.stringify(sent.messages)).toContain('Only Marathi speakers');
  expect(JSON.stringify(sent.messages)).not.toContain('rides?');
});

test('a tool call renders as a card whose talent opens the profile', async ({ app, fake }) => {
  await loadDemo(app);
  await saveApiKey(app);
  await openChat(app);
  fake.script(
    {
      type: 'tool_use',
      text: 'Let me search.',
      tools: [
        {
          name: 'search_talent',
          input: { languages: [{ language: 'Marathi' }], ageMin: 25, ageMax: 35, limit: 5 },
        },
      ],
    },
    { type: 'text', text: 'I found **5 people** who speak Marathi.' },
  );
  await ask(app, 'Marathi speakers between 25 and 35?');
  const card = app.getByRole('region', { name: 'Tool: Searched talent' });
  await expect(card).toBeVisible();
  await expect(card.getByText('Status: done')).toBeVisible();
  await expect(card.getByText(/found/)).toBeVisible();
  const hits = card.getByRole('list', { name: 'Talent found' }).getByRole('button');
  await expect(hits).toHaveCount(5);
  await expect(app.getByText('5 people')).toBeVisible();
  await app.screenshot({ path: 'test-results/chat-tool-card.png' });
  // The tool's result went back to Claude in the second request.
  const second = fake.messageRequests()[1]?.body as { messages: unknown[] };
  expect(JSON.stringify(second.messages)).toContain('tool_result');

  const name = (await hits.first().locator('b').textContent())!;
  await hits.first().click();
  await expect(
    app.getByRole('region', { name: `Profile of ${name}` }).getByRole('heading', { name }),
  ).toBeVisible();
  await app.screenshot({ path: 'test-results/chat-profile.png' });
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();
  await app.screenshot({ path: 'test-results/chat-profile-dark.png' });

  // Attach a talent as context: a chip in the composer, then on the message; Claude receives the profile.
  await app.getByRole('button', { name: 'Close profile' }).click();
  await app.getByRole('button', { name: 'Attach…' }).click();
  const picker = app.getByRole('dialog', { name: 'Attach context' });
  await picker.getByRole('tab', { name: 'Script' }).click();
  await expect(picker.getByText('No scripts yet.', { exact: false })).toBeVisible();
  await picker.getByRole('tab', { name: 'Talent' }).click();
  await picker.getByRole('searchbox', { name: 'Find talent' }).fill(name);
  await picker.getByRole('list', { name: 'Talent to attach' }).getByRole('button').first().click();
  const chips = app.getByRole('list', { name: 'Attachments' });
  await expect(chips.getByRole('listitem')).toHaveText([new RegExp(`^Talent: ${name}`)]);
  await app.screenshot({ path: 'test-results/chat-attachment-dark.png' });
  fake.script({ type: 'text', text: 'She fits the inspector’s sister.' });
  await ask(app, 'Would she fit the inspector’s sister?');
  await expect(app.getByText('She fits the inspector’s sister.')).toBeVisible();
  await expect(
    app.getByRole('log', { name: 'Messages' }).getByRole('list', { name: 'Attached' }).last(),
  ).toContainText(`Talent: ${name}`);
  await expect(chips).toHaveCount(0);
  const withChip = JSON.stringify(fake.messageRequests().at(-1)?.body);
  expect(withChip).toContain('<attached talent');
  expect(withChip).toContain(name);
});

test('stop mid-stream keeps the partial answer, marked', async ({ app, fake }) => {
  await saveApiKey(app);
  await openChat(app);
  fake.script({
    type: 'text',
    text: Array.from({ length: 40 }, (_, i) => `word${i} `),
    delayMs: 150,
  });
  // Shift+Enter makes a new line; Enter sends.
  const box = app.getByRole('textbox', { name: 'Message Claude' });
  await box.fill('Tell me a long story');
  await box.press('Shift+Enter');
  await box.pressSequentially('about Pune');
  await expect(box).toHaveValue('Tell me a long story\nabout Pune');
  expect(fake.messageRequests()).toHaveLength(0);
  await box.press('Enter');
  const log = app.getByRole('log', { name: 'Messages' });
  await expect(log.getByText(/word3 /)).toBeVisible();
  await box.press('Escape');
  await expect(log.getByText('Stopped — the answer is incomplete.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Send' })).toBeVisible();
  const text = (await log.getByRole('article', { name: /^Claude/ }).textContent()) ?? '';
  expect(text).toContain('word3');
  expect(text).not.toContain('word39');
  await expect(app.getByRole('alert')).toHaveCount(0);
  await app.screenshot({ path: 'test-results/chat-stopped.png' });

  // Stop with the button too.
  fake.script({ type: 'text', text: Array.from({ length: 40 }, (_, i) => `again${i} `), delayMs: 150 });
  await ask(app, 'Once more');
  await expect(log.getByText(/again2 /)).toBeVisible();
  await app.getByRole('button', { name: 'Stop' }).click();
  await expect(log.getByText('Stopped — the answer is incomplete.')).toHaveCount(2);
});

test('errors: a 429 shows a live countdown then answers; a 401 shows a banner and keeps the message', async ({
  app,
  fake,
}) => {
  await saveApiKey(app);
  await openChat(app);
  fake.script(
    { type: 'error', status: 429, message: 'Number of requests has exceeded your rate limit', retryAfter: 3 },
    { type: 'text', text: 'Answered after the wait.' },
  );
  await ask(app, 'Who is free next week?');
  const countdown = app.getByRole('status').filter({ hasText: /Rate limited — trying again in \d s/ });
  await expect(countdown).toBeVisible();
  await expect(countdown).toContainText('attempt 2 of 4');
  const first = Number((await countdown.textContent())?.match(/in (\d) s/)?.[1]);
  await app.screenshot({ path: 'test-results/chat-rate-limit.png' });
  await expect(countdown).toContainText(`in ${first - 1} s`);
  await expect(app.getByText('Answered after the wait.')).toBeVisible({ timeout: 15_000 });
  await expect(countdown).toHaveCount(0);

  fake.script({ type: 'error', status: 401 });
  await ask(app, 'And the week after?');
  const banner = app.getByRole('alert').filter({ hasText: 'The API key was refused' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Your message is kept.');
  const log = app.getByRole('log', { name: 'Messages' });
  await expect(log.getByRole('article', { name: /^You/ }).last()).toContainText('And the week after?');
  await expect(log.getByText(/Not answered: The Anthropic API key was refused/)).toBeVisible();
  await app.screenshot({ path: 'test-results/chat-error-banner.png' });
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();
  await app.screenshot({ path: 'test-results/chat-error-banner-dark.png' });
  // The kept message can be sent again once the problem is gone.
  fake.script({ type: 'text', text: 'Now it works.' });
  await banner.getByRole('button', { name: 'Send again' }).click();
  await expect(log.getByText('Now it works.')).toBeVisible();
  await expect(app.getByRole('alert')).toHaveCount(0);
});

test('a cut stream keeps the partial answer; offline keeps the draft', async ({ app, fake }) => {
  await saveApiKey(app);
  await openChat(app);
  fake.script({ type: 'cut', text: ['The first half ', 'of an answer'] });
  await ask(app, 'Start something');
  await expect(app.getByRole('alert').filter({ hasText: 'Connection lost mid-answer' })).toBeVisible();
  const log = app.getByRole('log', { name: 'Messages' });
  await expect(log.getByText('The first half of an answer')).toBeVisible();
  await expect(log.getByText(/^Incomplete: The answer was cut off/)).toBeVisible();

  await app.context().setOffline(true);
  await expect(app.getByRole('status').filter({ hasText: 'You are offline.' })).toBeVisible();
  await ask(app, 'A draft written on the train');
  await expect(app.getByRole('textbox', { name: 'Message Claude' })).toHaveValue(
    'A draft written on the train',
  );
  await app.screenshot({ path: 'test-results/chat-offline.png' });
  await app.context().setOffline(false);
  await expect(app.getByRole('status').filter({ hasText: 'You are offline.' })).toHaveCount(0);
  await app.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
  await expect(log.getByText('Echo: A draft written on the train')).toBeVisible();
});

test('conversations: search over past messages, rename, export, delete; memory', async ({ app }) => {
  await saveApiKey(app);
  await openChat(app);
  await ask(app, 'Which theatre actors speak Konkani?');
  await expect(app.getByText('Echo: Which theatre actors speak Konkani?')).toBeVisible();
  await app.getByRole('button', { name: 'New conversation' }).click();
  await ask(app, 'Remember that the director hates method actors');
  await expect(app.getByText('Echo: Remember that the director hates method actors')).toBeVisible();
  await expect(app.getByRole('status').filter({ hasText: 'Remembered: ' })).toContainText(
    /director hates method actors/,
  );

  const list = app.getByRole('complementary', { name: 'Conversations' });
  await expect(list.getByRole('button')).toHaveCount(3); // New conversation + two conversations
  await list.getByRole('searchbox', { name: 'Search conversations' }).fill('konkani');
  const found = list.getByRole('list', { name: /Conversations matching/ }).getByRole('button');
  await expect(found).toHaveCount(1);
  await expect(found.first().locator('mark').first()).toHaveText(/konkani/i);
  await app.screenshot({ path: 'test-results/chat-search.png' });
  await found.first().click();
  await expect(app.getByRole('heading', { name: 'Which theatre actors speak Konkani?' })).toBeVisible();

  await app.getByRole('button', { name: 'Rename' }).click();
  await app.getByRole('dialog', { name: 'Rename conversation' }).getByLabel('Title').fill('Konkani theatre');
  await app.getByRole('button', { name: 'Save title' }).click();
  await expect(app.getByRole('heading', { name: 'Konkani theatre' })).toBeVisible();

  const download = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Export Markdown' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Konkani theatre.md');
  const md = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(md).toString('utf8')).toContain('Which theatre actors speak Konkani?');

  await app.getByRole('button', { name: 'Delete', exact: true }).click();
  await app.getByRole('button', { name: 'Delete conversation' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Deleted “Konkani theatre”' })).toBeVisible();
  await list.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  await expect(list.getByRole('list', { name: 'Recent conversations' }).getByRole('button')).toHaveCount(1);

  // "Remember that…" in a message became a memory; the Memory screen edits, pins and deletes them.
  await goTo(app, 'Memory');
  const memories = app.getByRole('list', { name: 'Memories' });
  await expect(memories.getByRole('listitem')).toHaveCount(1);
  await expect(memories.getByRole('listitem').first()).toContainText(/director hates method actors/);
  await app.getByLabel('Remember that…').fill('Auditions are on Tuesdays in Andheri.');
  await app.getByRole('button', { name: 'Save memory' }).click();
  await expect(memories.getByRole('listitem')).toHaveCount(2);
  const tues = memories.getByRole('listitem', { name: 'Auditions are on Tuesdays in Andheri.' });
  await tues.getByRole('button', { name: /^Pin/ }).click();
  await expect(tues.getByRole('button', { name: /^Pin/ })).toHaveAttribute('aria-pressed', 'true');
  await tues.getByRole('button', { name: /^Edit/ }).click();
  await app.getByLabel('Memory text').fill('Auditions are on Wednesdays in Andheri.');
  await app.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(memories.getByText('Auditions are on Wednesdays in Andheri.')).toBeVisible();
  await app.screenshot({ path: 'test-results/chat-memory.png' });
  await app.getByRole('button', { name: 'Switch to dark theme' }).click();
  await app.screenshot({ path: 'test-results/chat-memory-dark.png' });
  await memories
    .getByRole('listitem', { name: /director hates/ })
    .getByRole('button', { name: /^Delete/ })
    .click();
  await expect(memories.getByRole('listitem')).toHaveCount(1);
});

test('a shortlist proposal is written only when the user confirms it', async ({ app, fake }) => {
  await loadDemo(app);
  await goTo(app, 'Projects & shortlists');
  await app.getByRole('textbox', { name: 'Project name' }).fill('Mumbai Diaries S3');
  await app.getByRole('button', { name: 'Create project' }).click();
  await app.getByRole('textbox', { name: 'Role name' }).fill('INSPECTOR');
  await app.getByRole('button', { name: 'Create role' }).click();
  await expect(app.getByRole('button', { name: /^INSPECTOR/ })).toBeVisible();
  await saveApiKey(app);
  await openChat(app);

  // Claude looks things up step by step: each reply is built from the tool result it just received.
  const lastResult = (body: unknown): unknown => {
    const msgs = (body as { messages: Array<{ content: unknown }> }).messages;
    const blocks = msgs.at(-1)?.content;
    const r = Array.isArray(blocks) ? blocks.find((b) => b.type === 'tool_result') : null;
    return r ? JSON.parse(r.content as string) : null;
  };
  let talentIds: string[] = [];
  fake.script({ type: 'tool_use', tools: [{ name: 'search_talent', input: { text: 'priya', limit: 2 } }] });
  fake.setDefault((req) => {
    const r = lastResult(req.body) as Record<string, Array<{ id: string }>> | null;
    if (!r || 'kind' in r) return { type: 'text', text: 'I proposed two people; confirm to add them.' };
    if (r.talents) {
      talentIds = r.talents.map((t) => t.id);
      return { type: 'tool_use', tools: [{ name: 'list_projects', input: {} }] };
    }
    if (r.projects)
      return { type: 'tool_use', tools: [{ name: 'list_roles', input: { projectId: r.projects[0]!.id } }] };
    if (r.roles)
      return {
        type: 'tool_use',
        tools: [
          {
            name: 'propose_shortlist_addition',
            input: { roleId: r.roles[0]!.id, talentIds, reason: 'Both play 40s and speak Marathi' },
          },
        ],
      };
    return { type: 'text', text: 'I proposed two people; confirm to add them.' };
  });
  await ask(app, 'Shortlist two Priyas for the inspector');
  const card = app.getByRole('region', { name: 'Tool: Proposed a shortlist addition' });
  await expect(card).toBeVisible();
  await expect(card.getByText(/Add to the shortlist for INSPECTOR/)).toBeVisible();
  await expect(card.getByRole('list', { name: 'Proposed talent' }).getByRole('button')).toHaveCount(2);
  await expect(app.getByText('I proposed two people; confirm to add them.')).toBeVisible();
  // Nothing written yet.
  await goTo(app, 'Projects & shortlists');
  await app.getByRole('button', { name: /^Mumbai Diaries S3/ }).click();
  await expect(app.getByRole('button', { name: /^INSPECTOR/ })).toContainText('0');
  await openChat(app);
  await card.getByRole('button', { name: 'Add 2 to shortlist' }).click();
  await expect(
    app.getByRole('status').filter({ hasText: 'Added 2 to the shortlist for INSPECTOR' }),
  ).toBeVisible();
  await expect(card.getByText('Everyone proposed is on the shortlist.')).toBeVisible();
  await app.screenshot({ path: 'test-results/chat-proposal.png' });
  await goTo(app, 'Projects & shortlists');
  await app.getByRole('button', { name: /^Mumbai Diaries S3/ }).click();
  await app.getByRole('button', { name: /^INSPECTOR/ }).click();
  await expect(app.getByRole('region', { name: /^Considered/ }).getByRole('listitem')).toHaveCount(2);
});

test('past the history budget, older turns are summarised and the summary stays visible', async ({
  app,
  fake,
}) => {
  await saveApiKey(app);
  const budget = app.getByRole('spinbutton', { name: 'History kept before summarising (tokens)' });
  await budget.fill('100');
  await app.getByRole('button', { name: 'Save limits' }).click();
  await expect(app.getByRole('alert')).toHaveText(/a whole number from 2000 to 900000/);
  await budget.fill('2000');
  await app.getByRole('button', { name: 'Save limits' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Limits saved' })).toBeVisible();
  await openChat(app);

  // ~2,500 tokens each way: the second question no longer fits in 2,000.
  const long = `Here is the whole cast list: ${'Inspector Patil, constable More, Sakhubai the landlady. '.repeat(170)}`;
  await ask(app, long);
  await expect(app.getByText(/^Echo: Here is the whole cast list/)).toBeVisible();
  fake.script(
    { type: 'text', text: '- The user shared a long cast list (Inspector Patil, constable More, Sakhubai).' },
    { type: 'text', text: 'Patil is the lead.' },
  );
  await ask(app, 'Who is the lead?');
  await expect(app.getByText('Patil is the lead.')).toBeVisible();
  const note = app.getByRole('group').filter({ hasText: 'Earlier messages were summarised for Claude' });
  await note.getByText('Earlier messages were summarised for Claude').click();
  await expect(note.getByText(/The user shared a long cast list/)).toBeVisible();
  await app.screenshot({ path: 'test-results/chat-summary.png' });
  // The summary replaced the old turns in what Claude was sent.
  const last = JSON.stringify(fake.messageRequests().at(-1)?.body);
  expect(last).toContain('The user shared a long cast list');
  expect(last).not.toContain('Sakhubai the landlady. Inspector Patil');
});
