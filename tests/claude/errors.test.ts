import { afterEach, describe, expect, it } from 'vitest';
import { ChatError } from '../../src/backend/claude/errors.ts';
import { withRetries } from '../../src/backend/claude/retry.ts';
import { freePort } from '../support/free-port.ts';
import { type Harness, harness, recorder } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function sendExpectingError(text = 'Find me a Marathi speaker') {
  const c = h!.engine.createConversation({});
  const r = recorder();
  const res = await h!.engine.sendMessage({ conversationId: c.id, text }, r.opts());
  const detail = h!.engine.openConversation({ id: c.id });
  return { res, r, detail };
}

function expectUserKept(
  detail: { messages: Array<{ role: string; text: string; status: string; error: { code: string } | null }> },
  code: string,
  text = 'Find me a Marathi speaker',
) {
  expect(detail.messages).toHaveLength(1);
  expect(detail.messages[0]).toMatchObject({ role: 'user', text, status: 'error', error: { code } });
}

describe('chat errors keep the user text and say what happened', () => {
  it('NO_API_KEY: nothing is sent', async () => {
    h = await harness({ apiKey: null });
    const { res, r, detail } = await sendExpectingError();
    expect(res).toMatchObject({ ok: false, code: 'NO_API_KEY' });
    expect(r.of('error')[0]!.message).toMatch(/API key/);
    expect(h.fake.messageRequests()).toHaveLength(0);
    expectUserKept(detail, 'NO_API_KEY');
  });

  it('AUTH on 401 (wrong key)', async () => {
    h = await harness({ apiKey: 'sk-ant-wrong' });
    const { res, detail } = await sendExpectingError();
    expect(res).toMatchObject({ ok: false, code: 'AUTH' });
    expect(h.fake.messageRequests()).toHaveLength(1); // not retried
    expectUserKept(detail, 'AUTH');
  });

  it('AUTH on 403', async () => {
    h = await harness();
    h.fake.script({ type: 'error', status: 403, message: 'Key lacks permission' });
    const { res, detail } = await sendExpectingError();
    expect(res).toMatchObject({ ok: false, code: 'AUTH' });
    expect((res as { message: string }).message).toContain('Key lacks permission');
    expectUserKept(detail, 'AUTH');
  });

  it('429 honours retry-after, announces the countdown, then succeeds', async () => {
    h = await harness();
    h.fake.script({ type: 'error', status: 429, retryAfter: 1 }, { type: 'text', text: 'Here you go' });
    const c = h.engine.createConversation({});
    const r = recorder();
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'hi' }, r.opts());
    expect(res.ok).toBe(true);
    expect(r.of('retrying')).toEqual([
      { type: 'retrying', attempt: 2, maxAttempts: 4, inSeconds: 1, code: 'RATE_LIMITED' },
    ]);
    const [a, b] = h.fake.messageRequests();
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
    expect(h.engine.openConversation({ id: c.id }).messages.map((m) => m.status)).toEqual([
      'complete',
      'complete',
    ]);
  });

  it('RATE_LIMITED after the retries run out', async () => {
    h = await harness();
    for (let i = 0; i < 4; i++) h.fake.script({ type: 'error', status: 429 });
    const { res, r, detail } = await sendExpectingError();
    expect(res).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(r.of('retrying').map((e) => e.attempt)).toEqual([2, 3, 4]);
    expect(h.fake.messageRequests()).toHaveLength(4);
    expectUserKept(detail, 'RATE_LIMITED');
  });

  it('OVERLOADED (529) after retries', async () => {
    h = await harness();
    for (let i = 0; i < 4; i++) h.fake.script({ type: 'error', status: 529, retryAfter: 0 });
    const { res, detail } = await sendExpectingError();
    expect(res).toMatchObject({ ok: false, code: 'OVERLOADED' });
    expectUserKept(detail, 'OVERLOADED');
  });

  it('OFFLINE when the connection is refused: the draft is kept', async () => {
    h = await harness({ baseURL: `http://127.0.0.1:${await freePort()}` });
    const { res, detail } = await sendExpectingError();
    expect(res).toMatchObject({ ok: false, code: 'OFFLINE' });
    expectUserKept(detail, 'OFFLINE');
  });

  it('CONTEXT_TOO_LONG on the API’s prompt-too-long error', async () => {
    h = await harness();
    h.fake.script({
      type: 'error',
      status: 400,
      message: 'prompt is too long: 215000 tokens > 200000 maximum',
    });
    const { res, detail } = await sendExpectingError();
    expect(res).toMatchObject({ ok: false, code: 'CONTEXT_TOO_LONG' });
    expectUserKept(detail, 'CONTEXT_TOO_LONG');
  });

  it('STREAM_INTERRUPTED: a cut stream keeps the partial answer, marked partial', async () => {
    h = await harness();
    h.fake.script({ type: 'cut', text: ['Three actors ', 'fit: Priya, '] });
    const c = h.engine.createConversation({});
    const r = recorder();
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'who fits?' }, r.opts());
    expect(res).toMatchObject({ ok: false, code: 'STREAM_INTERRUPTED' });
    const err = r.of('error')[0]!;
    expect(err.partialMessage).toMatchObject({ status: 'partial', text: 'Three actors fit: Priya,' });
    const msgs = h.engine.openConversation({ id: c.id }).messages;
    expect(msgs.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'partial'],
    ]);
    expect(msgs[1]!.error?.code).toBe('STREAM_INTERRUPTED');
    // The partial answer goes back to Claude marked as interrupted.
    await h.engine.sendMessage({ conversationId: c.id, text: 'go on' });
    const sent = JSON.stringify(h.fake.messageRequests().at(-1)!.body!.messages);
    expect(sent).toContain('Three actors fit: Priya, ');
    expect(sent).toContain('[answer interrupted]');
  });

  it('a stream that goes silent mid-answer is cut after the idle timeout, partial kept', async () => {
    h = await harness({ idleTimeoutMs: 300 });
    // The same reply for every attempt: on a loaded machine the idle timer can fire before the first event
    // is read, and that attempt is retried (nothing shown yet); the one that gets its events ends as below.
    const stall = () => ({ type: 'stall' as const, text: ['Waiting for ', 'the net'] });
    h.fake.script(stall(), stall(), stall(), stall());
    const c = h.engine.createConversation({});
    // The fake never sends the rest: only the idle timeout can end this call (the test's own timeout is
    // the runaway bound), and it ends as an interruption with the partial text kept.
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'x' });
    expect(res).toMatchObject({ ok: false, code: 'STREAM_INTERRUPTED' });
    expect(h.engine.openConversation({ id: c.id }).messages[1]).toMatchObject({
      status: 'partial',
      text: 'Waiting for the net',
    });
  });

  it('a request that never answers is retried, then fails as OFFLINE with the draft kept', async () => {
    h = await harness({ idleTimeoutMs: 200 });
    for (let i = 0; i < 4; i++) h.fake.script({ type: 'hang' });
    const r = recorder();
    const c = h.engine.createConversation({});
    const res = await h.engine.sendMessage(
      { conversationId: c.id, text: 'Find me a Marathi speaker' },
      r.opts(),
    );
    expect(res).toMatchObject({ ok: false, code: 'OFFLINE' });
    expect(r.of('retrying').length).toBe(3);
    expectUserKept(h.engine.openConversation({ id: c.id }), 'OFFLINE');
  });

  it('a mid-stream error event after some text is kept as partial too', async () => {
    h = await harness();
    h.fake.script({ type: 'stream_error', text: ['Partial '], errorType: 'overloaded_error' });
    const c = h.engine.createConversation({});
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'x' });
    expect(res).toMatchObject({ ok: false, code: 'STREAM_INTERRUPTED' });
    expect(h.engine.openConversation({ id: c.id }).messages[1]).toMatchObject({
      status: 'partial',
      text: 'Partial',
    });
  });

  it('stop (AbortSignal) keeps what was streamed as a partial answer', async () => {
    h = await harness();
    h.fake.script({ type: 'text', text: ['one ', 'two ', 'three ', 'four ', 'five'], delayMs: 80 });
    const c = h.engine.createConversation({});
    const ctl = new AbortController();
    const r = recorder({ signal: ctl.signal });
    const opts = r.opts();
    const onEvent = opts.onEvent!;
    opts.onEvent = (e) => {
      onEvent(e);
      if (e.type === 'text' && e.delta === 'two ') ctl.abort();
    };
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'count' }, opts);
    expect(res.ok).toBe(true);
    const done = r.of('done')[0]!;
    expect(done.message.status).toBe('partial');
    expect(done.message.text).toBe('one two');
    expect(h.engine.isRunning(c.id)).toBe(false);
  });

  it('engine.stop() stops a retry countdown', async () => {
    h = await harness();
    h.fake.script({ type: 'error', status: 529, retryAfter: 60 });
    const c = h.engine.createConversation({});
    const r = recorder();
    const opts = r.opts();
    const onEvent = opts.onEvent!;
    opts.onEvent = (e) => {
      onEvent(e);
      if (e.type === 'retrying') h!.engine.stop(c.id);
    };
    // The server asked for a 60 s wait, which the client honours: only Stop can end the call within
    // the test's 30 s timeout.
    const res = await h.engine.sendMessage({ conversationId: c.id, text: 'x' }, opts);
    expect(res).toMatchObject({ ok: false, code: 'STOPPED' });
    // Stopped before any answer: the user message stays as sent (regenerate can answer it).
    expect(h.engine.openConversation({ id: c.id }).messages[0]!.status).toBe('complete');
  });

  it('BUSY for a second send in the same conversation', async () => {
    h = await harness();
    h.fake.script({ type: 'text', text: ['a', 'b'], delayMs: 100 });
    const c = h.engine.createConversation({});
    const first = h.engine.sendMessage({ conversationId: c.id, text: 'one' });
    await expect(h.engine.sendMessage({ conversationId: c.id, text: 'two' })).rejects.toMatchObject({
      code: 'BUSY',
    });
    await first;
  });

  it('rejects bad input before saving anything', async () => {
    h = await harness();
    const c = h.engine.createConversation({});
    await expect(h.engine.sendMessage({ conversationId: c.id, text: '   ' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(h.engine.sendMessage({ conversationId: 'nope', text: 'hi' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(h.engine.openConversation({ id: c.id }).messages).toHaveLength(0);
  });
});

describe('withRetries', () => {
  it('does not retry a non-retryable error', async () => {
    let n = 0;
    await expect(
      withRetries(async () => {
        n++;
        throw new ChatError('AUTH', 'no');
      }, {}),
    ).rejects.toMatchObject({ code: 'AUTH' });
    expect(n).toBe(1);
  });

  it('gives up at once when retry-after is longer than the limit', async () => {
    let n = 0;
    await expect(
      withRetries(
        async () => {
          n++;
          throw new ChatError('RATE_LIMITED', 'slow down', { retryable: true, retryAfterSeconds: 3600 });
        },
        { policy: { maxRetryAfterSeconds: 60 } },
      ),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(n).toBe(1);
  });
});
