// `npm run server`: configuration from the environment (docs/SERVER.md). Without DATABASE_URL it starts an
// embedded Postgres under the data directory; without REDIS_URL it uses an in-process bus (one instance).

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, configFromEnv, dataDirFromEnv, parseEnv } from './config.ts';
import { type EmbeddedDb, readOrCreateSecret, startEmbeddedPostgres } from './db/embedded.ts';
import { createServer } from './server.ts';

const DEFAULT_ROOT_DATA_DIR = '/var/lib/castmatch-server';

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  let dataDir = dataDirFromEnv(env);
  // As root, ~ is usually /root (mode 700), which the "postgres" user that runs embedded Postgres cannot enter.
  if (process.getuid?.() === 0 && env.CASTMATCH_SERVER_DATA === undefined) dataDir = DEFAULT_ROOT_DATA_DIR;
  let embedded: EmbeddedDb | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    process.stdout.write(`No DATABASE_URL: starting embedded Postgres in ${join(dataDir, 'pg')}\n`);
    embedded = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT });
    databaseUrl = embedded.url;
  }
  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    if (env.DATABASE_URL) {
      throw new ConfigError('JWT_SECRET is required with DATABASE_URL (every instance must share it).');
    }
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    jwtSecret = await readOrCreateSecret(join(dataDir, 'jwt-secret'), () =>
      randomBytes(32).toString('base64url'),
    );
  }
  const config = configFromEnv(env, databaseUrl, jwtSecret);
  const server = await createServer(config);
  const url = await server.listen();
  server.app.log.info(
    { url, bus: server.ctx.bus.kind, database: embedded ? 'embedded' : 'external' },
    `CastMatch sync server listening on ${url}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await server.close();
      await embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(
    `${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
