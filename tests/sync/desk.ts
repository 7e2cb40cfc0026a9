// A whole desktop backend for the sync service tests (service, first-join, team-activity, blobs): createBackend on
// its own data folder with the sync service's retries made immediate, called through the real dispatcher, and a
// way to wait for a condition on its events instead of sleeping. Every desk made here is closed by closeDesks().
import { join } from 'node:path';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { memorySecretStore, type SecretStore } from '../../src/backend/claude/secret-store.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/api.ts';
import type { SyncStatusView } from '../../src/shared/sync/desktop-api.ts';
import { tempDir } from '../support/db.ts';

export interface Desk {
  b: Backend;
  /** The office folder (database, media, scripts). */
  dir: string;
  tokens: SecretStore;
  /** Moves this desktop's clock (ms ahead of the real one). */
  clock: { offset: number };
  /** A method through the dispatcher; an error answer is thrown with its code. */
  call<M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Resolves once `check` holds, re-checked after each event of this backend. */
  until<T>(check: () => T | undefined | false | null): Promise<T>;
  status(): SyncStatusView;
  close(): void;
}

export interface DeskOptions {
  fetch?: typeof fetch;
  pullLimit?: number;
  /** An existing office folder (a desktop restarted from its files). */
  dir?: string;
  tokens?: SecretStore;
  /** Set the sync server's address at once. */
  server?: string;
  /** The sync service's clock instead of the real one moved by `clock.offset` (a test that holds time still). */
  now?: () => number;
}

const open = new Set<Backend>();

export async function makeDesk(name: string, o: DeskOptions = {}): Promise<Desk> {
  const tokens = o.tokens ?? memorySecretStore();
  const dir = o.dir ?? join(tempDir(`castmatch-desk-${name}-`), 'office');
  const clock = { offset: 0 };
  const b = await createBackend({
    dataDir: dir,
    transport: 'browser',
    version: 't',
    syncSecrets: tokens,
    sync: {
      client: { wait: async () => {}, attempts: 2, ...(o.pullLimit ? { pullLimit: o.pullLimit } : {}) },
      reconnectDelay: () => 20,
      now: o.now ?? (() => Date.now() + clock.offset),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    },
    log: () => {},
  });
  open.add(b);
  const d: Desk = {
    b,
    dir,
    tokens,
    clock,
    async call(m, input) {
      const r = await b.dispatch(m, input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as never;
    },
    until(check) {
      return new Promise((resolve) => {
        const first = check();
        if (first) return resolve(first);
        const off = b.events.subscribe(() => {
          const v = check();
          if (v) {
            off();
            resolve(v);
          }
        });
      });
    },
    status: () => b.sync.status(),
    close() {
      if (open.delete(b)) b.close();
    },
  };
  if (o.server) await d.call('sync.configure', { serverUrl: o.server });
  return d;
}

/** Closes every desk still open (afterAll). */
export function closeDesks(): void {
  for (const b of open) b.close();
  open.clear();
}
