// Offices, invites, login, refresh-token rotation, sign-out.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { deviceIdSchema, type Role, roleSchema } from '../../shared/sync/protocol.ts';
import type { OfficeTx, ServerContext } from '../context.ts';
import { invites, offices, refreshTokens, users } from '../db/schema.ts';
import { forbidden, parseBody, ServerError } from '../http/errors.ts';
import { authOf, rateLimit, requireAuth } from './guard.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, newOpaqueToken } from './tokens.ts';

const emailSchema = z.string().trim().toLowerCase().email().max(254);
const passwordSchema = z.string().min(10, 'password must be at least 10 characters').max(256);
const displayNameSchema = z.string().trim().min(1).max(120);

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
const createInviteSchema = z.object({ role: roleSchema }).strict();
const userParamsSchema = z.object({ id: z.string().uuid() });
const updateUserSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.disabled !== undefined, 'give role and/or disabled');
const acceptInviteSchema = z
  .object({
    code: z.string().min(1).max(64),
    email: emailSchema,
    password: passwordSchema,
    displayName: displayNameSchema,
    deviceId: deviceIdSchema,
  })
  .strict();

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: { id: string; officeId: string; role: Role; email: string; displayName: string };
  /** The office signed in to, so that a desktop can show its name (not only the one that created it). */
  office?: { id: string; name: string };
}

const LOGIN_WINDOW_MS = 15 * 60_000;
const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters from a 32-letter alphabet without look-alikes (80 bits), shown as XXXX-XXXX-XXXX-XXXX. */
function newInviteCode(): string {
  const bytes = randomBytes(16);
  let s = '';
  for (const b of bytes) s += INVITE_ALPHABET[b % 32];
  return s.match(/.{4}/g)!.join('-');
}
function normaliseInviteCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === '23505';
}

export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { config, signer } = ctx;
  const auth = requireAuth(ctx);

  async function issueSession(
    tx: OfficeTx,
    user: {
      id: string;
      officeId: string;
      role: Role;
      tokenVersion: number;
      email: string;
      displayName: string;
    },
    deviceId: string,
    familyId: string,
  ): Promise<Session> {
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
  async function limitLogin(req: FastifyRequest, account: string): Promise<void> {
    await rateLimit(ctx, `login-ip:${req.ip}`, config.limits.loginPerIp, LOGIN_WINDOW_MS);
    await rateLimit(
      ctx,
      `login-account:${account}\u0000${req.ip}`,
      config.limits.loginPerAccount,
      LOGIN_WINDOW_MS,
    );
  }

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
        return issueSession(tx, user, body.deviceId, uuidv7());
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
    await limitLogin(req, typeof raw?.email === 'string' ? raw.email.trim().toLowerCase().slice(0, 254) : '');
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
      return issueSession(tx, user, body.deviceId, uuidv7());
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
        return issueSession(tx, user, body.deviceId, t.family_id);
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

  app.get('/v1/me', { preHandler: auth }, async (req) =>
    ctx.officeTx(authOf(req), async (tx, user) => {
      const [u] = await tx.orm
        .select({ id: users.id, email: users.email, displayName: users.displayName, role: users.role })
        .from(users)
        .where(eq(users.id, user.id));
      return { ...u, officeId: user.officeId, deviceId: authOf(req).deviceId };
    }),
  );

  app.get('/v1/users', { preHandler: auth }, async (req) =>
    ctx.officeTx(authOf(req), async (tx) => {
      const rows = await tx.orm
        .select({ id: users.id, email: users.email, displayName: users.displayName, role: users.role })
        .from(users)
        .orderBy(users.createdAt);
      return { users: rows };
    }),
  );

  app.patch('/v1/users/:id', { preHandler: auth }, async (req) => {
    const { id } = parseBody(userParamsSchema, req.params);
    const body = parseBody(updateUserSchema, req.body);
    return ctx.officeTx(authOf(req), async (tx, user) => {
      if (user.role !== 'admin') throw forbidden('Only an admin can change roles or disable accounts.');
      // The acting admin always stays an enabled admin, so an office never loses its last one.
      if (id === user.id && (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))) {
        throw new ServerError(409, 'conflict', 'You cannot demote or disable your own account.');
      }
      const set: Partial<typeof users.$inferInsert> = {};
      if (body.role !== undefined) set.role = body.role;
      if (body.disabled !== undefined) set.disabledAt = body.disabled ? new Date() : null;
      const [updated] = await tx.orm
        .update(users)
        .set(set)
        .where(eq(users.id, id))
        .returning({ id: users.id, email: users.email, role: users.role, disabledAt: users.disabledAt });
      if (!updated) throw new ServerError(404, 'not_found', 'No such user in your office.');
      if (body.disabled === true) {
        await tx.orm
          .update(refreshTokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(refreshTokens.userId, id), isNull(refreshTokens.revokedAt)));
      }
      return {
        id: updated.id,
        email: updated.email,
        role: updated.role,
        disabled: updated.disabledAt !== null,
      };
    });
  });

  app.post('/v1/invites', { preHandler: auth }, async (req, reply) => {
    const body = parseBody(createInviteSchema, req.body);
    const invite = await ctx.officeTx(authOf(req), async (tx, user) => {
      if (user.role !== 'admin') throw forbidden('Only an admin can invite people.');
      const code = newInviteCode();
      const expiresAt = new Date(Date.now() + config.inviteTtlHours * 3_600_000);
      await tx.orm.insert(invites).values({
        id: uuidv7(),
        officeId: user.officeId,
        codeHash: hashToken(normaliseInviteCode(code)),
        role: body.role,
        createdBy: user.id,
        expiresAt,
      });
      return { code, role: body.role, expiresAt: expiresAt.toISOString() };
    });
    return reply.code(201).send(invite);
  });

  app.post('/v1/invites/accept', async (req, reply) => {
    await rateLimit(ctx, `login-ip:${req.ip}`, config.limits.loginPerIp, LOGIN_WINDOW_MS);
    const body = parseBody(acceptInviteSchema, req.body);
    const found = await ctx.db.app.query<{
      id: string;
      office_id: string;
      role: Role;
      expires_at: Date;
      used_at: Date | null;
    }>('SELECT * FROM castmatch.auth_find_invite($1)', [hashToken(normaliseInviteCode(body.code))]);
    const inv = found.rows[0];
    if (!inv || inv.used_at !== null || inv.expires_at.getTime() <= Date.now()) {
      throw new ServerError(400, 'invalid_invite', 'This invite code is unknown, used or expired.');
    }
    const passwordHash = await hashPassword(body.password);
    const userId = uuidv7();
    try {
      const session = await ctx.scopedTx(inv.office_id, async (tx) => {
        await tx.orm.insert(users).values({
          id: userId,
          officeId: inv.office_id,
          email: body.email,
          displayName: body.displayName,
          passwordHash,
          role: inv.role,
        });
        const claimed = await tx.orm
          .update(invites)
          .set({ usedAt: new Date(), usedBy: userId })
          .where(and(eq(invites.id, inv.id), isNull(invites.usedAt)))
          .returning({ id: invites.id });
        if (claimed.length === 0)
          throw new ServerError(400, 'invalid_invite', 'This invite code was just used.');
        const user = { id: userId, officeId: inv.office_id, role: inv.role, tokenVersion: 0, ...body };
        return issueSession(tx, user, body.deviceId, uuidv7());
      });
      return reply.code(201).send(session);
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ServerError(409, 'conflict', 'An account with this email already exists.');
      throw e;
    }
  });
}
