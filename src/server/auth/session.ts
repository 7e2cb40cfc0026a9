// What a sign-in issues (an access token and a rotating refresh token, one session row) and how often one
// may be tried. Used by the sign-in routes (routes.ts) and by accepting an invite (invites.ts).

import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../shared/sync/protocol.ts';
import type { OfficeTx, ServerContext } from '../context.ts';
import { offices, refreshTokens } from '../db/schema.ts';
import { rateLimit } from './guard.ts';
import { hashToken, newOpaqueToken } from './tokens.ts';

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: { id: string; officeId: string; role: Role; email: string; displayName: string };
  /** The office signed in to, so that a desktop can show its name (not only the one that created it). */
  office?: { id: string; name: string };
}

/** The account a session is issued for. */
export interface SessionUser {
  id: string;
  officeId: string;
  role: Role;
  tokenVersion: number;
  email: string;
  displayName: string;
}

/** The window of the sign-in rate limits (per address, and per account from one address). */
export const LOGIN_WINDOW_MS = 15 * 60_000;

export async function issueSession(
  ctx: ServerContext,
  tx: OfficeTx,
  user: SessionUser,
  deviceId: string,
  familyId: string,
): Promise<Session> {
  const { config, signer } = ctx;
  const refreshToken = newOpaqueToken();
  const sessionId = uuidv7();
  await tx.orm.insert(refreshTokens).values({
    id: sessionId,
    officeId: user.officeId,
    userId: user.id,
    familyId,
    deviceId,
    tokenHash: hashToken(refreshToken),
    expiresAt: new Date(Date.now() + config.refreshTokenTtlDays * 86_400_000),
  });
  const accessToken = await signer.sign({
    userId: user.id,
    officeId: user.officeId,
    role: user.role,
    deviceId,
    tokenVersion: user.tokenVersion,
    sessionId,
  });
  const [office] = await tx.orm
    .select({ id: offices.id, name: offices.name })
    .from(offices)
    .where(eq(offices.id, user.officeId));
  return {
    accessToken,
    refreshToken,
    expiresIn: signer.ttlSeconds,
    ...(office ? { office } : {}),
    user: {
      id: user.id,
      officeId: user.officeId,
      role: user.role,
      email: user.email,
      displayName: user.displayName,
    },
  };
}

// Per IP, and per account from that IP: a stranger guessing at a casting director's account locks out only
// their own address, never the owner signing in from elsewhere. Guessing from many addresses is bounded by
// each address's own limit and by argon2's cost.
export async function limitLogin(ctx: ServerContext, req: FastifyRequest, account: string): Promise<void> {
  const { config } = ctx;
  await rateLimit(ctx, `login-ip:${req.ip}`, config.limits.loginPerIp, LOGIN_WINDOW_MS);
  await rateLimit(
    ctx,
    `login-account:${account}\u0000${req.ip}`,
    config.limits.loginPerAccount,
    LOGIN_WINDOW_MS,
  );
}
