// Fixed-window counters: in Redis when there is one (shared by all instances), else in memory.
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

export function createRedisRateLimiter(redis: Redis, prefix: string): RateLimiter {
  return {
    async hit(key, limit, windowMs) {
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      const k = `${prefix}${key}:${window}`;
      const r = await redis.multi().incr(k).pexpire(k, windowMs).exec();
      const count = Number(r?.[0]?.[1] ?? 0);
      const resetAt = (window + 1) * windowMs;
      return { allowed: count <= limit, retryAfterMs: count <= limit ? 0 : resetAt - now };
    },
    close() {},
  };
}
