import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConnection } from '../../src/backend/claude/client.ts';
import { fileSecretStore } from '../../src/backend/claude/file-secret-store.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { FAKE_API_KEY } from '../support/fake-anthropic.ts';
import { type Harness, harness, recorder } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('conversations', () => {
  it('lists newest first, searches all past messages (FTS), renames, deletes with a tombstone', async () => {
    const a = h.engine.createConversation({ title: 'Villains' });
    h.fake.script({ type: 'text', text: 'Consider Nawaz-type theatre actors.' });
    await h.engine.sendMessage({ conversationId: a.id, text: 'ideas for the antagonist in Shadow Line' });
    const b = h.engine.createConversation({ title: 'Kids ad' });
    h.fake.script({ type: 'text', text: 'Try the child artists from Pune.' });
    await h.engine.sendMessage({ conversationId: b.id, text: 'need a 9 year old for the biscuit ad' });

    expect(h.engine.listConversations({}).map((c) => c.id)).toEqual([b.id, a.id]);
    const hit = h.engine.listConversations({ search: 'antagonist' });
    expect(hit.map((c) => c.id)).toEqual([a.id]);
    expect(hit[0]!.snippet).toContain('[antagonist]');
    // Assistant text is searchable too, and by prefix.
    expect(h.engine.listConversations({ search: 'Pun' }).map((c) => c.id)).toEqual([b.id]);
    // Title matches count.
    expect(h.engine.listConversations({ search: 'Villains' }).map((c) => c.id)).toEqual([a.id]);
    // FTS syntax in the search box is searched as words, never interpreted.
    expect(() => h.engine.listConversations({ search: 'ad" OR NEAR(' })).not.toThrow();

    const renamed = h.engine.renameConversation({ id: a.id, title: 'Shadow Line villains' });
    expect(renamed.title).toBe('Shadow Line villains');
    expect(renamed.messageCount).toBe(2);

    h.engine.deleteConversation({ id: a.id });
    expect(h.engine.listConversations({}).map((c) => c.id)).toEqual([b.id]);
    expect(h.engine.listConversations({ search: 'antagonist' })).toEqual([]);
    expect(() => h.engine.openConversation({ id: a.id })).toThrow(/does not exist/);
    const row = h.db.sqlite.prepare('SELECT deleted_at FROM conversation WHERE id = ?').get(a.id) as {
      deleted_at: number;
    };
    expect(row.deleted_at).toBeGreaterThan(0);
  });

  it('exports to Markdown', async () => {
    const c = h.engine.createConversation({ title: 'Export me' });
    h.fake.script(
      { type: 'tool_use', tools: [{ name: 'list_projects', input: {} }] },
      { type: 'text', text: '| Name | Age |\n|---|---|\n| Priya | 28 |' },
    );
    await h.engine.sendMessage({ conversationId: c.id, text: 'table please' });
    const { fileName, markdown } = h.engine.exportConversation({ id: c.id });
    expect(fileName).toBe('Export me.md');
    expect(markdown).toMatch(/^# Export me\n/);
    expect(markdown).toContain('## You');
    expect(markdown).toContain('table please');
    expect(markdown).toContain('## Claude');
    expect(markdown).toContain('| Priya | 28 |');
    expect(markdown).toContain('*Tool: list_projects*');
  });

  it('regenerate drops the last answer and answers again', async () => {
    const c = h.engine.createConversation({});
    h.fake.script({ type: 'text', text: 'Answer v1' }, { type: 'text', text: 'Answer v2' });
    await h.engine.sendMessage({ conversationId: c.id, text: 'question' });
    const res = await h.engine.regenerate({ conversationId: c.id });
    expect(res.ok).toBe(true);
    const msgs = h.engine.openConversation({ id: c.id }).messages;
    expect(msgs.map((m) => m.text)).toEqual(['question', 'Answer v2']);
    const sent = h.fake.messageRequests()[1]!.body!.messages as Array<{ role: string }>;
    expect(sent.map((m) => m.role)).toEqual(['user']); // v1 is not in the history
  });

  it('regenerate resends a message that failed (e.g. offline) without duplicating it', async () => {
    const c = h.engine.createConversation({});
    h.fake.script({ type: 'error', status: 401 });
    await h.engine.sendMessage({ conversationId: c.id, text: 'draft kept' });
    expect(h.engine.openConversation({ id: c.id }).messages[0]!.status).toBe('error');
    h.fake.script({ type: 'text', text: 'Now it works' });
    const res = await h.engine.regenerate({ conversationId: c.id });
    expect(res.ok).toBe(true);
    const msgs = h.engine.openConversation({ id: c.id }).messages;
    expect(msgs.map((m) => [m.text, m.status])).toEqual([
      ['draft kept', 'complete'],
      ['Now it works', 'complete'],
    ]);
  });

  it('edit and resend replaces the message and what followed', async () => {
    const c = h.engine.createConversation({});
    h.fake.script(
      { type: 'text', text: 'A1' },
      { type: 'text', text: 'A2' },
      { type: 'text', text: 'A1 edited' },
    );
    await h.engine.sendMessage({ conversationId: c.id, text: 'Q1' });
    await h.engine.sendMessage({ conversationId: c.id, text: 'Q2' });
    const q1 = h.engine.openConversation({ id: c.id }).messages[0]!;
    const r = recorder();
    await h.engine.editAndResend({ conversationId: c.id, messageId: q1.id, text: 'Q1 better' }, r.opts());
    expect(r.types()[0]).toBe('user_saved');
    expect(h.engine.openConversation({ id: c.id }).messages.map((m) => m.text)).toEqual([
      'Q1 better',
      'A1 edited',
    ]);
    const q = h.fake.messageRequests().at(-1)!.body!.messages as Array<{ content: Array<{ text: string }> }>;
    expect(q).toHaveLength(1);
    expect(q[0]!.content[0]!.text).toBe('Q1 better');
  });

  it('attachments become context blocks sent to Claude and chips on the message', async () => {
    const t1 = createTalent(h.db, { fullName: 'Rohan Kulkarni', phone: '+91 98200 00000' }).id;
    const c = h.engine.createConversation({});
    await h.engine.sendMessage({
      conversationId: c.id,
      text: 'Is he right for the cop?',
      attachments: [{ kind: 'talent', id: t1, label: 'Rohan Kulkarni' }],
    });
    const m = h.engine.openConversation({ id: c.id }).messages[0]!;
    expect(m.attachments).toEqual([{ kind: 'talent', id: t1, label: 'Rohan Kulkarni' }]);
    expect(m.text).toBe('Is he right for the cop?');
    const sent = h.fake.messageRequests()[0]!.body!.messages as Array<{
      content: Array<Record<string, unknown>>;
    }>;
    expect(sent[0]!.content).toHaveLength(2);
    expect(String(sent[0]!.content[0]!.text)).toContain('Rohan Kulkarni');
    expect(sent[0]!.content[0]!.attachment).toBeUndefined(); // stripped before sending
    expect(JSON.stringify(sent)).not.toContain('98200'); // contact details stay in the app
  });
});

describe('settings, key and connection', () => {
  it('settings never expose the key; model defaults to the current Sonnet', async () => {
    const v = await h.engine.getSettings();
    expect(v.model).toBe('claude-sonnet-5-5');
    expect(v.hasApiKey).toBe(true);
    expect(JSON.stringify(v)).not.toContain(FAKE_API_KEY);
    expect(v.knownModels.map((m) => m.id)).toContain('claude-opus-5-5');
    const u = await h.engine.updateSettings({ model: 'claude-haiku-5-5' });
    expect(u.model).toBe('claude-haiku-5-5');
    expect(h.engine.createConversation({}).model).toBe('claude-haiku-5-5');
    await expect(h.engine.updateSettings({ maxTokens: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const cleared = await h.engine.setApiKey({ apiKey: null });
    expect(cleared.hasApiKey).toBe(false);
  });

  it('test connection: ok with the right key, AUTH with a wrong one, NO_API_KEY without', async () => {
    expect(await h.engine.testConnection({})).toMatchObject({
      ok: true,
      model: 'claude-sonnet-5-5',
      error: null,
    });
    expect(await testConnection({ apiKey: 'bad', baseURL: h.fake.url }, 'claude-sonnet-5-5')).toMatchObject({
      ok: false,
      error: { code: 'AUTH' },
    });
    await h.engine.setApiKey({ apiKey: null });
    expect(await h.engine.testConnection({})).toMatchObject({ ok: false, error: { code: 'NO_API_KEY' } });
  });

  it('the file secret store writes a 0600 file and says it is not encrypted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cm-key-'));
    const s = fileSecretStore(dir);
    expect(s.insecure).toBe(true);
    expect(await s.get()).toBeNull();
    await s.set('  sk-ant-abc  ');
    expect(await s.get()).toBe('sk-ant-abc');
    expect((await stat(s.path)).mode & 0o777).toBe(0o600);
    expect(await fileSecretStore(dir).get()).toBe('sk-ant-abc'); // read back by a fresh instance
    expect((await readFile(s.path, 'utf8')).trim()).toBe('sk-ant-abc');
    await s.set(null);
    expect(await fileSecretStore(dir).get()).toBeNull();
  });
});
