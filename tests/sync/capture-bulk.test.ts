// The bulk insert path (BulkTalentInsert) lifts the per-row capture trigger and queues the outbox set-based: its
// outbox must be what the per-row trigger writes (same JSON, one entry per row, fresh increasing timestamps), the
// clock must move past them, and the trigger must be back afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDatabase, databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { enableCapture, ensureCapture } from '../../src/backend/sync/capture.ts';
import type { OutboxRow } from '../../src/backend/sync/outbox.ts';
import { demoTalent } from '../../src/backend/talent/demo.ts';
import { BULK_THRESHOLD, insertTalentRows } from '../../src/backend/talent/repo.ts';
import { tempDir } from '../support/db.ts';

const open: AppDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function desktop(): Promise<AppDatabase> {
  const db = await openDatabase(databaseFile(tempDir('castmatch-capture-bulk-')));
  open.push(db);
  enableCapture(db, { node: '00000000000000bb' });
  return db;
}

const outbox = (db: AppDatabase) =>
  db.sqlite
    .prepare('SELECT seq, tbl, row_id, col, value, hlc FROM sync_outbox ORDER BY seq')
    .all() as OutboxRow[];
const triggers = (db: AppDatabase) =>
  db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();

/** The entry as a row's content, without its row id (the two desktops draw different ids). */
const content = (e: OutboxRow) => ({ tbl: e.tbl, col: e.col, value: JSON.parse(e.value) as unknown });

describe('bulk insert with sync capture on', () => {
  it('queues a 5k-row import exactly as the per-row trigger does', async () => {
    const rows = demoTalent(5000, 7);
    // A NUL in a value: both paths must queue it cleaned.
    rows[17] = { ...rows[17]!, notes: 'callback\u0000 Friday' };
    const now = Date.parse('2026-12-01T10:00:00Z');
    const bulk = await desktop();
    const perRow = await desktop();
    const before = triggers(bulk);
    const clockBefore = (bulk.sqlite.prepare('SELECT hlc FROM sync_state').get() as { hlc: string }).hlc;

    insertTalentRows(bulk, rows, now); // ≥ BULK_THRESHOLD: the bulk path
    for (let i = 0; i < rows.length; i += BULK_THRESHOLD - 1) {
      insertTalentRows(perRow, rows.slice(i, i + BULK_THRESHOLD - 1), now); // below it: per-row triggers
    }

    const a = outbox(bulk);
    const b = outbox(perRow);
    expect(a).toHaveLength(rows.length);
    expect(a.map(content)).toEqual(b.map(content));
    expect(a[17]!.value).not.toContain('\\u0000');
    expect(JSON.parse(a[17]!.value).notes).toBe('callback Friday');
    // Every entry has its own timestamp, increasing with seq, after the clock it started from; the clock ends at
    // the last one, so the next edit sorts after the import.
    const hlcs = a.map((e) => e.hlc);
    expect(hlcs[0]! > clockBefore).toBe(true);
    for (let i = 1; i < hlcs.length; i++) expect(hlcs[i]! > hlcs[i - 1]!, `entry ${i}`).toBe(true);
    expect(new Set(hlcs.map((h) => h.slice(30)))).toEqual(new Set(['00000000000000bb']));
    expect(bulk.sqlite.prepare('SELECT hlc FROM sync_state').get()).toEqual({ hlc: hlcs.at(-1) });
    // sync_clock holds every queued cell's time (the outbox's own trigger still runs).
    const clocked = bulk.sqlite.prepare("SELECT count(*) AS n FROM sync_clock WHERE col = '*'").get();
    expect(clocked).toEqual({ n: rows.length });
    // The capture trigger is back, unchanged: later writes are captured per row again.
    expect(triggers(bulk)).toEqual(before);
    ensureCapture(bulk); // no difference to repair
    expect(triggers(bulk)).toEqual(before);
    bulk.sqlite.prepare("UPDATE talent SET city = 'Thane' WHERE id = ?").run(a[0]!.row_id);
    const last = outbox(bulk).at(-1)!;
    expect([last.row_id, last.col, last.value]).toEqual([a[0]!.row_id, 'city', '"Thane"']);
    expect(last.hlc > hlcs.at(-1)!).toBe(true);
  });

  it('follows a clock that is ahead of this computer (counter after the stored time)', async () => {
    const db = await desktop();
    const ahead = new Date(Date.now() + 60_000).toISOString();
    db.sqlite.prepare('UPDATE sync_state SET hlc = ?').run(`${ahead}-0007-00000000000000bb`);
    insertTalentRows(db, demoTalent(BULK_THRESHOLD, 3));
    const hlcs = outbox(db).map((e) => e.hlc);
    expect(hlcs[0]).toBe(`${ahead}-0008-00000000000000bb`);
    expect(hlcs.at(-1)).toBe(
      `${ahead}-${(7 + BULK_THRESHOLD).toString(16).padStart(4, '0')}-00000000000000bb`,
    );
  });

  it('captures nothing while pulled cells are being applied, as the trigger would not', async () => {
    const db = await desktop();
    db.sqlite.prepare('UPDATE sync_state SET applying = 1').run();
    insertTalentRows(db, demoTalent(BULK_THRESHOLD, 4));
    db.sqlite.prepare('UPDATE sync_state SET applying = 0').run();
    expect(outbox(db)).toEqual([]);
  });
});
