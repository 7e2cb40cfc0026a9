// Bearer-token check and per-user rate limit, as a Fastify preHandler.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { ServerError, unauthorized } from '../http/errors.ts';
import type { AccessClaims } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AccessClaims | null;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1];
}

export async function rateLimit(
  ctx: ServerContext,
  key: string,
  limit: number,
  windowMs: number,
): Promise<void> {
  const d = await ctx.limiter.hit(key, limit, windowMs);
  if (!d.allowed) {
    ctx.metrics.rateLimited.inc({ scope: key.split(':')[0] ?? 'other' });
    const retryAfterSeconds = Math.max(1, Math.ceil(d.retryAfterMs / 1000));
    throw new ServerError(429, 'rate_limited', `Too many requests: retry in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}

export function requireAuth(ctx: ServerContext) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      ctx.metrics.authFailures.inc({ reason: 'missing' });
      throw unauthorized('Missing bearer token.');
    }
    try {
      req.auth = await ctx.signer.verify(token);
    } catch (e) {
      ctx.metrics.authFailures.inc({ reason: e instanceof ServerError ? e.code : 'invalid' });
      throw e;
    }
    await rateLimit(ctx, `user:${req.auth.userId}`, ctx.config.limits.requestsPerMinutePerUser, 60_000);
  };
}

/** The verified caller; only valid on routes behind requireAuth. */
export function authOf(req: FastifyRequest): AccessClaims {
  if (!req.auth) throw unauthorized();
  return req.auth;
}
