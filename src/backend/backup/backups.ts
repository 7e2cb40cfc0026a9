// Backups of an office: a consistent copy of the database taken with SQLite's backup API (safe while the
// app reads and writes), and the content-addressed files beside it (headshots in media/, script PDFs in
// scripts/). Those files never change once written, so a backup hard-links them (no extra space; a copy
// where links are impossible) and the next backup shares them. Each backup is one folder:
//
//   <dataDir>/backups/<id>/castmatch.sqlite, media/…, scripts/…, manifest.json (written last)
//
// A folder without manifest.json is an unfinished backup and is never listed or restored.

import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.ts';
import { checkIntegrityOffThread } from './integrity.ts';

// before-join: taken before a desktop's own data is replaced by an office's (sync/first-join.ts).
export const BACKUP_REASONS = ['daily', 'manual', 'before-restore', 'before-join'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export interface BackupManifest {
  id: string;
  createdAt: string;
  reason: BackupReason;
  databaseBytes: number;
  files: number;
  filesBytes: number;
}

/** A manifest.json as written by createBackup; anything else (hand-edited, truncated) is not a backup. */
function isManifest(v: unknown): v is BackupManifest {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const count = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
  return (
    typeof m.id === 'string' &&
    typeof m.createdAt === 'string' &&
    !Number.isNaN(Date.parse(m.createdAt)) &&
    BACKUP_REASONS.includes(m.reason as BackupReason) &&
    count(m.databaseBytes) &&
    count(m.files) &&
    count(m.filesBytes)
  );
}

/** How many backups of each kind are kept; older ones are removed after a new one is complete. */
export const DEFAULT_RETENTION: Record<BackupReason, number> = {
  daily: 7,
  manual: 10,
  'before-restore': 5,
  'before-join': 3,
};

/** The content-addressed folders of a data folder, and which of their files are finished content. */
const FILE_TREES = [
  { dir: 'media', keep: (rel: string) => !rel.startsWith('tmp/') && !rel.endsWith('.tmp') },
  { dir: 'scripts', keep: (rel: string) => rel.endsWith('.pdf') },
] as const;

export const backupsDir = (dataDir: string) => join(dataDir, 'backups');

async function filesUnder(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Hard-links `from` to `to` (same bytes, no space), or copies it where a link cannot be made. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    await copyFile(from, to);
  }
}

/** Mirrors the finished files of every content-addressed tree from one data-like folder into another. */
async function mirrorFiles(fromRoot: string, toRoot: string, onlyMissing: boolean) {
  let files = 0;
  let bytes = 0;
  for (const tree of FILE_TREES) {
    for (const rel of (await filesUnder(join(fromRoot, tree.dir))).filter(tree.keep)) {
      const from = join(fromRoot, tree.dir, rel);
      const to = join(toRoot, tree.dir, rel);
      if (onlyMissing && (await stat(to).catch(() => null))) continue;
      await linkOrCopy(from, to);
      files++;
      bytes += (await stat(from)).size;
    }
  }
  return { files, bytes };
}

// Ids sort in creation order (listBackups, restore 'latest'): the time, then a sequence number within its
// millisecond, then the reason and a random suffix that only keep ids unique. The sequence continues this
// process's count and past any id already on disk for that millisecond (a backup from the CLI at the same time).
const SEQ_DIGITS = 6;
let lastStamp = '';
let lastSeq = -1;

async function newId(dataDir: string, now: Date, reason: BackupReason): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const names = await readdir(backupsDir(dataDir)).catch(() => [] as string[]);
  let seq = stamp === lastStamp ? lastSeq + 1 : 0;
  for (const name of names) {
    if (!name.startsWith(`${stamp}-`)) continue;
    const onDisk = Number.parseInt(name.slice(stamp.length + 1, stamp.length + 1 + SEQ_DIGITS), 10);
    if (Number.isInteger(onDisk)) seq = Math.max(seq, onDisk + 1);
  }
  lastStamp = stamp;
  lastSeq = seq;
  const seqText = String(seq).padStart(SEQ_DIGITS, '0');
  return `${stamp}-${seqText}_${reason}_${randomBytes(3).toString('hex')}`;
}

export interface BackupOptions {
  reason?: BackupReason;
  now?: Date;
  retention?: Partial<Record<BackupReason, number>>;
}

/**
 * Backs up the office whose live connection is `sqlite` (the app's, the CLI's). The copy is checked with
 * integrity_check before its manifest is written: a backup that is listed is one that can be restored.
 */
export async function createBackup(
  sqlite: Database.Database,
  dataDir: string,
  opts: BackupOptions = {},
): Promise<BackupManifest> {
  const now = opts.now ?? new Date();
  const reason = opts.reason ?? 'manual';
  const id = await newId(dataDir, now, reason);
  const dir = join(backupsDir(dataDir), id);
  await mkdir(dir, { recursive: true });
  try {
    const dbCopy = join(dir, 'castmatch.sqlite');
    await sqlite.backup(dbCopy);
    // A backup is one self-contained file: no -wal or -shm beside it to lose or mismatch.
    const copy = new Database(dbCopy);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const report = await checkIntegrityOffThread(dbCopy);
    if (!report.ok)
      throw new AppError(
        'BACKUP_CORRUPT',
        `The database copy failed SQLite's integrity check (${report.problems[0]}); the office itself may be damaged.`,
      );
    const { files, bytes } = await mirrorFiles(dataDir, dir, false);
    const manifest: BackupManifest = {
      id,
      createdAt: now.toISOString(),
      reason,
      databaseBytes: (await stat(dbCopy)).size,
      files,
      filesBytes: bytes,
    };
    const tmp = join(dir, 'manifest.json.tmp');
    await writeFile(tmp, JSON.stringify(manifest, null, 2));
    await rename(tmp, join(dir, 'manifest.json'));
    await prune(dataDir, { ...DEFAULT_RETENTION, ...opts.retention });
    return manifest;
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Finished backups, newest first. Unfinished folders (no manifest) and foreign files are skipped. */
export async function listBackups(dataDir: string): Promise<BackupManifest[]> {
  const root = backupsDir(dataDir);
  const names = await readdir(root).catch(() => [] as string[]);
  const out: BackupManifest[] = [];
  for (const name of names) {
    const text = await readFile(join(root, name, 'manifest.json'), 'utf8').catch(() => null);
    if (text === null) continue;
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      continue; // a torn manifest: not a finished backup
    }
    if (isManifest(parsed) && parsed.id === name) out.push(parsed);
  }
  return out.sort((a, b) => (a.id < b.id ? 1 : -1));
}

/** Removes the oldest backups of each kind beyond its retention count, and unfinished folders. */
export async function prune(dataDir: string, retention: Record<BackupReason, number>): Promise<string[]> {
  const all = await listBackups(dataDir);
  const removed: string[] = [];
  for (const reason of BACKUP_REASONS) {
    const old = all.filter((b) => b.reason === reason).slice(Math.max(0, retention[reason]));
    for (const b of old) {
      await rm(join(backupsDir(dataDir), b.id), { recursive: true, force: true });
      removed.push(b.id);
    }
  }
  return removed;
}

/** Whether the newest daily backup is older than a day (or there is none). */
export async function dailyBackupDue(dataDir: string, now = new Date()): Promise<boolean> {
  const last = (await listBackups(dataDir)).find((b) => b.reason === 'daily');
  return !last || now.getTime() - Date.parse(last.createdAt) >= 24 * 60 * 60 * 1000;
}

export interface RestoreResult {
  restored: BackupManifest;
  /** The backup of the state just before the restore: restoring that one undoes this. */
  safetyBackup: BackupManifest;
  filesAdded: number;
}

/**
 * Restores backup `id` (or the newest with 'latest') into the office of `sqlite`. The current state is
 * backed up first. The database pages are written with SQLite's backup API from the backup's file into
 * the live one, under SQLite's locks, so other connections see the restored office on their next read.
 * Headshots and PDFs are content-addressed: the backup's are added where missing, none are deleted (a file
 * no row points at any more is only unused).
 */
export async function restoreBackup(
  sqlite: Database.Database,
  dataDir: string,
  id: string,
  opts: { now?: Date } = {},
): Promise<RestoreResult> {
  const all = await listBackups(dataDir);
  const target = id === 'latest' ? all[0] : all.find((b) => b.id === id);
  if (!target)
    throw new AppError(
      'BACKUP_NOT_FOUND',
      id === 'latest' ? 'There is no backup yet.' : `No backup named "${id}".`,
    );
  const dir = join(backupsDir(dataDir), target.id);
  const file = join(dir, 'castmatch.sqlite');
  const report = await checkIntegrityOffThread(file);
  if (!report.ok)
    throw new AppError(
      'BACKUP_CORRUPT',
      `Backup ${target.id} is damaged (${report.problems[0]}); nothing was changed.`,
    );
  const safetyBackup = await createBackup(sqlite, dataDir, { reason: 'before-restore', now: opts.now });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(sqlite.name);
  } finally {
    source.close();
  }
  const { files } = await mirrorFiles(dir, dataDir, true);
  return { restored: target, safetyBackup, filesAdded: files };
}
