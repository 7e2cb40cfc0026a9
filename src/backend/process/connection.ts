// The shell's side of the backend process: the same calls, events, file handles and media lookups as an
// in-process Backend, over protocol.ts. If the process dies it is started again (its data is SQLite's, and a
// committed transaction survives a killed process); calls that were in flight answer BACKEND_RESTARTED, and
// the shell is told so it can show a notice.
import type { Result } from '../../shared/api.ts';
import type { EventListener } from '../api/events.ts';
import { newFileHandle } from '../api/files.ts';
import { memorySecretStore, type SecretStore } from '../claude/secret-store.ts';
import type { BackendProcessOptions, FromBackend, ToBackend } from './protocol.ts';

/** A started backend process, as the shell sees it (a Node ChildProcess or an Electron UtilityProcess). */
export interface BackendChild {
  readonly pid: number | undefined;
  send(message: ToBackend): void;
  onMessage(listener: (message: FromBackend) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface BackendConnection {
  dispatch(method: unknown, input: unknown): Promise<Result>;
  events: { subscribe(listener: EventListener): () => void };
  /** Synchronous, as for an in-process backend: the handle is made here and the process told in order. */
  files: { register(path: string, name: string): string };
  readonly dataDir: string;
  resolveMedia(sha256: string, variant: string): Promise<string | null>;
  /** The process now serving (changes after a restart). */
  readonly pid: number | undefined;
  /** After an unexpected exit, once a new process is ready. */
  onRestart(listener: (info: { exitCode: number | null; restarts: number }) => void): () => void;
  /** Stops the process (and with it every worker it started); resolves once it has exited. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  spawn: () => BackendChild;
  options: BackendProcessOptions;
  /** The shell's secret store: the process asks for the key through it. */
  secrets: SecretStore;
  /** Where the sync refresh token is kept; without one it lives in this shell's memory (sign in each start). */
  syncSecrets?: SecretStore;
  log?: (message: string, error?: string) => void;
  /** The start-up integrity check's answer, when the process runs backups. */
  onIntegrity?: (report: { ok: boolean; problems: string[] }) => void;
  /** Restarts allowed within `restartWindowMs` before the backend is declared unavailable. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

const restarted: Result = {
  ok: false,
  error: {
    code: 'BACKEND_RESTARTED',
    message:
      'The app’s engine stopped unexpectedly and was restarted. Everything saved before is kept; try that again.',
  },
};
const unavailable: Result = {
  ok: false,
  error: {
    code: 'BACKEND_UNAVAILABLE',
    message: 'The app’s engine keeps stopping. Quit and reopen CastMatch; your saved work is kept.',
  },
};

export async function connectBackend(opts: ConnectOptions): Promise<BackendConnection> {
  const maxRestarts = opts.maxRestarts ?? 5;
  const windowMs = opts.restartWindowMs ?? 60_000;
  const log = opts.log ?? (() => {});
  const syncSecrets = opts.syncSecrets ?? memorySecretStore();
  const listeners = new Set<EventListener>();
  const restartListeners = new Set<(info: { exitCode: number | null; restarts: number }) => void>();
  const files = new Map<string, { path: string; name: string }>();
  const calls = new Map<number, (r: Result) => void>();
  const media = new Map<number, (p: string | null) => void>();
  const restartTimes: number[] = [];
  let seq = 0;
  let dataDir = opts.options.dataDir;
  let child: BackendChild | null = null;
  let ready: Promise<void> = Promise.resolve();
  let closing = false;
  let gaveUp = false;
  let closed: () => void = () => {};
  const exited = new Promise<void>((r) => {
    closed = r;
  });

  /** Answers everything in flight when a process is gone; nothing waits for a reply that cannot come. */
  const failInFlight = (r: Result) => {
    for (const done of calls.values()) done(r);
    calls.clear();
    for (const done of media.values()) done(null);
    media.clear();
  };

  const onMessage = (c: BackendChild, m: FromBackend) => {
    switch (m.type) {
      case 'result':
        calls.get(m.id)?.(m.result);
        calls.delete(m.id);
        break;
      case 'media':
        media.get(m.id)?.(m.path);
        media.delete(m.id);
        break;
      case 'event':
        for (const l of listeners) l(m.event as Parameters<EventListener>[0], m.payload);
        break;
      case 'secret': {
        const store = m.name === 'sync' ? syncSecrets : opts.secrets;
        const op = m.op === 'get' ? store.get() : store.set(m.value).then(() => null);
        op.then(
          (value) => c.send({ type: 'secret-reply', id: m.id, value }),
          (e: unknown) => c.send({ type: 'secret-reply', id: m.id, value: null, error: String(e) }),
        );
        break;
      }
      case 'log':
        log(m.message, m.error);
        break;
      case 'integrity':
        opts.onIntegrity?.({ ok: m.ok, problems: m.problems });
        break;
      default:
        break;
    }
  };

  /** Starts a process and resolves when it is ready; the files named so far are registered again. */
  const launch = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const c = opts.spawn();
      child = c;
      let up = false;
      c.onMessage((m) => {
        if (m.type === 'ready') {
          up = true;
          dataDir = m.dataDir;
          for (const [handle, f] of files) c.send({ type: 'register-file', handle, ...f });
          resolve();
        } else if (m.type === 'start-failed') reject(new Error(m.message));
        else onMessage(c, m);
      });
      c.onExit((code) => {
        if (child !== c) return;
        child = null;
        if (!up) return reject(new Error(`the backend process exited (${code}) before it was ready`));
        onExit(code);
      });
      c.send({ type: 'start', options: opts.options });
    });

  const onExit = (code: number | null) => {
    if (closing) {
      failInFlight(restarted);
      closed();
      return;
    }
    failInFlight(restarted);
    const now = Date.now();
    restartTimes.push(now);
    while (restartTimes.length && restartTimes[0]! < now - windowMs) restartTimes.shift();
    if (restartTimes.length > maxRestarts) {
      gaveUp = true;
      log(`the backend process exited (${code}) ${restartTimes.length} times in a row; not restarting`);
      return;
    }
    log(`the backend process exited (${code}); restarting it`);
    ready = launch().then(
      () => {
        for (const l of restartListeners) l({ exitCode: code, restarts: restartTimes.length });
      },
      (e: unknown) => {
        gaveUp = true;
        log('the backend process could not be restarted', String(e));
      },
    );
  };

  ready = launch();
  await ready;

  const live = async (): Promise<BackendChild | null> => {
    await ready;
    return gaveUp || closing ? null : child;
  };

  return {
    async dispatch(method, input) {
      const c = await live();
      if (!c) return unavailable;
      const id = ++seq;
      return new Promise<Result>((resolve) => {
        calls.set(id, resolve);
        c.send({ type: 'call', id, method: String(method), input });
      });
    },
    events: {
      subscribe(l) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    files: {
      register(path, name) {
        const handle = newFileHandle();
        files.set(handle, { path, name });
        // Sent now if a process is up; a process started later gets every handle when it is ready.
        child?.send({ type: 'register-file', handle, path, name });
        return handle;
      },
    },
    get dataDir() {
      return dataDir;
    },
    get pid() {
      return child?.pid;
    },
    async resolveMedia(sha256, variant) {
      const c = await live();
      if (!c) return null;
      const id = ++seq;
      return new Promise<string | null>((resolve) => {
        media.set(id, resolve);
        c.send({ type: 'resolve-media', id, sha256, variant });
      });
    },
    onRestart(l) {
      restartListeners.add(l);
      return () => restartListeners.delete(l);
    },
    async close() {
      if (closing) return exited;
      closing = true;
      await ready.catch(() => {});
      const c = child;
      if (!c) return;
      c.send({ type: 'close' });
      await exited;
    },
  };
}
