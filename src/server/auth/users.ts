// The office's accounts: who is signed in (GET /v1/me), everyone in the office (GET /v1/users), and an admin
// changing a role or disabling an account (PATCH /v1/users/:id), which revokes that account's sign-ins.
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roleSchema } from '../../shared/sync/protocol.ts';
import type { ServerContext } from '../context.ts';
import { refreshTokens, users } from '../db/schema.ts';
import { forbidden, parseBody, ServerError } from '../http/errors.ts';
import { authOf, requireAuth } from './guard.ts';

const userParamsSchema = z.object({ id: z.string().uuid() });
const updateUserSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.disabled !== undefined, 'give role and/or disabled');

export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const auth = requireAuth(ctx);
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
}
