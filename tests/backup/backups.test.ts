// Backups and restore of an office: a consistent database copy through SQLite's backup API, the headshots
// and script PDFs beside it (hard-linked), retention, the daily schedule, and a restore that backs up the
// current state first and refuses a damaged backup without touching anything.
import { execFile } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import {
  backupsDir,
  createBackup,
  dailyBackupDue,
  listBackups,
  restoreBackup,
} from '../../src/backend/backup/backups.ts';
import { checkIntegrity, checkIntegrityOffThread } from '../../src/backend/backup/integrity.ts';
import { startBackupSchedule } from '../../src/backend/backup/schedule.ts';
import { tempDir } from '../support/db.ts';

const run = promisify(execFile);
const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

async function office(): Promise<Backend> {
  const b = await createBackend({
    dataDir: tempDir('castmatch-backup-'),
    transport: 'browser',
    version: 'test',
  });
  open.push(b);
  return b;
}

const PEOPLE = [
  { fullName: 'Priya Sharma', nativeName: 'प्रिया शर्मा', phone: '+91 98200 12345', city: 'Mumbai' },
  {
    fullName: 'Mohd. Irfan Qureshi',
    nativeName: 'मोहम्मद इरफ़ान',
    phone: '022-2634 5678',
    city: 'Andheri (W)',
  },
  { fullName: 'Sayali  Deshpande ', nativeName: 'सायली देशपांडे', phone: '9820012345', city: 'Pune' },
];

async function addPeople(b: Backend, people = PEOPLE): Promise<string[]> {
  const ids: string[] = [];
  for (const p of people) {
    const r = await b.dispatch('talent.create', p);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    ids.push((r.value as { id: string }).id);
  }
  return ids;
}

type Row = { full_name: string; native_name: string | null; phone: string | null; city: string | null };
const people = (sqlite: Database.Database) =>
  sqlite
    .prepare(
      'SELECT full_name, native_name, phone, city FROM talent WHERE deleted_at IS NULL ORDER BY full_name',
    )
    .all() as Row[];

const SHA = 'ab'.repeat(32);
/** Media as the store writes it, plus the litter a crash leaves: a temp file and a half-written PDF. */
function addFiles(dataDir: string): void {
  const media = join(dataDir, 'media');
  mkdirSync(join(media, 'originals', 'ab'), { recursive: true });
  mkdirSync(join(media, '320'), { recursive: true });
  mkdirSync(join(media, 'tmp'), { recursive: true });
  mkdirSync(join(dataDir, 'scripts'), { recursive: true });
  writeFileSync(join(media, 'originals', 'ab', SHA.slice(2)), 'JPEG bytes of Priya_Sharma_01.JPG');
  writeFileSync(join(media, '320', `${SHA}.webp`), 'webp thumb');
  writeFileSync(join(media, 'tmp', 'f00d.tmp'), 'half a file');
  writeFileSync(join(dataDir, 'scripts', `${'cd'.repeat(32)}.pdf`), '%PDF-1.7 Mumbai Diaries ep 1');
  writeFileSync(join(dataDir, 'scripts', `${'cd'.repeat(32)}.pdf.123.456.tmp`), '%PDF-1.7 half');
}

describe('createBackup', () => {
  it('copies the database consistently and the finished files by hard link, and lists it', async () => {
    const b = await office();
    await addPeople(b);
    addFiles(b.dataDir);
    const m = await createBackup(b.db.sqlite, b.dataDir, { reason: 'manual' });
    expect(m.reason).toBe('manual');
    expect(m.files).toBe(3); // original, thumbnail, PDF; not the temp file nor the half PDF
    const dir = join(backupsDir(b.dataDir), m.id);
    expect(readdirSync(dir).sort()).toEqual(['castmatch.sqlite', 'manifest.json', 'media', 'scripts']);
    const original = join('media', 'originals', 'ab', SHA.slice(2));
    expect(statSync(join(dir, original)).ino).toBe(statSync(join(b.dataDir, original)).ino);
    expect(readdirSync(join(dir, 'media')).sort()).toEqual(['320', 'originals']);
    const copy = new Database(join(dir, 'castmatch.sqlite'), { readonly: true });
    expect(people(copy)).toEqual(people(b.db.sqlite));
    expect(people(copy).map((p) => p.native_name)).toContain('प्रिया शर्मा');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(checkIntegrity(copy).ok).toBe(true);
    copy.close();
    expect((await listBackups(b.dataDir)).map((x) => x.id)).toEqual([m.id]);
  });

  it('keeps the newest of each kind, and never lists an unfinished backup', async () => {
    const b = await office();
    const day = 24 * 60 * 60 * 1000;
    const start = Date.parse('2026-11-01T03:30:00Z');
    for (let i = 0; i < 9; i++)
      await createBackup(b.db.sqlite, b.dataDir, { reason: 'daily', now: new Date(start + i * day) });
    const manual = await createBackup(b.db.sqlite, b.dataDir, { reason: 'manual', now: new Date(start) });
    mkdirSync(join(backupsDir(b.dataDir), '2026-12-01T00-00-00-000Z_daily_abcdef'));
    const list = await listBackups(b.dataDir);
    const daily = list.filter((x) => x.reason === 'daily').map((x) => x.createdAt.slice(0, 10));
    expect(daily).toEqual([
      '2026-11-09',
      '2026-11-08',
      '2026-11-07',
      '2026-11-06',
      '2026-11-05',
      '2026-11-04',
      '2026-11-03',
    ]);
    expect(list.filter((x) => x.reason === 'manual').map((x) => x.id)).toEqual([manual.id]);
  });

  it('orders backups taken in one millisecond as they were taken, and restores the last as latest', async () => {
    const b = await office();
    const t = new Date('2026-11-20T09:00:00.123Z');
    // Reasons chosen so that sorting by reason or by chance would put them in another order.
    const first = await createBackup(b.db.sqlite, b.dataDir, { reason: 'manual', now: t });
    await addPeople(b, [PEOPLE[0]!]);
    const second = await createBackup(b.db.sqlite, b.dataDir, { reason: 'daily', now: t });
    await addPeople(b, [PEOPLE[1]!]);
    const afterTwo = people(b.db.sqlite);
    const third = await createBackup(b.db.sqlite, b.dataDir, { reason: 'before-join', now: t });
    expect((await listBackups(b.dataDir)).map((x) => x.id)).toEqual([third.id, second.id, first.id]);
    expect([third.id, first.id, second.id].sort()).toEqual([first.id, second.id, third.id]);

    await addPeople(b, [PEOPLE[2]!]);
    const r = await restoreBackup(b.db.sqlite, b.dataDir, 'latest', { now: t });
    expect(r.restored.id).toBe(third.id);
    expect(people(b.db.sqlite)).toEqual(afterTwo);
    // The safety backup, taken in the same millisecond, is newer still.
    expect((await listBackups(b.dataDir))[0]!.id).toBe(r.safetyBackup.id);
  });

  it('says when the daily backup is due', async () => {
    const b = await office();
    const t = new Date('2026-11-20T09:00:00Z');
    expect(await dailyBackupDue(b.dataDir, t)).toBe(true);
    await createBackup(b.db.sqlite, b.dataDir, { reason: 'daily', now: t });
    expect(await dailyBackupDue(b.dataDir, new Date(t.getTime() + 23 * 3600_000))).toBe(false);
    expect(await dailyBackupDue(b.dataDir, new Date(t.getTime() + 24 * 3600_000))).toBe(true);
    // A manual backup does not count as the daily one.
    const b2 = await office();
    await createBackup(b2.db.sqlite, b2.dataDir, { reason: 'manual', now: t });
    expect(await dailyBackupDue(b2.dataDir, t)).toBe(true);
  });
});

describe('restoreBackup', () => {
  it('brings back the office as it was, after backing up the current state', async () => {
    const b = await office();
    const ids = await addPeople(b);
    addFiles(b.dataDir);
    const before = people(b.db.sqlite);
    const good = await createBackup(b.db.sqlite, b.dataDir, { reason: 'manual' });
    // Then a bad afternoon: a profile deleted, a wrong one added, a headshot file lost.
    expect((await b.dispatch('talent.delete', { id: ids[0] })).ok).toBe(true);
    await addPeople(b, [
      { fullName: 'Wrong Entry', nativeName: 'ग़लत', phone: '+91 22 2500 1234', city: 'Thane' },
    ]);
    const afternoon = people(b.db.sqlite);
    const thumb = join(b.dataDir, 'media', '320', `${SHA}.webp`);
    const { rmSync } = await import('node:fs');
    rmSync(thumb);

    const r = await restoreBackup(b.db.sqlite, b.dataDir, good.id);
    expect(r.restored.id).toBe(good.id);
    expect(r.filesAdded).toBe(1);
    expect(readFileSync(thumb, 'utf8')).toBe('webp thumb');
    // The live connection reads the restored office, field by field.
    expect(people(b.db.sqlite)).toEqual(before);
    expect(checkIntegrity(b.db.sqlite).ok).toBe(true);
    // The safety backup holds the afternoon: restoring it undoes the restore.
    expect(r.safetyBackup.reason).toBe('before-restore');
    await restoreBackup(b.db.sqlite, b.dataDir, r.safetyBackup.id);
    expect(people(b.db.sqlite)).toEqual(afternoon);
    expect((await b.dispatch('talent.search', { text: 'Wrong' })).ok).toBe(true);
  });

  it('refuses a damaged backup and an unknown one, and changes nothing', async () => {
    const b = await office();
    await addPeople(b);
    const m = await createBackup(b.db.sqlite, b.dataDir);
    const file = join(backupsDir(b.dataDir), m.id, 'castmatch.sqlite');
    // Garbage over pages in the middle of the file (a bad sector, a sync tool's half copy).
    const fd = openSync(file, 'r+');
    const size = statSync(file).size;
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    await addPeople(b, [
      { fullName: 'Added After', nativeName: 'बाद में', phone: '98191 23456', city: 'Vasai' },
    ]);
    const now = people(b.db.sqlite);
    await expect(restoreBackup(b.db.sqlite, b.dataDir, m.id)).rejects.toMatchObject({
      code: 'BACKUP_CORRUPT',
    });
    await expect(restoreBackup(b.db.sqlite, b.dataDir, 'nope')).rejects.toMatchObject({
      code: 'BACKUP_NOT_FOUND',
    });
    expect(people(b.db.sqlite)).toEqual(now);
    expect((await listBackups(b.dataDir)).map((x) => x.reason)).toEqual(['manual']);
  });
});

describe('integrity', () => {
  it('reports a damaged database file, and a file that is not a database, off the main thread', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX t_name ON t(name);');
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`कलाकार ${i} ${'x'.repeat(50)}`);
    })();
    db.close();
    expect(await checkIntegrityOffThread(file)).toEqual({ ok: true, problems: [] });
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xff), 0, 4096, 4096 * 3);
    closeSync(fd);
    const bad = await checkIntegrityOffThread(file);
    expect(bad.ok).toBe(false);
    expect(bad.problems.length).toBeGreaterThan(0);
    const notDb = join(dir, 'talent.xlsx');
    writeFileSync(notDb, 'PK\x03\x04 not a database at all, a spreadsheet someone renamed');
    const r = await checkIntegrityOffThread(notDb);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/could not be read|not a database/);
  });
});

describe('the schedule', () => {
  it('checks the office at start and takes the daily backup once', async () => {
    const b = await office();
    await addPeople(b);
    const logs: string[] = [];
    const s1 = startBackupSchedule(b.db.sqlite, b.dataDir, { log: (m) => logs.push(m) });
    expect(await s1.started).toEqual({ integrity: { ok: true, problems: [] }, backedUp: true });
    s1.stop();
    const s2 = startBackupSchedule(b.db.sqlite, b.dataDir, { log: (m) => logs.push(m) });
    expect((await s2.started).backedUp).toBe(false);
    s2.stop();
    expect((await listBackups(b.dataDir)).map((x) => x.reason)).toEqual(['daily']);
    expect(logs).toEqual([]);
  });
});

describe('castmatch backup / backups / restore', () => {
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/castmatch.js', ...args]).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        out: e.stdout,
        err: e.stderr,
      }),
    );

  it('backs up, lists and restores from a terminal', async () => {
    const b = await office();
    await addPeople(b);
    const dataDir = b.dataDir;
    b.close();
    open.length = 0;
    const made = await cli('backup', '--data-dir', dataDir);
    expect(made.code).toBe(0);
    const m = JSON.parse(made.out) as { id: string; reason: string };
    expect(m.reason).toBe('manual');
    const listed = JSON.parse((await cli('backups', '--data-dir', dataDir)).out) as { id: string }[];
    expect(listed.map((x) => x.id)).toEqual([m.id]);
    const restored = await cli('restore', 'latest', '--data-dir', dataDir);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({
      restored: { id: m.id },
      safetyBackup: { reason: 'before-restore' },
    });
    const missing = await cli('restore', '--data-dir', dataDir);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Which backup\?/);
    const unknown = await cli('restore', 'yesterday', '--data-dir', dataDir);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/BACKUP_NOT_FOUND: No backup named "yesterday"/);
  });
});
