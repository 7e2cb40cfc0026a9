// The first join of a desktop that already holds data (docs/SYNC.md, "First join"). Nothing is merged, uploaded or
// dropped without asking: the service pauses in the state firstJoin until the person chooses
//   - upload: every local row is queued for the office (as when creating one); once the first sync has brought the
//     office's people, those from this computer who look like someone already there (the spreadsheet import's rules:
//     same phone, email, or name and date of birth, talent/import/duplicates.ts) are listed for the person;
//   - office: a backup of the whole local copy is taken first (reason before-join), then the synced tables are
//     emptied and the office's data pulled from the start.
//
// Demo profiles count as data: they are ordinary rows, and uploading them silently would show them to the whole
// office, so a desktop holding only demo data is asked as well (the dialog says how many are demo profiles and
// suggests starting from the office). They are recognised by the demo generator's address domain (@example.in).
import type { JoinDuplicateView } from '../../shared/sync/desktop-api.ts';
import type { AppDatabase } from '../store/db.ts';
import { buildDuplicateIndex, describeDuplicate, duplicateKeys } from '../talent/import/duplicates.ts';
import { enableCapture } from './capture.ts';
import { syncChangeEvents } from './service-events.ts';
import { q, SYNCED_TABLES, type SyncedTable } from './tables.ts';

/** Where an upload's duplicate check waits for the first sync to finish (survives a restart). */
export const JOIN_CHECK_SETTING = 'sync.firstJoin.check';
/** The people found, until the person dismisses the list. */
export const JOIN_DUPLICATES_SETTING = 'sync.firstJoin.duplicates';
/** At most this many candidates are kept for the list (the rest are counted in the message). */
const MAX_LISTED = 1000;
const DEMO_EMAIL = '%@example.in';

export interface LocalData {
  talents: number;
  demoTalents: number;
  projects: number;
  shortlists: number;
  headshots: number;
  scripts: number;
  /** Live rows of every synced table (roles, notes, memories, auditions included). */
  any: number;
}

const live = (db: AppDatabase, table: string, extra = '') =>
  (
    db.sqlite.prepare(`SELECT count(*) AS n FROM ${q(table)} WHERE deleted_at IS NULL${extra}`).get() as {
      n: number;
    }
  ).n;

export function localData(db: AppDatabase): LocalData {
  let any = 0;
  for (const t of SYNCED_TABLES) any += live(db, t);
  return {
    talents: live(db, 'talent'),
    demoTalents: live(db, 'talent', ` AND email LIKE '${DEMO_EMAIL}'`),
    projects: live(db, 'project'),
    shortlists: live(db, 'shortlist_entry'),
    headshots: live(db, 'headshot'),
    scripts: live(db, 'script'),
    any,
  };
}

/**
 * Whether joining `officeId` must ask first: the desktop holds live rows and has never synced with that office (the
 * last office it was in, kept in sync.config, is another one or none). Creating an office never asks: the new office
 * starts from this desktop's data.
 */
export function needsFirstJoinChoice(
  db: AppDatabase,
  lastOfficeId: string | null,
  officeId: string,
): boolean {
  return lastOfficeId !== officeId && localData(db).any > 0;
}

function setSetting(db: AppDatabase, key: string, value: string): void {
  db.sqlite
    .prepare(
      'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(key, value, Date.now());
}

function getSetting(db: AppDatabase, key: string): string | null {
  const r = db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  return r?.value ?? null;
}

/**
 * "Start from the office": empties every synced table and the sync bookkeeping (outbox, clocks, parked cells,
 * cursor) in one transaction, without capturing the deletes (sync_state.applying). Call only after a backup.
 * Local working state that is not synced (chat, settings, import duplicates waiting for a decision) is kept.
 */
export function clearSyncedData(db: AppDatabase): void {
  const sqlite = db.sqlite;
  sqlite
    .transaction(() => {
      // Rows of one synced table refer to another's (roles to projects, headshots to talent): checked at commit.
      sqlite.pragma('defer_foreign_keys = ON');
      const state = sqlite.prepare('SELECT 1 FROM sync_state WHERE id = 1').get();
      if (state) sqlite.prepare('UPDATE sync_state SET applying = 1 WHERE id = 1').run();
      for (const t of [...SYNCED_TABLES].reverse()) sqlite.exec(`DELETE FROM ${q(t)}`);
      sqlite.exec('DELETE FROM sync_outbox; DELETE FROM sync_clock; DELETE FROM sync_parked');
      if (state) sqlite.prepare('UPDATE sync_state SET applying = 0, cursor = 0 WHERE id = 1').run();
    })
    .immediate();
}

/** "Upload": remembers which people came from this computer, for the duplicate check after the first sync. */
export function rememberLocalPeople(db: AppDatabase, officeId: string): void {
  const ids = (
    db.sqlite.prepare('SELECT id FROM talent WHERE deleted_at IS NULL').all() as { id: string }[]
  ).map((r) => r.id);
  setSetting(db, JOIN_CHECK_SETTING, JSON.stringify({ officeId, ids }));
  db.sqlite.prepare('DELETE FROM setting WHERE key = ?').run(JOIN_DUPLICATES_SETTING);
}

interface PersonRow {
  id: string;
  full_name: string;
  phone: string | null;
  email: string | null;
  date_of_birth: string | null;
}

/**
 * After the upload's first sync: the people from this computer who look like one of the office's, by the
 * import's own duplicate index (buildDuplicateIndex over the office's people) and described in its words
 * (describeDuplicate). Returns null when no check is waiting. The result is kept for the list until dismissed.
 */
export function runJoinDuplicateCheck(db: AppDatabase): JoinDuplicateView[] | null {
  const raw = getSetting(db, JOIN_CHECK_SETTING);
  if (raw === null) return null;
  let local: Set<string>;
  try {
    local = new Set((JSON.parse(raw) as { ids: string[] }).ids);
  } catch {
    local = new Set();
  }
  const rows = db.sqlite
    .prepare(
      'SELECT id, full_name, phone, email, date_of_birth FROM talent WHERE deleted_at IS NULL ORDER BY rowid',
    )
    .all() as PersonRow[];
  const names = new Map(rows.map((r) => [r.id, r.full_name]));
  const office = buildDuplicateIndex(db, local);
  const found: JoinDuplicateView[] = [];
  for (const r of rows) {
    if (!local.has(r.id)) continue;
    const match = office.find(
      duplicateKeys({ fullName: r.full_name, phone: r.phone, email: r.email, dateOfBirth: r.date_of_birth }),
    );
    if (!match || typeof match.existing !== 'string') continue;
    const officeName = names.get(match.existing) ?? '';
    found.push({
      localId: r.id,
      localName: r.full_name,
      officeId: match.existing,
      officeName,
      reason: match.reason,
      summary: describeDuplicate(match.reason, officeName, r.full_name),
    });
  }
  db.sqlite
    .transaction(() => {
      setSetting(db, JOIN_DUPLICATES_SETTING, JSON.stringify(found.slice(0, MAX_LISTED)));
      db.sqlite.prepare('DELETE FROM setting WHERE key = ?').run(JOIN_CHECK_SETTING);
    })
    .immediate();
  return found;
}

/** Whether an upload's duplicate check still waits for its first full sync. */
export function joinCheckWaiting(db: AppDatabase): boolean {
  return getSetting(db, JOIN_CHECK_SETTING) !== null;
}

/** The people found after an upload (empty when none, or dismissed). */
export function joinDuplicates(db: AppDatabase, dismiss = false): JoinDuplicateView[] {
  if (dismiss) {
    db.sqlite.prepare('DELETE FROM setting WHERE key = ?').run(JOIN_DUPLICATES_SETTING);
    return [];
  }
  const raw = getSetting(db, JOIN_DUPLICATES_SETTING);
  if (raw === null) return [];
  try {
    return JSON.parse(raw) as JoinDuplicateView[];
  } catch {
    return [];
  }
}

/**
 * "Start from the office", after the backup: the synced tables emptied (clearSyncedData) and capture on afresh
 * with a new clock id. Returns the change events that make every screen refresh: the rows it showed are gone
 * (headshot stands for "all talent").
 */
export function startFromOffice(db: AppDatabase, node: string): ReturnType<typeof syncChangeEvents> {
  clearSyncedData(db);
  enableCapture(db, { node });
  const all = new Map<SyncedTable, Set<string>>(
    (['headshot', 'project', 'memory'] as const).map((t) => [t, new Set()]),
  );
  return syncChangeEvents(all);
}

/**
 * "Upload": every local row queued for the office, the cursor reset (it counted another office's sequence), and
 * the local people remembered for the look-alike check after the first full sync; all or nothing.
 */
export function queueForUpload(db: AppDatabase, officeId: string, node: string): void {
  db.sqlite
    .transaction(() => {
      if (db.sqlite.prepare('SELECT 1 FROM sync_state WHERE id = 1').get())
        db.sqlite.prepare('UPDATE sync_state SET cursor = 0 WHERE id = 1').run();
      rememberLocalPeople(db, officeId);
      enableCapture(db, { node, seedExisting: true });
    })
    .immediate();
}
