// Blob download for sync (docs/SYNC.md "Blobs"). After each pull: the 320 px thumbnail of every pulled headshot
// and the PDF of every pulled script, so cards and the script viewer work offline. Full-size headshots only on
// demand (fetchFullSize): originals are large and most are never opened. Every blob is checked against the SHA-256
// that names it before anything is written: a corrupt copy from the server is refused, never stored.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { FullSizeResult } from '../../shared/headshots.ts';
import { hasFullSize, storeSyncedOriginal, storeSyncedThumbnail } from '../headshots/sync-store.ts';
import type { AppDatabase } from '../store/db.ts';
import type { BlobHttp } from './blob-http.ts';
import { scriptPdfPath } from './blobs.ts';

/** The server's default limit, for a desktop that has not yet seen the server's own (MAX_BLOB_BYTES). */
const DEFAULT_SERVER_LIMIT = 10 * 1024 * 1024;
/** Thumbnails fetched at once: small files, so a few in flight hide the round trips. */
const PARALLEL = 4;

export interface DownloadReport {
  thumbnails: number;
  scripts: number;
  /** Blobs whose bytes did not match their hash: refused, not stored. */
  refused: string[];
  /** The server could not be reached: what is missing is fetched at the next sync. */
  offline: boolean;
}

const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export class BlobDownloader {
  private readonly db: AppDatabase;
  private readonly dataDir: string;
  private readonly http: BlobHttp;
  private readonly log: (message: string) => void;

  constructor(db: AppDatabase, dataDir: string, http: BlobHttp, log: (message: string) => void = () => {}) {
    this.db = db;
    this.dataDir = dataDir;
    this.http = http;
    this.log = log;
  }

  /** Fetches the thumbnails and script PDFs that pulled rows name and this desktop lacks. */
  async afterPull(): Promise<DownloadReport> {
    const report: DownloadReport = { thumbnails: 0, scripts: 0, refused: [], offline: false };
    // A headshot with no media_blob row here came from another desktop and has no thumbnail yet.
    const thumbs = this.db.sqlite
      .prepare(
        `SELECT h.sha256, min(h.thumb_sha256) AS thumb, max(h.original_bytes) AS bytes, max(h.original_mime) AS mime
         FROM headshot h LEFT JOIN media_blob b ON b.sha256 = h.sha256
         WHERE b.sha256 IS NULL AND h.deleted_at IS NULL AND h.thumb_sha256 IS NOT NULL GROUP BY h.sha256`,
      )
      .all() as { sha256: string; thumb: string; bytes: number | null; mime: string | null }[];
    const queue = [...thumbs];
    const worker = async () => {
      for (let t = queue.shift(); t && !report.offline; t = queue.shift()) {
        const bytes = await this.get(t.thumb, report);
        if (!bytes) continue;
        await storeSyncedThumbnail(this.db, this.dataDir, t, t.thumb, bytes);
        report.thumbnails++;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    if (report.offline) return report;

    const scripts = this.db.sqlite
      .prepare('SELECT DISTINCT sha256 FROM script WHERE deleted_at IS NULL')
      .all() as { sha256: string }[];
    for (const { sha256 } of scripts) {
      if (report.offline) break;
      const path = scriptPdfPath(this.dataDir, sha256);
      if (!/^[0-9a-f]{64}$/.test(sha256) || existsSync(path)) continue;
      const bytes = await this.get(sha256, report);
      if (!bytes) continue;
      await writeFileAtomic(path, bytes);
      report.scripts++;
    }
    return report;
  }

  /** The original of a headshot, on demand: stored with its full-size view, or why it cannot be had. */
  async fetchFullSize(sha256: string): Promise<FullSizeResult> {
    const row = this.db.sqlite
      .prepare(
        'SELECT original_bytes AS bytes, original_mime AS mime FROM headshot WHERE sha256 = ? AND deleted_at IS NULL LIMIT 1',
      )
      .get(sha256) as { bytes: number | null; mime: string | null } | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'No headshot with that image.');
    if (hasFullSize(this.dataDir, sha256)) return { state: 'local', message: null };
    const a = await this.http.request('GET', sha256);
    if (a.kind === 'network')
      return {
        state: 'offline',
        message: 'The sync server cannot be reached: the full-size photo downloads once it is back.',
      };
    if (a.kind === 'error') {
      const limit = this.http.maxBlobBytes ?? DEFAULT_SERVER_LIMIT;
      if (a.status === 404 && row.bytes !== null && row.bytes > limit)
        return {
          state: 'too_large',
          message: `This photo (${mb(row.bytes)}) is larger than the sync server takes (${mb(limit)}): the full size stays on the computer that imported it.`,
        };
      return {
        state: 'missing',
        message:
          a.status === 404
            ? 'The full-size photo has not reached the sync server yet. Try again once the computer that imported it has synced.'
            : `The sync server refused the download: ${a.message}`,
      };
    }
    if (sha256Of(a.body) !== sha256) {
      this.log(`blob ${sha256}: the server's copy does not match its hash; refused`);
      return {
        state: 'refused',
        message:
          'The server sent a damaged copy of this photo (it does not match its fingerprint); it was not kept.',
      };
    }
    const mime = row.mime ?? a.headers.get('content-type') ?? 'application/octet-stream';
    await storeSyncedOriginal(this.db, this.dataDir, sha256, a.body, mime);
    return { state: 'local', message: null };
  }

  /** One blob, checked against its hash; null when absent, refused or unreachable (noted on the report). */
  private async get(sha256: string, report: DownloadReport): Promise<Buffer | null> {
    const a = await this.http.request('GET', sha256);
    if (a.kind === 'network') {
      report.offline = true;
      return null;
    }
    if (a.kind === 'error') return null; // not on the server (too large to sync, or lost): tried again next time
    if (sha256Of(a.body) !== sha256) {
      this.log(`blob ${sha256}: the server's copy does not match its hash; refused`);
      report.refused.push(sha256);
      return null;
    }
    return a.body;
  }
}

/** Temp file beside the target, then rename: a reader never sees half a PDF. */
async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
