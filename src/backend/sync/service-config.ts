// The sync service's stored state (the `setting` row 'sync.config': server, device, office, who is signed in, the
// last sync, a first-join question waiting) and the messages it shows for the server's refusals.
import { randomBytes } from 'node:crypto';
import type { SyncUser } from '../../shared/sync/desktop-api.ts';
import type { AppDatabase } from '../store/db.ts';

const CONFIG_KEY = 'sync.config';

export interface StoredConfig {
  serverUrl: string | null;
  deviceId: string;
  officeId: string | null;
  officeName: string | null;
  user: SyncUser | null;
  signedIn: boolean;
  lastSyncAt: number | null;
  /** Signed in to an office this desktop has never synced with, waiting for the first-join choice (first-join.ts). */
  firstJoin?: { previousOfficeId: string | null; previousOfficeName: string | null } | null;
}

export const CLOCK_MESSAGE =
  'The sync server refused this computer’s clock: it is more than 5 minutes ahead. Correct the date and time ' +
  'in the computer’s settings, then press Sync now. Your changes are kept and sent once the clock is right.';
export const OUTDATED_MESSAGE =
  'The sync server needs a newer version of CastMatch. Update the app to keep syncing; your changes are kept.';
export const BEHIND_MESSAGE =
  'The sync server was restored from an older backup. This desktop kept all of its data and is sending it again.';

/** The stored config, or defaults (a new device id) when there is none or it cannot be read. */
export function readSyncConfig(db: AppDatabase, log: (message: string) => void): StoredConfig {
  const row = db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(CONFIG_KEY) as
    | { value: string }
    | undefined;
  let stored: Partial<StoredConfig> = {};
  try {
    if (row) stored = JSON.parse(row.value) as Partial<StoredConfig>;
  } catch {
    log('sync.config was unreadable; starting from defaults');
  }
  const config: StoredConfig = {
    serverUrl: null,
    officeId: null,
    officeName: null,
    user: null,
    signedIn: false,
    lastSyncAt: null,
    ...stored,
    deviceId: stored.deviceId ?? `dev-${randomBytes(8).toString('hex')}`,
  };
  return config; // written on the first change (configure), so an office without sync never gets the row
}

export function writeSyncConfig(db: AppDatabase, c: StoredConfig, now: number): void {
  db.sqlite
    .prepare(
      'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(CONFIG_KEY, JSON.stringify(c), now);
}
