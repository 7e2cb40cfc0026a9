// GET /v1/team: the office's people and the devices they signed in on, for Settings → Team and for naming who
// made a change in the desktop's activity feed (cells carry the device, not the person). Office-scoped (officeTx:
// row-level security on the caller's office) and readable by every role, like GET /v1/users; changing a role,
// disabling and inviting stay admin-only (PATCH /v1/users/:id, POST /v1/invites). A device is known from its
// sign-ins (refresh tokens): active while one of them is neither revoked nor expired.
import { asc, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { refreshTokens, users } from '../db/schema.ts';
import { authOf, requireAuth } from './guard.ts';

export function registerTeamRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const auth = requireAuth(ctx);
  app.get('/v1/team', { preHandler: auth }, async (req) =>
    ctx.officeTx(authOf(req), async (tx) => {
      const people = await tx.orm
        .select({
          id: users.id,
          email: users.email,
          displayName: users.displayName,
          role: users.role,
          disabledAt: users.disabledAt,
          createdAt: users.createdAt,
        })
        .from(users)
        .orderBy(asc(users.createdAt));
      const devices = await tx.orm
        .select({
          deviceId: refreshTokens.deviceId,
          userId: refreshTokens.userId,
          firstSeenAt: sql<Date>`min(${refreshTokens.createdAt})`.mapWith((v: string | Date) => new Date(v)),
          lastSeenAt: sql<Date>`max(${refreshTokens.createdAt})`.mapWith((v: string | Date) => new Date(v)),
          active: sql<boolean>`bool_or(${refreshTokens.revokedAt} IS NULL AND ${refreshTokens.expiresAt} > now())`,
        })
        .from(refreshTokens)
        .groupBy(refreshTokens.deviceId, refreshTokens.userId)
        .orderBy(sql`max(${refreshTokens.createdAt}) DESC`);
      return {
        users: people.map((u) => ({
          id: u.id,
          email: u.email,
          displayName: u.displayName,
          role: u.role,
          disabled: u.disabledAt !== null,
          joinedAt: u.createdAt.toISOString(),
        })),
        devices: devices.map((d) => ({
          deviceId: d.deviceId,
          userId: d.userId,
          firstSeenAt: d.firstSeenAt.toISOString(),
          lastSeenAt: d.lastSeenAt.toISOString(),
          active: d.active === true,
        })),
      };
    }),
  );
}
