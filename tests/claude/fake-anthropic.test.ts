import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_API_KEY, type FakeAnthropic, startFakeAnthropic } from '../support/fake-anthropic.ts';

let fake: FakeAnthropic;
let client: Anthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: FAKE_API_KEY, baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());

describe('fake Anthropic server', () => {
  it('streams text in chunks with event lines the SDK parses', async () => {
    fake.script({ type: 'text', text: ['Hel', 'lo ', 'there'] });
    const deltas: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    stream.on('text', (d) => deltas.push(d));
    const msg = await stream.finalMessage();
    expect(deltas).toEqual(['Hel', 'lo ', 'there']);
    expect(msg.content).toEqual([{ type: 'text', text: 'Hello there' }]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage.input_tokens).toBeGreaterThan(0);
  });

  it('every data line is preceded by an event line', async () => {
    fake.script({
      type: 'tool_use',
      text: 'Looking',
      tools: [{ name: 'search_talent', input: { text: 'Marathi' } }],
    });
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': FAKE_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'm',
        max_tokens: 10,
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    const raw = await res.text();
    const frames = raw.split('\n\n').filter(Boolean);
    const names = frames.map((f) => {
      const lines = f.split('\n');
      expect(lines[0]).toMatch(/^event: /);
      expect(lines[1]).toMatch(/^data: /);
      return lines[0]!.slice(7);
    });
    expect(names[0]).toBe('message_start');
    expect(names.at(-1)).toBe('message_stop');
    expect(names).toContain('message_delta');
    expect(raw).toContain('input_json_delta');
  });

  it('assembles tool_use input from input_json_delta', async () => {
    fake.script({
      type: 'tool_use',
      tools: [{ id: 'toolu_1', name: 'get_talent', input: { id: 'abc-123', extra: [1, 2] } }],
    });
    const msg = await client.messages
      .stream({ model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.content[0]).toMatchObject({
      type: 'tool_use',
      id: 'toolu_1',
      name: 'get_talent',
      input: { id: 'abc-123', extra: [1, 2] },
    });
  });

  it('answers non-streaming requests with a JSON message', async () => {
    fake.script({ type: 'text', text: 'Summary.' });
    const msg = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(msg.content).toEqual([{ type: 'text', text: 'Summary.' }]);
  });

  it('returns error bodies with status and retry-after', async () => {
    fake.script({ type: 'error', status: 429, retryAfter: 7 });
    const err = await client.messages
      .create({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const e = err as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.headers.get('retry-after')).toBe('7');
    expect(e.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('answers 401 for a wrong key', async () => {
    const bad = new Anthropic({ apiKey: 'nope', baseURL: fake.url, maxRetries: 0 });
    const err = await bad.models.retrieve('claude-sonnet-5-5').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('cuts the stream mid-answer', async () => {
    fake.script({ type: 'cut', text: ['Part', 'ial'] });
    const deltas: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    stream.on('text', (d) => deltas.push(d));
    const err = await stream.finalMessage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(deltas.join('')).toBe('Partial');
  });
});

describe('fake Anthropic control endpoints (for E2E in another process)', () => {
  it('scripts replies over HTTP and lists requests', async () => {
    const res = await fetch(`${fake.url}/_fake/script`, {
      method: 'POST',
      body: JSON.stringify([{ type: 'text', text: ['via ', 'http'] }]),
    });
    expect(await res.json()).toEqual({ pending: 1 });
    const msg = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(msg.content).toEqual([{ type: 'text', text: 'via http' }]);
    const reqs = (await (await fetch(`${fake.url}/_fake/requests`)).json()) as Array<{ path: string }>;
    expect(reqs.at(-1)!.path).toBe('/v1/messages');
    await fetch(`${fake.url}/_fake/reset`, { method: 'POST' });
    expect(fake.requests).toHaveLength(0);
  });
});
