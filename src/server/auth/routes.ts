// Offices, login, refresh-token rotation, sign-out; then the office's users (users.ts) and invites (invites.ts).
// Sessions are issued by session.ts.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { deviceIdSchema, type Role } from '../../shared/sync/protocol.ts';
import type { ServerContext } from '../context.ts';
import { refreshTokens, users } from '../db/schema.ts';
import { forbidden, parseBody, ServerError } from '../http/errors.ts';
import { displayNameSchema, emailSchema, isUniqueViolation, passwordSchema } from './accounts.ts';
import { authOf, rateLimit, requireAuth } from './guard.ts';
import { registerInviteRoutes } from './invites.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { issueSession, LOGIN_WINDOW_MS, limitLogin, type Session } from './session.ts';
import { hashToken } from './tokens.ts';
import { registerUserRoutes } from './users.ts';

const createOfficeSchema = z
  .object({
    officeName: z.string().trim().min(1).max(120),
    email: emailSchema,
    password: passwordSchema,
    displayName: displayNameSchema,
    deviceId: deviceIdSchema,
  })
  .strict();
const loginSchema = z
  .object({ email: emailSchema, password: z.string().min(1).max(256), deviceId: deviceIdSchema })
  .strict();
const refreshSchema = z
  .object({ refreshToken: z.string().min(1).max(200), deviceId: deviceIdSchema })
  .strict();
const logoutSchema = z.object({ refreshToken: z.string().min(1).max(200) }).strict();

export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { config } = ctx;
  const auth = requireAuth(ctx);

  app.post('/v1/offices', async (req, reply) => {
    if (
      config.signupSecret !== undefined &&
      req.headers['x-castmatch-signup-secret'] !== config.signupSecret
    ) {
      throw forbidden('Creating an office needs the signup secret of this server.');
    }
    await rateLimit(ctx, `login-ip:${req.ip}`, config.limits.loginPerIp, LOGIN_WINDOW_MS);
    const body = parseBody(createOfficeSchema, req.body);
    const taken = await ctx.db.app.query<{ taken: boolean }>(
      'SELECT castmatch.auth_email_taken($1) AS taken',
      [body.email],
    );
    if (taken.rows[0]?.taken)
      throw new ServerError(409, 'conflict', 'An account with this email already exists.');
    const passwordHash = await hashPassword(body.password);
    const officeId = uuidv7();
    const userId = uuidv7();
    try {
      const session = await ctx.scopedTx(officeId, async (tx) => {
        await tx.client.query('SELECT castmatch.create_office($1, $2)', [officeId, body.officeName]);
        await tx.orm.insert(users).values({
          id: userId,
          officeId,
          email: body.email,
          displayName: body.displayName,
          passwordHash,
          role: 'admin',
        });
        const user = { id: userId, officeId, role: 'admin' as const, tokenVersion: 0, ...body };
        return issueSession(ctx, tx, user, body.deviceId, uuidv7());
      });
      return reply.code(201).send({ ...session, office: { id: officeId, name: body.officeName } });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ServerError(409, 'conflict', 'An account with this email already exists.');
      throw e;
    }
  });

  app.post('/v1/auth/login', async (req) => {
    const raw = req.body as { email?: unknown } | undefined;
    // Count the attempt before validating, so malformed floods are limited too.
    await limitLogin(
      ctx,
      req,
      typeof raw?.email === 'string' ? raw.email.trim().toLowerCase().slice(0, 254) : '',
    );
    const body = parseBody(loginSchema, req.body);
    const found = await ctx.db.app.query<{
      id: string;
      office_id: string;
      password_hash: string;
      role: Role;
      token_version: number;
      disabled: boolean;
    }>('SELECT * FROM castmatch.auth_find_user($1)', [body.email]);
    const row = found.rows[0];
    const ok = await verifyPassword(row?.password_hash, body.password);
    if (!row || !ok || row.disabled) {
      ctx.metrics.authFailures.inc({ reason: 'bad_password' });
      throw new ServerError(401, 'invalid_credentials', 'Wrong email or password.');
    }
    return ctx.scopedTx(row.office_id, async (tx) => {
      const [u] = await tx.orm
        .select({ email: users.email, displayName: users.displayName })
        .from(users)
        .where(eq(users.id, row.id));
      if (!u) throw new ServerError(401, 'invalid_credentials', 'Wrong email or password.');
      const user = {
        id: row.id,
        officeId: row.office_id,
        role: row.role,
        tokenVersion: row.token_version,
        ...u,
      };
      return issueSession(ctx, tx, user, body.deviceId, uuidv7());
    });
  });

  app.post('/v1/auth/refresh', async (req) => {
    await rateLimit(ctx, `refresh-ip:${req.ip}`, config.limits.loginPerIp * 10, LOGIN_WINDOW_MS);
    const body = parseBody(refreshSchema, req.body);
    const found = await ctx.db.app.query<{
      id: string;
      office_id: string;
      user_id: string;
      family_id: string;
      device_id: string;
      expires_at: Date;
      used_at: Date | null;
      revoked_at: Date | null;
    }>('SELECT * FROM castmatch.auth_find_refresh($1)', [hashToken(body.refreshToken)]);
    const t = found.rows[0];
    if (!t) throw new ServerError(401, 'refresh_invalid', 'Unknown refresh token: sign in again.');
    const outcome = await ctx.scopedTx(
      t.office_id,
      async (tx): Promise<Session | 'revoked' | 'reused' | 'device'> => {
        const revokeFamily = () =>
          tx.orm
            .update(refreshTokens)
            .set({ revokedAt: new Date() })
            .where(and(eq(refreshTokens.familyId, t.family_id), isNull(refreshTokens.revokedAt)));
        if (t.revoked_at !== null || t.expires_at.getTime() <= Date.now()) return 'revoked';
        if (t.device_id !== body.deviceId) {
          await revokeFamily();
          return 'device';
        }
        // Claim the token atomically: of two concurrent refreshes with one token, exactly one wins.
        const claimed = await tx.orm
          .update(refreshTokens)
          .set({ usedAt: new Date() })
          .where(
            and(eq(refreshTokens.id, t.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)),
          )
          .returning({ id: refreshTokens.id });
        if (claimed.length === 0) {
          // A used token presented again: it was stolen or replayed. Revoke the whole family.
          await revokeFamily();
          return 'reused';
        }
        const [u] = await tx.orm.select().from(users).where(eq(users.id, t.user_id));
        if (!u || u.disabledAt !== null) return 'revoked';
        const user = {
          id: u.id,
          officeId: u.officeId,
          role: u.role as Role,
          tokenVersion: u.tokenVersion,
          email: u.email,
          displayName: u.displayName,
        };
        return issueSession(ctx, tx, user, body.deviceId, t.family_id);
      },
    );
    if (outcome === 'reused') {
      ctx.metrics.authFailures.inc({ reason: 'refresh_reused' });
      throw new ServerError(
        401,
        'refresh_reused',
        'Refresh token already used: all sessions of this sign-in are revoked.',
      );
    }
    if (outcome === 'device') {
      throw new ServerError(
        401,
        'refresh_invalid',
        'Refresh token belongs to another device: sign in again.',
      );
    }
    if (outcome === 'revoked')
      throw new ServerError(401, 'refresh_invalid', 'Refresh token revoked or expired.');
    return outcome;
  });

  app.post('/v1/auth/logout', async (req, reply) => {
    const body = parseBody(logoutSchema, req.body);
    const found = await ctx.db.app.query<{ office_id: string; family_id: string }>(
      'SELECT office_id, family_id FROM castmatch.auth_find_refresh($1)',
      [hashToken(body.refreshToken)],
    );
    const t = found.rows[0];
    if (t) {
      await ctx.scopedTx(t.office_id, (tx) =>
        tx.orm
          .update(refreshTokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(refreshTokens.familyId, t.family_id), isNull(refreshTokens.revokedAt))),
      );
    }
    return reply.code(204).send();
  });

  app.post('/v1/auth/logout-all', { preHandler: auth }, async (req, reply) => {
    await ctx.officeTx(authOf(req), async (tx, user) => {
      await tx.orm
        .update(users)
        .set({ tokenVersion: sql`${users.tokenVersion} + 1` })
        .where(eq(users.id, user.id));
      await tx.orm
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.userId, user.id), isNull(refreshTokens.revokedAt)));
    });
    return reply.code(204).send();
  });
  registerUserRoutes(app, ctx);
  registerInviteRoutes(app, ctx);
}
