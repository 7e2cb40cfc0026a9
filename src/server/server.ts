// createServer(config): one server instance (Fastify app + pools + bus). Tests start several in one process.

import { timingSafeEqual } from 'node:crypto';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { bearerToken, rateLimit } from './auth/guard.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { registerTeamRoutes } from './auth/team.ts';
import { createTokenSigner } from './auth/tokens.ts';
import { registerBlobRoutes } from './blobs/routes.ts';
import type { ServerConfig } from './config.ts';
import { buildContext, type ServerContext } from './context.ts';
import { runMigrations } from './db/migrate.ts';
import { openDb } from './db/pool.ts';
import { installErrorHandler } from './http/errors.ts';
import { createMemoryRateLimiter, createRedisRateLimiter } from './http/rateLimit.ts';
import { installSchemaVersionCheck } from './http/schemaVersion.ts';
import { createServerMetrics } from './metrics.ts';
import { type Bus, createInProcessBus, createRedisBus } from './realtime/bus.ts';
import { Hub, registerRealtimeRoute } from './realtime/hub.ts';
import { registerSyncRoutes } from './sync/routes.ts';

export interface CastmatchServer {
  app: FastifyInstance;
  ctx: ServerContext;
  hub: Hub;
  /** "METHOD /url" of every route, for tests that must cover all of them. */
  routes: string[];
  /** Listens and returns the base URL (http://host:port). */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful: stops accepting, finishes in-flight requests, closes sockets, bus and pools. Idempotent. */
  close(): Promise<void>;
}

export interface CreateServerOptions {
  /** Skip migrations (another instance ran them). */
  skipMigrations?: boolean;
}

export async function createServer(
  config: ServerConfig,
  options: CreateServerOptions = {},
): Promise<CastmatchServer> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-castmatch-signup-secret"]'],
    },
    bodyLimit: config.limits.bodyBytes,
    trustProxy: config.trustProxy,
  });
  const db = openDb(config.databaseUrl, config.poolSize);
  let bus: Bus | undefined;
  try {
    if (!options.skipMigrations) await runMigrations(db.owner);
    bus = config.redisUrl
      ? await createRedisBus(config.redisUrl, config.redisPrefix, (err) =>
          app.log.warn({ err: err.message }, 'redis error'),
        )
      : createInProcessBus();
  } catch (e) {
    await db.close();
    await app.close();
    throw e;
  }
  const metrics = createServerMetrics();
  const limiter = bus.redis
    ? createRedisRateLimiter(bus.redis, `${config.redisPrefix}rl:`)
    : createMemoryRateLimiter();
  const signer = createTokenSigner({
    secret: config.jwtSecret,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    ttlSeconds: config.accessTokenTtlSeconds,
  });
  const ctx = buildContext({ config, db, bus, limiter, signer, metrics });
  const hub = new Hub((poke, sent) => {
    metrics.pokesSent.inc({}, sent);
    metrics.pokeLatency.observe(Math.max(0, Date.now() - poke.at) / 1000);
  });
  bus.onPoke((poke) => hub.poke(poke));
  metrics.wsClients.track(() => hub.size);

  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of Array.isArray(r.method) ? r.method : [r.method])
      if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  app.decorateRequest('auth', null);
  installErrorHandler(app);
  installSchemaVersionCheck(app, config);
  app.addHook('onRequest', async (req) => {
    if (req.url === '/health' || req.url === '/metrics') return;
    await rateLimit(ctx, `ip:${req.ip}`, config.limits.requestsPerMinutePerIp, 60_000);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics.httpDuration.observe(reply.elapsedTime / 1000, { route });
  });

  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  app.get('/health', async (_req, reply) => {
    const check = async (f: () => Promise<unknown>) => {
      try {
        await f();
        return 'ok';
      } catch (e) {
        return `error: ${e instanceof Error ? e.message : String(e)}`;
      }
    };
    const [database, redis] = await Promise.all([
      check(() => db.app.query('SELECT 1')),
      bus.kind === 'redis' ? check(() => bus.ping()) : Promise.resolve('not configured (in-process bus)'),
    ]);
    const ok = database === 'ok' && (redis === 'ok' || bus.kind !== 'redis');
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, redis });
  });
  app.get('/metrics', async (req, reply) => {
    if (config.metricsToken !== undefined) {
      const given = Buffer.from(bearerToken(req.headers.authorization) ?? '');
      const expected = Buffer.from(config.metricsToken);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply.code(401).send({ code: 'unauthorized', message: 'Metrics need the metrics token.' });
      }
    }
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.registry.render());
  });

  registerAuthRoutes(app, ctx);
  registerTeamRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerBlobRoutes(app, ctx);
  registerRealtimeRoute(app, ctx, hub);

  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    hub,
    routes,
    async listen(port = config.port, host = config.host) {
      await app.listen({ port, host });
      const addr = app.server.address();
      if (addr === null || typeof addr === 'string') throw new Error('server has no TCP address');
      const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      return `http://${h === '0.0.0.0' ? '127.0.0.1' : h}:${addr.port}`;
    },
    close() {
      closing ??= (async () => {
        hub.close();
        // Keep-alive sockets that finish their in-flight request become idle after close() began: close them as
        // they do, and cut whatever is left after the grace period.
        const idle = setInterval(() => app.server.closeIdleConnections(), 50);
        const hard = setTimeout(() => app.server.closeAllConnections(), 10_000);
        try {
          await app.close();
        } finally {
          clearInterval(idle);
          clearTimeout(hard);
        }
        await bus.close();
        limiter.close();
        await db.close();
      })();
      return closing;
    },
  };
}
