// POST /v1/sync/push and /v1/sync/pull (and GET /v1/history, history.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertNoDrift, firstDrifted, HlcError, hlcMillis } from '../../shared/sync/hlc.ts';
import { pullRequestSchema, pushRequestSchema } from '../../shared/sync/protocol.ts';
import { authOf, requireAuth } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { forbidden, parseBody, ServerError } from '../http/errors.ts';
import { checkSchemaVersion } from '../http/schemaVersion.ts';
import { registerHistoryRoute } from './history.ts';
import { PagePrefetcher } from './prefetch.ts';
import { pullPage, pushChanges } from './store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The pull page prefetcher (tests wait on it with settled()). */
    pullPrefetcher: PagePrefetcher;
  }
}

export function registerSyncRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const auth = requireAuth(ctx);
  const prefetcher = new PagePrefetcher();
  app.decorate('pullPrefetcher', prefetcher);
  registerHistoryRoute(app, ctx);

  app.post('/v1/sync/push', { preHandler: auth }, async (req: FastifyRequest) => {
    const claims = authOf(req);
    const body = parseBody(pushRequestSchema, req.body);
    checkSchemaVersion(ctx.config, body.schemaVersion);
    if (body.deviceId !== claims.deviceId) {
      throw forbidden('deviceId does not match the device this session was signed in on.');
    }
    const now = Date.now();
    const drifted = firstDrifted(
      body.changes.map((c) => c.hlc),
      now,
      ctx.config.maxDriftMs,
    );
    if (drifted >= 0) {
      const hlc = body.changes[drifted]!.hlc;
      try {
        assertNoDrift(hlcMillis(hlc), now, ctx.config.maxDriftMs);
      } catch (e) {
        if (!(e instanceof HlcError)) throw e;
        throw new ServerError(400, 'clock_drift', e.message, {
          index: drifted,
          hlc,
          serverTime: new Date(now).toISOString(),
          maxDriftMs: ctx.config.maxDriftMs,
        });
      }
    }
    const outcome = await pushChanges(ctx.db.app, claims, body.deviceId, body.changes);
    if (outcome.status === 'revoked') {
      ctx.metrics.authFailures.inc({ reason: 'revoked' });
      throw new ServerError(401, 'unauthorized', 'Session revoked: sign in again.');
    }
    if (outcome.status === 'forbidden') throw forbidden('Viewers cannot change data.');
    const result = outcome.result;
    ctx.metrics.pushCells.inc({ outcome: 'applied' }, result.applied);
    ctx.metrics.pushCells.inc({ outcome: 'ignored' }, result.ignored);
    if (result.applied > 0) {
      // After commit. A lost publish only delays other devices until their next periodic pull.
      ctx.bus
        .publish({ officeId: claims.officeId, seq: result.seq, at: Date.now() })
        .catch((err: unknown) => {
          req.log.warn({ err }, 'poke publish failed');
        });
    }
    return result;
  });

  app.post('/v1/sync/pull', { preHandler: auth }, async (req, reply) => {
    const claims = authOf(req);
    const body = parseBody(pullRequestSchema, req.body);
    checkSchemaVersion(ctx.config, body.schemaVersion);
    const load = (cursor: number) =>
      ctx.officeTx(claims, (tx, user) => pullPage(tx.client, user.officeId, cursor, body.limit, body.format));
    const keyOf = (cursor: number) =>
      `${claims.userId}\u0000${claims.deviceId}\u0000${cursor}\u0000${body.limit}\u0000${body.format}`;
    const early = prefetcher.take(keyOf(body.cursor));
    // A prefetched page was read under the user's check of the previous request: check again (enabled, not signed
    // out everywhere, session not revoked) before handing it out, alongside the wait for it.
    const [prefetched] = early
      ? await Promise.all([early, ctx.officeTx(claims, async () => undefined)])
      : [undefined];
    ctx.metrics.pullPrefetch.inc({ outcome: prefetched ? 'hit' : 'miss' });
    const page = prefetched ?? (await load(body.cursor));
    if ('cursorAhead' in page) {
      // The server holds less than this client has seen: it was reset or restored from a backup. Deleting
      // local data to match would spread the loss; the client must keep its data and push it again.
      throw new ServerError(
        409,
        'conflict',
        'This server has fewer changes than your cursor: it was reset or restored. Keep local data and push it again.',
        { serverSeq: page.cursorAhead },
      );
    }
    ctx.metrics.pullCells.inc({}, page.count);
    if (page.hasMore) prefetcher.start(keyOf(page.cursor), () => load(page.cursor));
    return reply.type('application/json; charset=utf-8').send(page.json);
  });
}
