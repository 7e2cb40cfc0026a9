// Two pools on one database: the owner (migrations, SECURITY DEFINER lookups) and the app role that serves
// requests. The app pool logs in as the configured user but switches to role castmatch_app at connection
// start, so row-level security applies to every request query.
import pg from 'pg';

export const APP_ROLE = 'castmatch_app';

export interface Db {
  owner: pg.Pool;
  app: pg.Pool;
  close(): Promise<void>;
}

export function openDb(databaseUrl: string, poolSize: number): Db {
  // The owner pool only runs migrations: two connections are plenty.
  const owner = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'castmatch-owner' });
  const app = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    application_name: 'castmatch-app',
    // jit=off: JIT compilation costs milliseconds per statement and never pays off for these short OLTP queries.
    options: `-c role=${APP_ROLE} -c jit=off -c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000`,
  });
  // A dropped connection (database restart) must not crash the process: the pool discards the client.
  owner.on('error', () => {});
  app.on('error', () => {});
  let closed = false;
  return {
    owner,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([owner.end(), app.end()]);
    },
  };
}

/**
 * Runs `fn` in a transaction scoped to one office: app.office_id is set for this transaction only, and every
 * table's policy compares against it. Rolls back on any error.
 */
export async function withOffice<T>(
  pool: pg.Pool,
  officeId: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.office_id', $1, true)", [officeId]);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw e;
  } finally {
    client.release(broken);
  }
}
