// The Redis rate limiter: one count per key shared by every instance, in a window opened by the key's first hit
// (not aligned to the wall clock, which let a burst straddling an edge get twice the limit).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  type RateLimiter,
} from '../../src/server/http/rateLimit.ts';
import { REDIS_URL } from './helpers.ts';

const HOUR = 3_600_000;

async function hits(limiters: RateLimiter[], key: string, limit: number, windowMs: number, n: number) {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++)
    out.push((await limiters[i % limiters.length]!.hit(key, limit, windowMs)).allowed);
  return out;
}

if (!REDIS_URL)
  console.warn('[server tests] REDIS_URL is not set: the Redis rate limiter tests did NOT run.');

describe.runIf(REDIS_URL)('Redis rate limiter', () => {
  const prefix = `cmtest-rl-${process.pid}-${randomBytes(3).toString('hex')}:`;
  let a: Redis;
  let b: Redis;
  let one: RateLimiter;
  let two: RateLimiter;
  beforeAll(() => {
    // Two connections, as two server instances have.
    a = new Redis(REDIS_URL!, { lazyConnect: false });
    b = new Redis(REDIS_URL!, { lazyConnect: false });
    one = createRedisRateLimiter(a, prefix);
    two = createRedisRateLimiter(b, prefix);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    const keys = await a.keys(`${prefix}*`);
    if (keys.length) await a.del(...keys);
    a.disconnect();
    b.disconnect();
  });

  it('shares one count between instances', async () => {
    expect(await hits([one, two], 'shared', 3, HOUR, 6)).toEqual([true, true, true, false, false, false]);
    // Another key has its own count.
    expect(await hits([two, one], 'other', 3, HOUR, 1)).toEqual([true]);
  });

  it('answers a refusal with the time left in the window that the first hit opened', async () => {
    const d = await hits([one], 'retry', 1, HOUR, 1);
    expect(d).toEqual([true]);
    const refused = await two.hit('retry', 1, HOUR);
    expect(refused.allowed).toBe(false);
    // The window opened a moment ago: nearly all of the hour is left (an hour-aligned window could have any).
    expect(refused.retryAfterMs).toBeGreaterThan(HOUR / 2);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(HOUR);
    // The key expires with its window, so the count restarts then.
    const ttl = await a.pttl(`${prefix}retry`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(HOUR);
  });

  it('does not restart the count at a wall-clock window edge', async () => {
    const windowMs = 60_000;
    const edge = Math.ceil((Date.now() + windowMs) / windowMs) * windowMs;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(edge - 1); // the instances' clocks read just before an aligned edge…
    expect(await hits([one, two], 'edge', 2, windowMs, 2)).toEqual([true, true]);
    vi.setSystemTime(edge + 1); // …and just after it: still the same window, opened by the first hit
    const after = await one.hit('edge', 2, windowMs);
    expect(after.allowed).toBe(false);
    expect(after.retryAfterMs).toBeGreaterThan(windowMs / 2);
  });
});

describe('memory rate limiter', () => {
  it('opens a window at the first hit and refuses past the limit', async () => {
    const m = createMemoryRateLimiter();
    try {
      expect(await hits([m], 'k', 2, HOUR, 3)).toEqual([true, true, false]);
      const refused = await m.hit('k', 2, HOUR);
      expect(refused.retryAfterMs).toBeGreaterThan(HOUR / 2);
    } finally {
      m.close();
    }
  });
});
