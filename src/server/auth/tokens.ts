// Access tokens: short-lived JWTs (HS256 only, issuer and audience checked). Refresh tokens and invite codes:
// random opaque strings of which the server stores only a SHA-256 hash.
import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { type Role, roleSchema } from '../../shared/sync/protocol.ts';
import { ServerError } from '../http/errors.ts';

export const JWT_ALG = 'HS256';

export interface AccessClaims {
  userId: string;
  officeId: string;
  role: Role;
  deviceId: string;
  tokenVersion: number;
  /**
   * The refresh-token row issued together with this access token (its sign-in). Checked on every request, so
   * revoking the family (reuse of a refresh token, sign-out) refuses its access tokens at once, not at expiry.
   */
  sessionId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const payloadSchema = z.object({
  sub: z.string().uuid(),
  oid: z.string().uuid(),
  role: roleSchema,
  dev: z.string().min(1),
  tv: z.number().int().nonnegative(),
  sid: z.string().uuid(),
  exp: z.number().int(),
});

export interface TokenSigner {
  sign(claims: Omit<AccessClaims, 'exp'>): Promise<string>;
  verify(token: string): Promise<AccessClaims>;
  readonly ttlSeconds: number;
}

export function createTokenSigner(opts: {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}): TokenSigner {
  const key = new TextEncoder().encode(opts.secret);
  return {
    ttlSeconds: opts.ttlSeconds,
    async sign(c) {
      return new SignJWT({
        oid: c.officeId,
        role: c.role,
        dev: c.deviceId,
        tv: c.tokenVersion,
        sid: c.sessionId,
      })
        .setProtectedHeader({ alg: JWT_ALG, typ: 'JWT' })
        .setSubject(c.userId)
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .setIssuedAt()
        .setExpirationTime(`${opts.ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [JWT_ALG],
          issuer: opts.issuer,
          audience: opts.audience,
          requiredClaims: ['exp', 'iat', 'sub'],
        }));
      } catch (e) {
        if (e instanceof errors.JWTExpired)
          throw new ServerError(401, 'token_expired', 'Access token expired: refresh it.');
        throw new ServerError(401, 'unauthorized', 'Invalid access token.');
      }
      const p = payloadSchema.safeParse(payload);
      if (!p.success) throw new ServerError(401, 'unauthorized', 'Invalid access token claims.');
      return {
        userId: p.data.sub,
        officeId: p.data.oid,
        role: p.data.role,
        deviceId: p.data.dev,
        tokenVersion: p.data.tv,
        sessionId: p.data.sid,
        exp: p.data.exp,
      };
    },
  };
}

/** A new opaque secret (refresh token or invite code): 32 random bytes, base64url. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
