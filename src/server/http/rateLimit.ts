// Fixed-window counters, each window opened by its key's first hit: in Redis when there is one (shared by all
// instances), else in memory.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  retryAfterMs: number;
}

export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  close(): void;
}

export function createMemoryRateLimiter(): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
  }, 30_000);
  sweep.unref();
  return {
    async hit(key, limit, windowMs) {
      const now = Date.now();
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      return { allowed: w.count <= limit, retryAfterMs: w.count <= limit ? 0 : w.resetAt - now };
    },
    close() {
      clearInterval(sweep);
      windows.clear();
    },
  };
}

// One window per key, opened by the key's first hit (as in memory above), not aligned to the clock: an aligned
// window lets a burst straddling its edge get twice the limit. One script, so the open/count/expiry step is atomic
// across instances; the expiry is Redis's own clock, so instances' clocks need not agree.
const HIT_SCRIPT = `
redis.call('SET', KEYS[1], 0, 'PX', ARGV[1], 'NX')
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;
const HIT_SHA = createHash('sha1').update(HIT_SCRIPT).digest('hex');

export function createRedisRateLimiter(redis: Redis, prefix: string): RateLimiter {
  const run = async (k: string, windowMs: number): Promise<unknown> => {
    try {
      return await redis.evalsha(HIT_SHA, 1, k, windowMs);
    } catch (e) {
      // First use on this Redis (or after SCRIPT FLUSH / a restart): send the script itself, which caches it.
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      return await redis.eval(HIT_SCRIPT, 1, k, windowMs);
    }
  };
  return {
    async hit(key, limit, windowMs) {
      const r = await run(`${prefix}${key}`, Math.max(1, Math.ceil(windowMs)));
      const [count, ttl] = Array.isArray(r) ? r.map(Number) : [Number.NaN, 0];
      if (count === undefined || !Number.isFinite(count)) throw new Error('rate limit script gave no count');
      const allowed = count <= limit;
      return { allowed, retryAfterMs: allowed ? 0 : Math.max(0, ttl ?? 0) };
    },
    close() {},
  };
}
