// Values the server cannot store (a NUL, a lone surrogate) are normalised before they enter the outbox, so they
// sync instead of failing forever; a change the server refuses anyway is kept as a "sync problem" the user can
// retry or discard, and never vanishes.
import { describe, expect, it } from 'vitest';
import { type AppDatabase, databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { enableCapture } from '../../src/backend/sync/capture.ts';
import { readBatch } from '../../src/backend/sync/outbox.ts';
import { discardSyncProblem, listSyncProblems, retrySyncProblem } from '../../src/backend/sync/problems.ts';
import { createTalent, getTalent, updateTalent } from '../../src/backend/talent/repo.ts';
import { normaliseJson, unstorableJson } from '../../src/shared/sync/json-safety.ts';
import { createOffice, inviteUser, serverForFile } from '../server/helpers.ts';
import { tempDir } from '../support/db.ts';
import { makeDesktop } from './harness.ts';

const syncServer = serverForFile('syncunstorable');

async function pair() {
  const admin = await createOffice(syncServer.srv.base, 'Juhu Casting');
  const other = await inviteUser(syncServer.srv.base, admin, 'assistant');
  const a = await makeDesktop('a', syncServer.srv.base, admin);
  const b = await makeDesktop('b', syncServer.srv.base, other);
  return { a, b, admin };
}

const serverValue = async (officeId: string, rowId: string, col: string) =>
  (
    await syncServer.tdb.admin.query(
      'SELECT value FROM castmatch.cells WHERE office_id = $1 AND row_id = $2 AND col = $3',
      [officeId, rowId, col],
    )
  ).rows[0]?.value as unknown;

/** The outbox's stored JSON texts, as capture wrote them. */
const queued = (db: AppDatabase) =>
  (db.sqlite.prepare('SELECT value FROM sync_outbox ORDER BY seq').all() as { value: string }[]).map(
    (r) => r.value,
  );

describe('normalising what the server cannot store', () => {
  it('normaliseJson strips NULs, mends lone surrogates and keeps deep nesting as text', () => {
    expect(normaliseJson('a\u0000b\ud800c')).toBe('ab\ufffdc');
    expect(normaliseJson({ 'k\u0000': ['\udc00', 'fine 😀'] })).toEqual({ k: ['\ufffd', 'fine 😀'] });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = [deep];
    const kept = normaliseJson(deep as never);
    expect(unstorableJson(kept)).toBeUndefined();
    expect(JSON.stringify(kept)).toContain('bottom');
    const same = { a: 'plain' };
    expect(normaliseJson(same)).toBe(same); // the usual case copies nothing
  });

  it('a talent note with a NUL and a lone surrogate syncs to a peer as the normalised string', async () => {
    const { a, b, admin } = await pair();
    const t = createTalent(a.db, {
      fullName: 'Sa\u0000njay Mishra',
      notes: 'Good\u0000 in comedy \ud83d end',
    });
    // Normalised as it enters the outbox (the driver already stored the lone surrogate as U+FFFD).
    expect(queued(a.db)).toHaveLength(1);
    expect(queued(a.db)[0]).toContain('"notes":"Good in comedy \ufffd end"');
    expect(queued(a.db)[0]).toContain('"full_name":"Sanjay Mishra"');
    const r = await a.sync();
    expect(r).toMatchObject({ state: 'idle', rejectedCells: 0 });
    expect(listSyncProblems(a.db)).toEqual([]);
    expect(await serverValue(admin.user.officeId, t.id, 'notes')).toBe('Good in comedy \ufffd end');
    expect((await b.sync()).state).toBe('idle');
    expect(getTalent(b.db, t.id).notes).toBe('Good in comedy \ufffd end');
    expect(getTalent(b.db, t.id).fullName).toBe('Sanjay Mishra');

    // An edit too: only the changed field is queued, normalised.
    updateTalent(a.db, t.id, { fullName: 'Sanjay Mishra', notes: 'Now\u0000 with drama' });
    expect(queued(a.db).join('\n')).not.toContain('\\u0000');
    const batch = readBatch(a.db);
    expect(batch?.changes.map((c) => [c.column, c.value])).toContainEqual(['notes', 'Now with drama']);
    await a.sync();
    await b.sync();
    expect(getTalent(b.db, t.id).notes).toBe('Now with drama');
    a.close();
    b.close();
  });

  it('an outbox entry queued raw by an older version is sent normalised', async () => {
    const { a, b } = await pair();
    const t = createTalent(b.db, { fullName: 'Old Outbox' });
    await b.sync();
    await a.sync();
    a.db.sqlite
      .prepare("INSERT INTO sync_outbox (tbl, row_id, col, value, hlc) VALUES ('talent', ?, 'notes', ?, ?)")
      .run(t.id, JSON.stringify('old\u0000 note'), `${new Date().toISOString()}-0000-00000000000000aa`);
    expect((await a.sync()).rejectedCells).toBe(0);
    await b.sync();
    expect(getTalent(b.db, t.id).notes).toBe('old note');
    a.close();
    b.close();
  });

  it('rows that held a NUL before sync was turned on are cleaned when they are brought into the office', async () => {
    const db = await openDatabase(databaseFile(tempDir('castmatch-seed-')));
    const t = createTalent(db, { fullName: 'Before Sync', notes: 'x\u0000y' });
    expect(getTalent(db, t.id).notes).toBe('x\u0000y'); // no capture, no cleaning: sync is off
    enableCapture(db, { node: '00000000000000bb', seedExisting: true });
    expect(getTalent(db, t.id).notes).toBe('xy');
    const cells = readBatch(db)?.changes ?? [];
    expect(cells.find((c) => c.rowId === t.id && c.column === 'notes')?.value).toBe('xy');
    db.close();
  });
});

describe('sync problems: changes the server refused', () => {
  const huge = 'x'.repeat(70 * 1024); // over the server's 64 KiB cell limit

  it('are kept with the reason, survive a restart, and are listed until retried or discarded', async () => {
    const { a, b } = await pair();
    const t = createTalent(a.db, { fullName: 'Huge Notes' });
    a.db.sqlite.prepare('UPDATE talent SET notes = ? WHERE id = ?').run(huge, t.id);
    const r = await a.sync();
    expect(r).toMatchObject({ state: 'idle', rejectedCells: 1 });
    await a.restart();
    const problems = listSyncProblems(a.db);
    expect(problems).toEqual([
      {
        table: 'talent',
        rowId: t.id,
        column: 'notes',
        value: huge,
        hlc: expect.any(String),
        reason: expect.stringMatching(/^value: .*larger than 65536/),
      },
    ]);
    // Retrying an unchanged value is refused again, and the problem comes back: it never vanishes.
    expect(retrySyncProblem(a.db, problems[0]!)).toBe(true);
    expect(listSyncProblems(a.db)).toEqual([]);
    expect((await a.sync()).rejectedCells).toBe(1);
    expect(listSyncProblems(a.db)).toHaveLength(1);
    // Discarding drops it for good; nothing is sent.
    expect(discardSyncProblem(a.db, problems[0]!)).toBe(true);
    expect(discardSyncProblem(a.db, problems[0]!)).toBe(false);
    expect(listSyncProblems(a.db)).toEqual([]);
    expect((await a.sync()).pushedCells).toBe(0);
    await b.sync();
    expect(getTalent(b.db, t.id).notes).toBeNull();
    a.close();
    b.close();
  });

  it('a retry sends the change again, normalised, with its original time', async () => {
    const { a, b, admin } = await pair();
    const t = createTalent(a.db, { fullName: 'Refused Once' });
    await a.sync();
    // Refused by an older server for a NUL (before this desktop normalised values): parked as a problem.
    // Written after the row was created (a later edit of the notes), so it wins once it arrives.
    const hlc = `${new Date(Date.now() + 1000).toISOString()}-0000-00000000000000cc`;
    a.db.sqlite
      .prepare(
        "INSERT INTO sync_parked (tbl, row_id, col, value, hlc, device_id, reason) VALUES ('talent', ?, 'notes', ?, ?, NULL, ?)",
      )
      .run(t.id, JSON.stringify('kept\u0000 note'), hlc, 'rejected: notes: internal error');
    expect(listSyncProblems(a.db).map((p) => p.reason)).toEqual(['notes: internal error']);
    expect(retrySyncProblem(a.db, { table: 'talent', rowId: t.id, column: 'notes' })).toBe(true);
    expect(retrySyncProblem(a.db, { table: 'talent', rowId: t.id, column: 'notes' })).toBe(false);
    const r = await a.sync();
    expect(r).toMatchObject({ state: 'idle', rejectedCells: 0 });
    expect(listSyncProblems(a.db)).toEqual([]);
    expect(await serverValue(admin.user.officeId, t.id, 'notes')).toBe('kept note');
    await b.sync();
    expect(getTalent(b.db, t.id).notes).toBe('kept note');
    a.close();
    b.close();
  });

  it('cells of tables this version does not know are kept but are not problems', async () => {
    const { a } = await pair();
    a.db.sqlite
      .prepare(
        "INSERT INTO sync_parked (tbl, row_id, col, value, hlc, device_id, reason) VALUES ('audition_slot', 's1', 'at', '\"10:00\"', ?, 'dev-x', 'unknown table')",
      )
      .run(`${new Date().toISOString()}-0000-00000000000000dd`);
    expect(listSyncProblems(a.db)).toEqual([]);
    expect(discardSyncProblem(a.db, { table: 'audition_slot', rowId: 's1', column: 'at' })).toBe(false);
    expect(a.db.sqlite.prepare('SELECT count(*) AS n FROM sync_parked').get()).toEqual({ n: 1 });
    a.close();
  });
});
