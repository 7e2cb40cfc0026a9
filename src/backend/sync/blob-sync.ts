// Blob sync for a running loop (loop.ts): the uploader (blob-upload.ts) and downloader (blob-download.ts) on one
// BlobHttp, made per sign-in, and what the loop does with them around a run: blobs first before each pushed batch,
// after the run the queue's leftovers (a blob sent again from "Sync problems") and the downloads of what arrived.
import type { EventName, EventPayload } from '../../shared/api.ts';
import type { FullSizeResult } from '../../shared/headshots.ts';
import type { AppDatabase } from '../store/db.ts';
import { BlobDownloader } from './blob-download.ts';
import { BlobHttp } from './blob-http.ts';
import { BlobUploader } from './blob-upload.ts';
import type { SyncAuth } from './json-request.ts';

export interface BlobSyncOptions {
  db: AppDatabase;
  /** The office folder (media/, scripts/). */
  dataDir: string;
  baseUrl: string;
  auth: SyncAuth;
  fetch: typeof fetch;
  wait?: (ms: number) => Promise<void>;
  attempts?: number;
  now: () => number;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  log: (message: string, err?: unknown) => void;
}

export class BlobSync {
  readonly up: BlobUploader;
  private readonly down: BlobDownloader;
  private readonly o: BlobSyncOptions;

  constructor(o: BlobSyncOptions) {
    this.o = o;
    const http = new BlobHttp({
      baseUrl: o.baseUrl,
      auth: o.auth,
      fetch: o.fetch,
      ...(o.wait ? { wait: o.wait } : {}),
      ...(o.attempts ? { attempts: o.attempts } : {}),
    });
    this.up = new BlobUploader(o.db, o.dataDir, http, { now: o.now });
    this.down = new BlobDownloader(o.db, o.dataDir, http, (m) => o.log(m));
  }

  /** A headshot's original from the server, on demand (only thumbnails come with the records). */
  fetchFullSize(sha256: string): Promise<FullSizeResult> {
    return this.down.fetchFullSize(sha256);
  }

  /**
   * After a run that reached the server: blobs still queued whose cells already went (sent again from "Sync
   * problems") when this desktop may push, then the thumbnails and script PDFs of what arrived (open cards refresh
   * when faces came). `current` says whether the loop still runs on this sign-in.
   */
  async afterRun(canPush: boolean, current: () => boolean): Promise<void> {
    if (canPush) {
      try {
        const r = await this.up.uploadPending();
        if (r.hold) this.o.log(`sync: blob upload stopped: ${r.hold.message}`);
      } catch (e) {
        this.o.log('sync: blob upload failed', e);
      }
      if (!current()) return;
    }
    try {
      const r = await this.down.afterPull();
      if (!current()) return;
      if (r.thumbnails > 0) this.o.emit('talent.changed', {});
      if (r.refused.length > 0)
        this.o.log(`sync: refused ${r.refused.length} blob(s) whose bytes did not match their hash`);
    } catch (e) {
      this.o.log('sync: blob download failed', e);
    }
  }
}
