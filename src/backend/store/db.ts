import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { AppError } from '../../shared/errors.ts';
import { formatHlc, type Hlc, hlcSend, parseHlc } from '../../shared/sync/hlc.ts';
import { normaliseJson, normaliseString } from '../../shared/sync/json-safety.ts';
import type { JsonValue } from '../../shared/sync/protocol.ts';

/**
 * An open office database. Queries are plain SQL through better-sqlite3; drizzle-orm holds the schema
 * (schema.ts, from which drizzle-kit writes the migrations) and applies migrations. Its query builder is
 * not loaded at all: loading it takes ~0.6 s (Node resolving its large package.json exports map), paid by
 * every worker that opens the database (an import's included) and by the app's start.
 */
export interface AppDatabase {
  sqlite: Database.Database;
  /** The file behind the database, or ':memory:'. */
  file: string;
  close(): void;
}

export interface OpenOptions {
  /** Folder holding drizzle's migrations; by default the repository's drizzle/ folder. */
  migrationsFolder?: string;
  /** Open without applying migrations (tests of the migration chain). */
  skipMigrations?: boolean;
}

/** Walks up from this module to the folder that holds drizzle/meta/_journal.json (works from src/ and from a bundle). */
export function defaultMigrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new AppError('MIGRATIONS_MISSING', 'The database migrations were not found next to the app.');
}

function configure(sqlite: Database.Database): void {
  // First, so that a connection opened while another one holds a lock (a worker's) waits instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // WAL + NORMAL: durable against app crashes; a power cut may lose the last commit only.
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -32000');
  sqlite.pragma('temp_store = MEMORY');
  registerSyncClock(sqlite);
}

/**
 * `sync_hlc_next(last)`: the next hybrid-clock timestamp after `last` (src/shared/sync/hlc.ts). The sync capture
 * triggers (src/backend/sync/capture.ts) call it, so it must exist on every connection that may write, workers
 * included; it is pure (the clock's state is the sync_state row, shared by all connections under SQLite's write
 * lock). A local edit is never refused for a clock that went backwards: the drift guard is the server's.
 */
function registerSyncClock(sqlite: Database.Database): void {
  let cached: { s: string; h: Hlc } | undefined;
  sqlite.function('sync_hlc_next', { deterministic: false }, (last: unknown) => {
    if (typeof last !== 'string') throw new TypeError('sync_hlc_next needs the last HLC');
    const prev = cached?.s === last ? cached.h : parseHlc(last);
    const next = hlcSend(prev, Date.now(), Number.POSITIVE_INFINITY);
    const s = formatHlc(next);
    cached = { s, h: next };
    return s;
  });
  // What the server cannot store (a NUL, a lone surrogate, deep nesting) is normalised by the capture triggers
  // before it enters the outbox: `sync_json_clean(json)` for queued JSON (SQLite's JSON holds a NUL as the escape
  // \u0000 and never a lone surrogate, so other text returns at once), `sync_text_clean(value)` for a row's own
  // cells (strings normalised, other values unchanged).
  sqlite.function('sync_json_clean', { deterministic: true }, (json: unknown) =>
    typeof json !== 'string' || !json.includes('\\u0000')
      ? json
      : JSON.stringify(normaliseJson(JSON.parse(json) as JsonValue)),
  );
  sqlite.function('sync_text_clean', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? normaliseString(v) : (v as number | bigint | Buffer | null),
  );
}

/** Migrations in the folder that this database has not applied yet. */
export function pendingMigrations(sqlite: Database.Database, migrationsFolder: string): number {
  const all = readMigrationFiles({ migrationsFolder });
  const hasTable = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!hasTable) return all.length;
  const last = sqlite.prepare('SELECT max(created_at) AS t FROM __drizzle_migrations').get() as {
    t: number | null;
  };
  return all.filter((m) => last.t == null || Number(last.t) < m.folderMillis).length;
}

/**
 * Opens (creating if needed) the office database and brings its schema up to date. Before applying
 * migrations to an existing file it takes a consistent copy with SQLite's backup API; the migrations
 * themselves run in one transaction, so a failure leaves the database exactly as it was.
 */
export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<AppDatabase> {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
    configure(sqlite);
  } catch (e) {
    throw new AppError('DB_OPEN_FAILED', `Could not open the database at ${file}: ${(e as Error).message}`);
  }
  if (!opts.skipMigrations) {
    const migrationsFolder = opts.migrationsFolder ?? defaultMigrationsFolder();
    const pending = pendingMigrations(sqlite, migrationsFolder);
    const isNew = !sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'talent'").get();
    if (pending > 0) {
      if (file !== ':memory:' && !isNew) {
        const backup = `${file}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await sqlite.backup(backup);
      }
      try {
        // Loaded only when there is something to apply (see AppDatabase).
        const [{ drizzle }, { migrate }] = await Promise.all([
          import('drizzle-orm/better-sqlite3'),
          import('drizzle-orm/better-sqlite3/migrator'),
        ]);
        migrate(drizzle(sqlite), { migrationsFolder });
      } catch (e) {
        sqlite.close();
        throw new AppError(
          'MIGRATION_FAILED',
          `The database could not be upgraded and was left as it was (${(e as Error).message}). ` +
            'Your data is safe; please update CastMatch or contact support.',
        );
      }
    }
  }
  return { sqlite, file, close: () => sqlite.close() };
}

/** The office database inside a data folder: one name for the app, the browser host and the CLI. */
export function databaseFile(dataDir: string): string {
  return join(resolve(dataDir), 'castmatch.sqlite');
}
