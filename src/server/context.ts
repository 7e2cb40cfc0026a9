// What every route module needs, built once per server instance.
import { and, eq } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Role } from '../shared/sync/protocol.ts';
import type { AccessClaims, TokenSigner } from './auth/tokens.ts';
import type { ServerConfig } from './config.ts';
import { type Db, withOffice } from './db/pool.ts';
import { refreshTokens, users } from './db/schema.ts';
import { ServerError } from './http/errors.ts';
import type { RateLimiter } from './http/rateLimit.ts';
import type { ServerMetrics } from './metrics.ts';
import type { Bus } from './realtime/bus.ts';

export interface CurrentUser {
  id: string;
  officeId: string;
  role: Role;
  tokenVersion: number;
}

export interface OfficeTx {
  client: pg.PoolClient;
  orm: NodePgDatabase;
}

export interface ServerContext {
  config: ServerConfig;
  db: Db;
  bus: Bus;
  limiter: RateLimiter;
  signer: TokenSigner;
  metrics: ServerMetrics;
  /** A transaction scoped to the caller's office, after checking the user still exists, is enabled, did not sign out everywhere, and the token's sign-in (refresh-token family) is not revoked. */
  officeTx<T>(auth: AccessClaims, fn: (tx: OfficeTx, user: CurrentUser) => Promise<T>): Promise<T>;
  /** A transaction scoped to an office known from a verified secret (refresh token, invite code). */
  scopedTx<T>(officeId: string, fn: (tx: OfficeTx) => Promise<T>): Promise<T>;
}

export function buildContext(parts: Omit<ServerContext, 'officeTx' | 'scopedTx'>): ServerContext {
  const scopedTx = <T>(officeId: string, fn: (tx: OfficeTx) => Promise<T>) =>
    withOffice(parts.db.app, officeId, (client) => fn({ client, orm: drizzle({ client }) }));
  return {
    ...parts,
    scopedTx,
    officeTx(auth, fn) {
      return scopedTx(auth.officeId, async (tx) => {
        // The sign-in (refresh-token row) the access token came with: revoking its family refuses it at once.
        const [row] = await tx.orm
          .select({
            role: users.role,
            tokenVersion: users.tokenVersion,
            disabledAt: users.disabledAt,
            sessionRevokedAt: refreshTokens.revokedAt,
            sessionUser: refreshTokens.userId,
          })
          .from(users)
          .leftJoin(refreshTokens, eq(refreshTokens.id, auth.sessionId))
          .where(and(eq(users.id, auth.userId), eq(users.officeId, auth.officeId)));
        if (
          !row ||
          row.disabledAt !== null ||
          row.tokenVersion !== auth.tokenVersion ||
          row.sessionUser !== auth.userId ||
          row.sessionRevokedAt !== null
        ) {
          parts.metrics.authFailures.inc({ reason: 'revoked' });
          throw new ServerError(401, 'unauthorized', 'Session revoked: sign in again.');
        }
        return fn(tx, {
          id: auth.userId,
          officeId: auth.officeId,
          role: row.role as Role,
          tokenVersion: row.tokenVersion,
        });
      });
    },
  };
}
