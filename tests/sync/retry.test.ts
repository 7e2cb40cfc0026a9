// The sync client's one retry loop (sync/retry.ts), under its JSON and blob requests: scripted answers in,
// the attempts, waits and token refreshes it makes out.
import { describe, expect, it } from 'vitest';
import { type Attempt, retryAfterMs, withRetries } from '../../src/backend/sync/retry.ts';

const err = (status: number, retryAfter = 1000): Attempt => ({
  kind: 'error',
  status,
  code: `code_${status}`,
  message: `HTTP ${status}`,
  retryAfterMs: retryAfter,
});
const OK: Attempt = { kind: 'ok' };
const DOWN: Attempt = { kind: 'network', message: 'ECONNREFUSED' };

/** Runs the loop over `answers` in order; returns what came back and what it did. */
async function run(answers: Attempt[], opts: { attempts?: number; refresh?: boolean[] } = {}) {
  const waits: number[] = [];
  const refreshes = [...(opts.refresh ?? [true])];
  let calls = 0;
  const result = await withRetries(async () => answers[calls++] ?? OK, {
    attempts: opts.attempts ?? 3,
    wait: async (ms) => {
      waits.push(ms);
    },
    refresh: async () => refreshes.shift() ?? false,
  });
  return { result, calls, waits };
}

describe('sync retries', () => {
  it('answers at once when the first attempt succeeds', async () => {
    expect(await run([OK])).toEqual({ result: OK, calls: 1, waits: [] });
  });

  it('waits Retry-After on a 429 without spending an attempt', async () => {
    const r = await run([err(429, 7000), err(429, 2000), DOWN, DOWN, OK]);
    expect(r.result).toEqual(OK);
    expect(r.calls).toBe(5);
    expect(r.waits.slice(0, 2)).toEqual([7000, 2000]);
  });

  it('refreshes the token once on a 401, and returns the second 401', async () => {
    expect((await run([err(401), OK])).result).toEqual(OK);
    const twice = await run([err(401), err(401)], { refresh: [true, true] });
    expect(twice.result).toMatchObject({ kind: 'error', status: 401 });
    expect(twice.calls).toBe(2);
    const refused = await run([err(401)], { refresh: [false] });
    expect(refused).toMatchObject({ result: { kind: 'error', status: 401 }, calls: 1 });
  });

  it('returns any other 4xx at once', async () => {
    expect(await run([err(409)])).toMatchObject({
      result: { kind: 'error', status: 409 },
      calls: 1,
      waits: [],
    });
  });

  it('retries 5xx and network failures with backoff, then says network, with the server status if it answered', async () => {
    const five = await run([err(503), err(500), err(502)]);
    expect(five.calls).toBe(3);
    expect(five.waits).toHaveLength(2);
    for (const [i, w] of five.waits.entries()) expect(w).toBeLessThanOrEqual(250 * 2 ** (i + 1));
    expect(five.result).toEqual({ kind: 'network', message: '502 code_502: HTTP 502', status: 502 });
    const down = await run([DOWN, DOWN, DOWN]);
    expect(down).toMatchObject({ result: DOWN, calls: 3 });
    expect((await run([DOWN, err(500), OK])).result).toEqual(OK);
  });

  it('reads Retry-After in seconds, at most an hour, 1 s when missing or unreadable', () => {
    const h = (v?: string) => new Headers(v === undefined ? {} : { 'retry-after': v });
    expect([h('30'), h('99999'), h(), h('soon'), h('0')].map(retryAfterMs)).toEqual([
      30_000, 3_600_000, 1000, 1000, 1000,
    ]);
  });
});
