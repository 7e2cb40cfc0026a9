// Invites: an admin creates a one-time code for a role (POST /v1/invites); a newcomer redeems it with their
// email and password (POST /v1/invites/accept), which makes the account and signs it in.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { deviceIdSchema, type Role, roleSchema } from '../../shared/sync/protocol.ts';
import type { ServerContext } from '../context.ts';
import { invites, users } from '../db/schema.ts';
import { forbidden, parseBody, ServerError } from '../http/errors.ts';
import { displayNameSchema, emailSchema, isUniqueViolation, passwordSchema } from './accounts.ts';
import { authOf, rateLimit, requireAuth } from './guard.ts';
import { hashPassword } from './passwords.ts';
import { issueSession, LOGIN_WINDOW_MS } from './session.ts';
import { hashToken } from './tokens.ts';

const createInviteSchema = z.object({ role: roleSchema }).strict();
const acceptInviteSchema = z
  .object({
    code: z.string().min(1).max(64),
    email: emailSchema,
    password: passwordSchema,
    displayName: displayNameSchema,
    deviceId: deviceIdSchema,
  })
  .strict();

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

export function registerInviteRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { config } = ctx;
  const auth = requireAuth(ctx);
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
        return issueSession(ctx, tx, user, body.deviceId, uuidv7());
      });
      return reply.code(201).send(session);
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ServerError(409, 'conflict', 'An account with this email already exists.');
      throw e;
    }
  });
}
