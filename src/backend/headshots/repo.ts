import { existsSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../shared/errors.ts';
import type { GalleryItem } from '../../shared/headshots.ts';
import type { AppDatabase } from '../store/db.ts';
import { mediaPath } from './mediaStore.ts';

/**
 * Headshot rows and the gallery. Invariant kept by every operation here: a talent's live headshots have
 * positions 0..n-1, and the one at position 0 is talent.primary_headshot (the grid card's face).
 * Deleting is a tombstone; blobs are never deleted here (other rows and sync may reference them).
 */

export interface BlobInfo {
  sha256: string;
  byteSize: number;
  mime: string;
  width: number | null;
  height: number | null;
}

export function ensureMediaBlob(db: AppDatabase, b: BlobInfo, now = Date.now()): void {
  db.sqlite
    .prepare(
      `INSERT INTO media_blob (sha256, byte_size, mime, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(sha256) DO NOTHING`,
    )
    .run(b.sha256, b.byteSize, b.mime, b.width, b.height, now);
}

export function mediaBlobExists(db: AppDatabase, sha256: string): boolean {
  return db.sqlite.prepare('SELECT 1 FROM media_blob WHERE sha256 = ?').get(sha256) !== undefined;
}

/** Talents (live) that carry this image as a live headshot. */
export function talentsWithImage(db: AppDatabase, sha256: string): string[] {
  const rows = db.sqlite
    .prepare(
      `SELECT DISTINCT h.talent_id AS id FROM headshot h JOIN talent t ON t.id = h.talent_id
       WHERE h.sha256 = ? AND h.deleted_at IS NULL AND t.deleted_at IS NULL ORDER BY h.talent_id`,
    )
    .all(sha256) as { id: string }[];
  return rows.map((r) => r.id);
}

function talentPrimary(db: AppDatabase, talentId: string): { primary: string | null } {
  const row = db.sqlite
    .prepare('SELECT primary_headshot AS p FROM talent WHERE id = ? AND deleted_at IS NULL')
    .get(talentId) as { p: string | null } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That profile does not exist or was deleted.');
  return { primary: row.p };
}

interface HeadshotRow {
  id: string;
  sha256: string;
  position: number;
}

function liveHeadshots(db: AppDatabase, talentId: string): HeadshotRow[] {
  return db.sqlite
    .prepare(
      `SELECT id, sha256, position FROM headshot WHERE talent_id = ? AND deleted_at IS NULL
       ORDER BY position, created_at, id`,
    )
    .all(talentId) as HeadshotRow[];
}

/** Writes positions 0..n-1 in the given order (touching only rows that move) and makes the first primary. */
function applyOrder(db: AppDatabase, talentId: string, ordered: readonly HeadshotRow[], now: number): void {
  const setPos = db.sqlite.prepare('UPDATE headshot SET position = ?, updated_at = ? WHERE id = ?');
  ordered.forEach((h, i) => {
    if (h.position !== i) setPos.run(i, now, h.id);
  });
  const primary = ordered[0]?.sha256 ?? null;
  db.sqlite
    .prepare(
      'UPDATE talent SET primary_headshot = ?, updated_at = ? WHERE id = ? AND primary_headshot IS NOT ?',
    )
    .run(primary, now, talentId, primary);
}

export interface AddedHeadshot {
  headshotId: string;
  becamePrimary: boolean;
  /** The talent already had this image: nothing was added, the existing row is returned. */
  alreadyPresent: boolean;
}

/**
 * Adds a stored image to a talent's gallery: last, or first (and primary) when the talent has no primary.
 * The media_blob row must exist. Call inside a transaction together with ensureMediaBlob.
 */
export function addHeadshot(
  db: AppDatabase,
  talentId: string,
  sha256: string,
  originalName: string | null,
  now = Date.now(),
): AddedHeadshot {
  const { primary } = talentPrimary(db, talentId);
  const live = liveHeadshots(db, talentId);
  const existing = live.find((h) => h.sha256 === sha256);
  if (existing) return { headshotId: existing.id, becamePrimary: false, alreadyPresent: true };
  const id = uuidv7();
  const becamePrimary = primary === null;
  db.sqlite
    .prepare(
      `INSERT INTO headshot (id, talent_id, sha256, original_name, position, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, talentId, sha256, originalName, live.length, now, now);
  const row: HeadshotRow = { id, sha256, position: live.length };
  applyOrder(db, talentId, becamePrimary ? [row, ...live] : [...live, row], now);
  return { headshotId: id, becamePrimary, alreadyPresent: false };
}

interface GalleryRow {
  id: string;
  talent_id: string;
  sha256: string;
  original_name: string | null;
  position: number;
  created_at: number;
  mime: string;
  byte_size: number;
  width: number | null;
  height: number | null;
  primary_headshot: string | null;
  /** The sync upload queue's note when the original is over the server's limit (drizzle/0010_sync_blobs.sql). */
  sync_note: string | null;
}

/**
 * A talent's gallery. With `dataDir`, each item also says whether its full-size view is on this desktop (an image
 * synced from another desktop arrives as a thumbnail; the original comes on demand, src/backend/sync/).
 */
export function listHeadshots(db: AppDatabase, talentId: string, dataDir?: string): GalleryItem[] {
  talentPrimary(db, talentId);
  const rows = db.sqlite
    .prepare(
      `SELECT h.id, h.talent_id, h.sha256, h.original_name, h.position, h.created_at,
              b.mime, b.byte_size, b.width, b.height, t.primary_headshot,
              (SELECT u.last_error FROM sync_blob_upload u WHERE u.sha256 = h.sha256 AND u.state IN ('too_large', 'kept_local'))
                AS sync_note
       FROM headshot h JOIN media_blob b ON b.sha256 = h.sha256 JOIN talent t ON t.id = h.talent_id
       WHERE h.talent_id = ? AND h.deleted_at IS NULL ORDER BY h.position, h.created_at, h.id`,
    )
    .all(talentId) as GalleryRow[];
  return rows.map((r) => ({
    id: r.id,
    talentId: r.talent_id,
    sha256: r.sha256,
    originalName: r.original_name,
    position: r.position,
    isPrimary: r.sha256 === r.primary_headshot,
    mime: r.mime,
    byteSize: r.byte_size,
    width: r.width,
    height: r.height,
    createdAt: r.created_at,
    ...(dataDir ? { fullSizeHere: existsSync(mediaPath(dataDir, r.sha256, '1280')) } : {}),
    ...(r.sync_note ? { syncNote: `Full-size photo not synced: ${r.sync_note}` } : {}),
  }));
}

function findLive(db: AppDatabase, talentId: string, headshotId: string): HeadshotRow[] {
  const live = liveHeadshots(db, talentId);
  if (!live.some((h) => h.id === headshotId))
    throw new AppError(
      'NOT_FOUND',
      'That headshot does not exist, was deleted, or belongs to another profile.',
    );
  return live;
}

/** Makes one headshot primary by moving it first; the others keep their order. */
export function setPrimaryHeadshot(db: AppDatabase, talentId: string, headshotId: string): GalleryItem[] {
  db.sqlite.transaction(() => {
    talentPrimary(db, talentId);
    const live = findLive(db, talentId, headshotId);
    const chosen = live.find((h) => h.id === headshotId)!;
    applyOrder(db, talentId, [chosen, ...live.filter((h) => h.id !== headshotId)], Date.now());
  })();
  return listHeadshots(db, talentId);
}

/** New order of all live headshots (exactly that set); the first becomes primary. */
export function reorderHeadshots(
  db: AppDatabase,
  talentId: string,
  headshotIds: readonly string[],
): GalleryItem[] {
  db.sqlite.transaction(() => {
    talentPrimary(db, talentId);
    const live = liveHeadshots(db, talentId);
    const byId = new Map(live.map((h) => [h.id, h]));
    const same = headshotIds.length === live.length && new Set(headshotIds).size === live.length;
    if (!same || !headshotIds.every((id) => byId.has(id)))
      throw new AppError(
        'INVALID_ORDER',
        'The new order must list each of the profile’s headshots exactly once (the gallery may have changed; reload it).',
      );
    applyOrder(
      db,
      talentId,
      headshotIds.map((id) => byId.get(id)!),
      Date.now(),
    );
  })();
  return listHeadshots(db, talentId);
}

/** Tombstones a headshot; if it was primary, the next one becomes primary. Returns the talent's gallery. */
export function deleteHeadshot(db: AppDatabase, headshotId: string): GalleryItem[] {
  const row = db.sqlite
    .prepare('SELECT talent_id AS t FROM headshot WHERE id = ? AND deleted_at IS NULL')
    .get(headshotId) as { t: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'That headshot does not exist or was already deleted.');
  db.sqlite.transaction(() => {
    const now = Date.now();
    db.sqlite
      .prepare('UPDATE headshot SET deleted_at = ?, updated_at = ? WHERE id = ?')
      .run(now, now, headshotId);
    applyOrder(db, row.t, liveHeadshots(db, row.t), now);
  })();
  return listHeadshots(db, row.t);
}
