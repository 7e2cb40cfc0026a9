// The app's backend, independent of Electron: the database, the handlers behind every contract method and
// the event hub. The Electron shell (src/main) and the browser host (src/backend/host) each wire a
// transport to one of these.

import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup } from '../backup/backups.ts';
import { createCastingHandlers } from '../casting/handlers.ts';
import {
  addToShortlist,
  getShortlist,
  moveShortlistEntry,
  removeFromShortlist,
  updateShortlistEntry,
} from '../casting/repo.ts';
import { createBreakdownHandlers } from '../claude/breakdown.ts';
import { createChatEngine } from '../claude/engine.ts';
import { createChatHandlers } from '../claude/handlers.ts';
import { memorySecretStore, type SecretStore } from '../claude/secret-store.ts';
import { dbToolContext } from '../claude/tool-context.ts';
import { tablePdf } from '../export/schedule-pdf.ts';
import { addDemoFaces } from '../headshots/demo-faces.ts';
import {
  deleteHeadshot,
  importHeadshots,
  listHeadshots,
  reorderHeadshots,
  resolveHeadshotReview,
  resolveMedia,
  setPrimaryHeadshot,
} from '../headshots/index.ts';
import { createMatchHandlers } from '../match/handlers.ts';
import { type AppDatabase, databaseFile, openDatabase } from '../store/db.ts';
import { SyncService } from '../sync/service.ts';
import { seedDemoProfiles } from '../talent/demo.ts';
import { exportTalentInWorker } from '../talent/export.ts';
import { FacetCounter } from '../talent/facets.ts';
import { listDuplicates, resolveDuplicates } from '../talent/import/duplicate-review.ts';
import { ImportJobs } from '../talent/import/jobs.ts';
import { problemsCsv } from '../talent/import/problems-csv.ts';
import {
  createTalent,
  deleteTalent,
  getTalent,
  restoreTalent,
  talentCount,
  updateTalent,
} from '../talent/repo.ts';
import { createSavedSearchHandlers } from '../talent/saved-searches.ts';
import { searchTalent } from '../talent/search.ts';
import { createBreakdownBatchHandlers } from './breakdown-handlers.ts';
import { createDeckHandlers } from './deck-handlers.ts';
import { createDispatcher, type Dispatcher, type Handlers } from './dispatch.ts';
import { EventHub } from './events.ts';
import { FileRegistry } from './files.ts';
import { createScriptHandlers } from './script-handlers.ts';
import { createSyncHandlers } from './sync-handlers.ts';
import { guardViewerTools, guardViewerWrites } from './viewer-guard.ts';

export interface BackendOptions {
  /** Folder holding the office database and media; ':memory:' for tests. */
  dataDir: string;
  transport: 'electron' | 'browser';
  version: string;
  migrationsFolder?: string;
  /** Where the Anthropic API key lives (safeStorage in Electron, a 0600 file in the browser host). */
  secrets?: SecretStore;
  /** The sync server's refresh token (the shell's store, by round trip); memory when absent. */
  syncSecrets?: SecretStore;
  /** Sync loop knobs for tests (retry waits, reconnect delay). */
  sync?: Partial<
    Pick<ConstructorParameters<typeof SyncService>[0], 'client' | 'reconnectDelay' | 'now' | 'fetch'>
  >;
  /** Messages API base URL; tests point it at the fake server. */
  anthropicBaseURL?: string;
  log?: (msg: string, err: unknown) => void;
}

export interface Backend extends Dispatcher {
  db: AppDatabase;
  events: EventHub;
  files: FileRegistry;
  dataDir: string;
  sync: SyncService;
  /** A stored image's file for the media protocol / route, by content hash; null for anything unknown. */
  resolveMedia(sha256: string, variant: string): Promise<string | null>;
  close(): void;
}

const ok = { ok: true as const };

export function createHandlers(
  db: AppDatabase,
  ctx: {
    events: EventHub;
    files: FileRegistry;
    opts: BackendOptions;
    dataDir: string;
    facets: FacetCounter;
    sync: SyncService;
    /** What the backend's close() must stop that the handlers started (running breakdown batches). */
    closers?: Array<() => void>;
  },
): Handlers {
  const { events, files, opts, dataDir, facets } = ctx;
  const headshotBatches = new Map<string, AbortController>();
  const imports = new ImportJobs(db);
  ctx.closers?.push(() => imports.close()); // threads a preview started for an import that never came
  const chat = createChatEngine({
    db,
    secrets: opts.secrets ?? memorySecretStore(),
    baseURL: opts.anthropicBaseURL ?? process.env.CASTMATCH_ANTHROPIC_BASE_URL,
    author: () => ctx.sync.userName,
    toolContext: (cid) =>
      guardViewerTools(
        dbToolContext(db, cid, () => ctx.sync.userName),
        () => ctx.sync.readOnly,
      ),
  });
  const talentChanged = (ids?: string[]) => events.emit('talent.changed', ids ? { ids } : {});
  // Batches of Claude breakdowns: cancelled when the backend closes (close() below).
  const breakdownBatches = createBreakdownBatchHandlers(db, chat, events);
  ctx.closers?.push(() => breakdownBatches.batches.cancelAll());
  const castingChanged = (roleId?: string) => events.emit('casting.changed', roleId ? { roleId } : {});
  return {
    'app.info': () => ({ version: opts.version, transport: opts.transport, talentCount: talentCount(db) }),
    'talent.search': (q) => searchTalent(db, q),
    'talent.facets': (q) => facets.count(q),
    'talent.get': ({ id }) => getTalent(db, id),
    'talent.create': (input) => {
      const t = createTalent(db, input);
      talentChanged([t.id]);
      return t;
    },
    'talent.update': ({ id, patch }) => {
      const t = updateTalent(db, id, patch);
      talentChanged([id]);
      return t;
    },
    'talent.delete': ({ id }) => {
      deleteTalent(db, id);
      talentChanged([id]);
      return ok;
    },
    'talent.restore': ({ id }) => {
      const t = restoreTalent(db, id);
      talentChanged([id]);
      return t;
    },
    'demo.seed': async ({ count, seed }) => {
      const people = seedDemoProfiles(db, count, seed);
      // Illustrated faces through the headshot pipeline, so the demo office looks like one.
      await addDemoFaces(db, dataDir, people);
      talentChanged();
      return { added: people.length };
    },
    'shortlist.get': ({ roleId }) => getShortlist(db, roleId),
    'shortlist.add': ({ roleId, talentId, notes }) => {
      const list = addToShortlist(db, roleId, talentId, notes);
      castingChanged(roleId);
      return list;
    },
    'shortlist.move': ({ entryId, status, beforeId }) => {
      const list = moveShortlistEntry(db, entryId, status, beforeId);
      castingChanged(list[0]?.roleId);
      return list;
    },
    'shortlist.update': ({ entryId, ...patch }) => {
      castingChanged(updateShortlistEntry(db, entryId, patch));
      return ok;
    },
    'shortlist.remove': ({ entryId }) => {
      removeFromShortlist(db, entryId);
      castingChanged();
      return ok;
    },
    'talentImport.preview': ({ file, ...read }) => imports.preview(files.resolve(file).path, read),
    'talentImport.run': async ({ file, jobId, mapping, duplicates, ...read }) => {
      const f = files.resolve(file);
      const report = await imports.run(f.path, {
        jobId,
        mapping,
        duplicates,
        fileName: f.name,
        read,
        onProgress: (phase, done, total) => events.emit('import.progress', { jobId, phase, done, total }),
      });
      talentChanged();
      return report;
    },
    'talentImport.cancel': ({ jobId }) => {
      imports.cancel(jobId);
      return ok;
    },
    'talentImport.duplicates.list': (q) => listDuplicates(db, q),
    'talentImport.duplicates.resolve': (input) => {
      const { results, changedIds } = resolveDuplicates(db, input);
      if (changedIds.length) talentChanged(changedIds.length <= 1000 ? changedIds : undefined);
      return { results };
    },
    'talentImport.problemsCsv': async ({ file, mapping, ...read }) => {
      const f = files.resolve(file);
      const r = await problemsCsv(f.path, mapping, read, f.name);
      return { fileName: r.fileName, mime: r.mime, base64: r.data.toString('base64'), rows: r.rows };
    },
    'talentExport.run': async ({ query, format }) => {
      const r = await exportTalentInWorker(db, query, format);
      return { fileName: r.fileName, mime: r.mime, base64: r.data.toString('base64'), rows: r.rows };
    },
    'headshots.import': async ({ files: handles, target, batchId }) => {
      const abort = new AbortController();
      headshotBatches.set(batchId, abort);
      try {
        const report = await importHeadshots(
          db,
          { paths: handles.map((h) => files.resolve(h).path), target, batchId },
          {
            dataDir,
            signal: abort.signal,
            onProgress: (p) => events.emit('headshots.progress', p),
          },
        );
        talentChanged();
        return report;
      } finally {
        headshotBatches.delete(batchId);
      }
    },
    'headshots.cancelImport': ({ batchId }) => {
      headshotBatches.get(batchId)?.abort();
      return ok;
    },
    'headshots.resolveReview': (input) => {
      const r = resolveHeadshotReview(db, input);
      talentChanged();
      return r;
    },
    'headshots.list': ({ talentId }) => ({ items: listHeadshots(db, talentId, dataDir) }),
    'headshots.fetchFullSize': async ({ sha256 }) => {
      const r = await ctx.sync.fetchFullSize(sha256);
      if (r.state === 'local') talentChanged();
      return r;
    },
    'headshots.setPrimary': ({ talentId, headshotId }) => {
      const items = setPrimaryHeadshot(db, talentId, headshotId);
      talentChanged([talentId]);
      return { items };
    },
    'headshots.reorder': ({ talentId, headshotIds }) => {
      const items = reorderHeadshots(db, talentId, headshotIds);
      talentChanged([talentId]);
      return { items };
    },
    'headshots.delete': ({ headshotId }) => {
      const items = deleteHeadshot(db, headshotId);
      talentChanged();
      return { items };
    },
    ...createChatHandlers(chat, events),
    ...createScriptHandlers({ db, events, files, dataDir }),
    ...createDeckHandlers({ db, events, dataDir }),
    ...createMatchHandlers(db),
    ...createSavedSearchHandlers(db),
    ...createBreakdownHandlers(db, chat),
    ...breakdownBatches.handlers,
    // Projects, roles and auditions (shortlists are above); every write emits casting.changed.
    ...createCastingHandlers(db, { emit: (p) => events.emit('casting.changed', p), tablePdf }),
    ...createSyncHandlers(ctx.sync),
  };
}

export async function createBackend(opts: BackendOptions): Promise<Backend> {
  const file = opts.dataDir === ':memory:' ? ':memory:' : databaseFile(opts.dataDir);
  const db = await openDatabase(file, { migrationsFolder: opts.migrationsFolder });
  const events = new EventHub();
  const files = new FileRegistry();
  // An in-memory office (tests) still needs a folder for media and uploads.
  const dataDir =
    opts.dataDir === ':memory:'
      ? join(tmpdir(), `castmatch-mem-${randomBytes(4).toString('hex')}`)
      : opts.dataDir;
  const facets = new FacetCounter(db);
  facets.warm();
  const sync = new SyncService({
    db,
    tokens: opts.syncSecrets ?? memorySecretStore(),
    dataDir, // blobs (headshot images, script PDFs) sync from and to its media/ and scripts/
    emit: (event, payload) => events.emit(event, payload),
    log: (m, e) => opts.log?.(m, e),
    // Before a first join replaces this desktop's data with the office's (sync/first-join.ts).
    backupBeforeJoin: () => createBackup(db.sqlite, dataDir, { reason: 'before-join' }),
    ...opts.sync,
  });
  const closers: Array<() => void> = [];
  const dispatcher = createDispatcher(
    // A viewer's desktop refuses the office's writes itself (viewer-guard.ts).
    guardViewerWrites(
      createHandlers(db, { events, files, opts, dataDir, facets, sync, closers }),
      () => sync.readOnly,
    ),
    opts.log,
  );
  // Starting asks the shell for the refresh token (a round trip): the backend is ready without waiting for it.
  sync.start().catch((e: unknown) => opts.log?.('sync could not start', e));
  return {
    // After every call, the sync service looks whether it wrote a synced table, and pushes shortly after.
    dispatch: async (method, input) => {
      const r = await dispatcher.dispatch(method, input);
      sync.afterCall();
      return r;
    },
    db,
    events,
    files,
    dataDir,
    sync,
    resolveMedia: async (sha, variant) => resolveMedia(db, dataDir, sha, variant)?.path ?? null,
    close: () => {
      for (const stop of closers) stop();
      sync.close();
      facets.close();
      db.close();
    },
  };
}
