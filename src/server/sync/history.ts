// GET /v1/history: what a row's cells were before they stopped winning (castmatch.cell_history), next to what they
// are now, so a desktop can show "another desktop overwrote the value you wrote" and offer it back. Office-scoped
// like everything else (officeTx: the caller's office, under row-level security); readable by every role.
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { columnNameSchema, rowIdSchema, tableNameSchema } from '../../shared/sync/protocol.ts';
import { authOf, requireAuth } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { cellHistory, cells } from '../db/schema.ts';
import { parseBody } from '../http/errors.ts';

export const MAX_HISTORY_LIMIT = 500;

const historyQuerySchema = z
  .object({
    table: tableNameSchema,
    rowId: rowIdSchema,
    column: columnNameSchema.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_HISTORY_LIMIT).default(100),
  })
  .strict();

export function registerHistoryRoute(app: FastifyInstance, ctx: ServerContext): void {
  const auth = requireAuth(ctx);
  app.get('/v1/history', { preHandler: auth }, async (req) => {
    const q = parseBody(historyQuerySchema, req.query);
    return ctx.officeTx(authOf(req), async (tx, user) => {
      const cell = and(
        eq(cells.officeId, user.officeId),
        eq(cells.tbl, q.table),
        eq(cells.rowId, q.rowId),
        q.column === undefined ? undefined : eq(cells.col, q.column),
      );
      const current = await tx.orm
        .select({
          column: cells.col,
          value: cells.value,
          hlc: cells.hlc,
          deviceId: cells.deviceId,
          seq: cells.seq,
        })
        .from(cells)
        .where(cell)
        .orderBy(cells.col);
      const entries = await tx.orm
        .select({
          column: cellHistory.col,
          value: cellHistory.value,
          hlc: cellHistory.hlc,
          deviceId: cellHistory.deviceId,
          reason: cellHistory.reason,
          recordedAt: cellHistory.recordedAt,
        })
        .from(cellHistory)
        .where(
          and(
            eq(cellHistory.officeId, user.officeId),
            eq(cellHistory.tbl, q.table),
            eq(cellHistory.rowId, q.rowId),
            q.column === undefined ? undefined : eq(cellHistory.col, q.column),
          ),
        )
        .orderBy(desc(cellHistory.hlc), desc(cellHistory.id))
        .limit(q.limit + 1);
      const hasMore = entries.length > q.limit;
      return {
        current,
        history: entries.slice(0, q.limit).map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString() })),
        hasMore,
      };
    });
  });
}
