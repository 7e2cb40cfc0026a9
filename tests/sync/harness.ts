// Simulated desktops for the sync tests: each a real local store in its own temp folder with the capture
// triggers on and a SyncClient, against a real server on Postgres (tests/server/helpers.ts).
import { randomBytes } from 'node:crypto';
import { type AppDatabase, databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { enableCapture, ensureCapture } from '../../src/backend/sync/capture.ts';
import {
  SyncClient as Client,
  type SyncClient,
  type SyncClientOptions,
} from '../../src/backend/sync/client.ts';
import { entryCells } from '../../src/backend/sync/outbox.ts';
import { readSyncedTables } from '../../src/backend/sync/tables.ts';
import type { getTalent, updateTalent } from '../../src/backend/talent/repo.ts';
import { hlcMillis } from '../../src/shared/sync/hlc.ts';
import type { CellChange } from '../../src/shared/sync/protocol.ts';
import type { SessionInfo } from '../server/helpers.ts';
import { tempDir } from '../support/db.ts';

export interface Desktop {
  name: string;
  dir: string;
  db: AppDatabase;
  client: SyncClient;
  session: SessionInfo;
  /** Every cell this desktop ever captured (read from the outbox before each sync): the LWW oracle's input. */
  captured: CellChange[];
  sync(): ReturnType<SyncClient['sync']>;
  /** Closes the database as a killed process would leave it, and opens it again from its files. */
  restart(): Promise<void>;
  close(): void;
}

export async function makeDesktop(
  name: string,
  base: string,
  session: SessionInfo,
  extra: Partial<SyncClientOptions> = {},
): Promise<Desktop> {
  const dir = tempDir(`castmatch-sync-${name}-`);
  const open = async () => {
    const db = await openDatabase(databaseFile(dir));
    ensureCapture(db);
    return db;
  };
  const first = await openDatabase(databaseFile(dir));
  enableCapture(first, { node: randomBytes(8).toString('hex') });
  const newClient = (db: AppDatabase) =>
    new Client(db, {
      baseUrl: base,
      deviceId: session.deviceId,
      auth: { accessToken: () => session.accessToken, refresh: async () => false },
      wait: async () => {}, // retries in tests go at once: no sleeps
      ...extra,
    });
  const d: Desktop = {
    name,
    dir,
    db: first,
    client: newClient(first),
    session,
    captured: [],
    sync() {
      recordOutbox(d);
      return d.client.sync();
    },
    async restart() {
      d.db.close();
      d.db = await open();
      d.client = newClient(d.db);
    },
    close: () => d.db.close(),
  };
  return d;
}

export function recordOutbox(d: Desktop): void {
  const rows = d.db.sqlite
    .prepare('SELECT seq, tbl, row_id, col, value, hlc FROM sync_outbox')
    .all() as Parameters<typeof entryCells>[0][];
  const seen = new Set(d.captured.map((c) => `${c.table}|${c.rowId}|${c.column}|${c.hlc}`));
  for (const r of rows) {
    for (const c of entryCells(r)) {
      const k = `${c.table}|${c.rowId}|${c.column}|${c.hlc}`;
      if (!seen.has(k)) {
        seen.add(k);
        d.captured.push(c);
      }
    }
  }
}

/** Every synced row of every synced table, synced columns only, in a stable order: what must be equal. */
export function snapshot(db: AppDatabase): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const t of readSyncedTables(db.sqlite).values()) {
    const cols = [
      'id',
      ...t.columns.map((c) => c.name),
      ...(t.name === 'talent' ? ['sort_name', 'age_from', 'age_to'] : []),
    ];
    out[t.name] = db.sqlite
      .prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t.name}" ORDER BY id`)
      .all() as Record<string, unknown>[];
  }
  return out;
}

/** The last-writer-wins oracle: per cell, the captured change with the greatest HLC. */
export function oracle(desktops: readonly Desktop[]): Map<string, CellChange> {
  const win = new Map<string, CellChange>();
  for (const d of desktops) {
    for (const c of d.captured) {
      const k = `${c.table}|${c.rowId}|${c.column}`;
      const w = win.get(k);
      if (!w || c.hlc > w.hlc) win.set(k, c);
    }
  }
  return win;
}

/** The differences between a replica and the oracle, as readable lines (empty when it agrees). */
export function disagreements(db: AppDatabase, win: Map<string, CellChange>): string[] {
  const out: string[] = [];
  const get = (t: string, id: string) =>
    db.sqlite.prepare(`SELECT * FROM "${t}" WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  for (const [k, c] of win) {
    const row = get(c.table, c.rowId);
    if (!row) {
      out.push(`${k}: row missing`);
      continue;
    }
    if (c.column === '_deleted') {
      if ((row.deleted_at != null) !== (c.value === true))
        out.push(`${k}: deleted ${row.deleted_at} vs ${c.value}`);
      continue;
    }
    const local = row[c.column];
    if (JSON.stringify(local) !== JSON.stringify(c.value))
      out.push(`${k}: ${JSON.stringify(local)} vs ${JSON.stringify(c.value)}`);
  }
  return out;
}

/** A talent as an update input (the repo takes the full profile). */
export function stripped(t: ReturnType<typeof getTalent>): Parameters<typeof updateTalent>[2] {
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    deletedAt: _d,
    ...rest
  } = t as Record<string, unknown> & {
    id: string;
  };
  return rest as Parameters<typeof updateTalent>[2];
}

/**
 * Returns once the wall clock has passed `d`'s last timestamp, so the next edit anywhere is later than `d`'s by
 * HLC too. Two desktops editing within the same millisecond are concurrent: their order then rests on the counter
 * and the node id, not on which test line ran first. A bounded poll on the clock itself (about a millisecond).
 */
export function afterClockOf(d: Desktop): void {
  const { hlc } = d.db.sqlite.prepare('SELECT hlc FROM sync_state WHERE id = 1').get() as { hlc: string };
  const last = hlcMillis(hlc);
  for (let i = 0; Date.now() <= last; i++) if (i > 1e8) throw new Error(`the clock did not pass ${hlc}`);
}
