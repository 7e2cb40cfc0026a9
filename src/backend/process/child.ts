// The backend process's entry: Electron's utilityProcess in the desktop app, a Node child (fork) in the
// browser host and tests. It owns the database and every worker; the shell that started it keeps the
// window, dialogs and secrets, and reaches it only through protocol.ts messages.
import { type Backend, createBackend } from '../api/backend.ts';
import { setIntegrityWorkerUrl } from '../backup/integrity.ts';
import { type BackupSchedule, startBackupSchedule } from '../backup/schedule.ts';
import type { SecretStore } from '../claude/secret-store.ts';
import { setBundledWorkerDir } from '../workers/url.ts';
import type { BackendProcessOptions, Channel, FromBackend, SecretName, ToBackend } from './protocol.ts';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** The pipe to the shell: Electron gives a utility process `process.parentPort`, Node's fork an IPC channel. */
function parentChannel(): Channel {
  const port = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (port)
    return { send: (m) => port.postMessage(m), onMessage: (l) => port.on('message', (e) => l(e.data)) };
  const send = process.send?.bind(process);
  if (!send) throw new Error('The backend process must be started by the app (fork or utilityProcess).');
  return { send: (m) => send(m), onMessage: (l) => process.on('message', l) };
}

const channel = parentChannel();
const send = (m: FromBackend) => channel.send(m);
const errorText = (e: unknown) => (e instanceof Error ? e.message : e === undefined ? undefined : String(e));
const log = (message: string, err?: unknown) => send({ type: 'log', message, error: errorText(err) });

// The secret (the Claude key) stays in the shell: each read or write is a round trip.
let secretSeq = 0;
const secretWaits = new Map<number, { resolve: (v: string | null) => void; reject: (e: Error) => void }>();
function remoteSecrets(kind: BackendProcessOptions['secrets'], name: SecretName = 'claude'): SecretStore {
  const ask = (m: { op: 'get' } | { op: 'set'; value: string | null }) =>
    new Promise<string | null>((resolve, reject) => {
      const id = ++secretSeq;
      secretWaits.set(id, { resolve, reject });
      send({ type: 'secret', id, ...m, ...(name === 'claude' ? {} : { name }) });
    });
  return {
    kind: kind.kind,
    insecure: kind.insecure,
    get: () => ask({ op: 'get' }),
    set: async (value) => {
      await ask({ op: 'set', value });
    },
  };
}

let backend: Backend | null = null;
let backups: BackupSchedule | null = null;
// Messages that arrive while the backend is opening wait for it, in order.
let opened: Promise<Backend> | null = null;

async function start(options: BackendProcessOptions): Promise<Backend> {
  if (options.bundledWorkerDir) {
    setBundledWorkerDir(new URL(options.bundledWorkerDir));
    setIntegrityWorkerUrl(new URL('backup-integrity-worker.js', options.bundledWorkerDir));
  }
  const b = await createBackend({
    dataDir: options.dataDir,
    transport: options.transport,
    version: options.version,
    anthropicBaseURL: options.anthropicBaseURL,
    migrationsFolder: options.migrationsFolder,
    secrets: remoteSecrets(options.secrets),
    // The sync server's rotating refresh token: a second secret, kept by the shell the same way.
    syncSecrets: remoteSecrets(options.secrets, 'sync'),
    log,
  });
  b.events.subscribe((event, payload) => send({ type: 'event', event, payload }));
  if (options.backups) {
    backups = startBackupSchedule(b.db.sqlite, b.dataDir, { log });
    // The shell shows damage to the user; the check itself ran here, off the shell's thread.
    backups.started.then(
      ({ integrity }) => send({ type: 'integrity', ok: integrity.ok, problems: integrity.problems }),
      (e: unknown) => log('the start-up integrity check could not run', e),
    );
  }
  backend = b;
  return b;
}

function close(): void {
  backups?.stop();
  backend?.close();
  backend = null;
  send({ type: 'closed' });
  process.exit(0);
}

channel.onMessage((raw) => {
  const m = raw as ToBackend;
  if (m.type === 'start') {
    opened = start(m.options);
    opened.then(
      (b) => send({ type: 'ready', dataDir: b.dataDir }),
      (e) => {
        send({ type: 'start-failed', message: errorText(e) ?? 'unknown error' });
        process.exit(1);
      },
    );
    return;
  }
  if (m.type === 'secret-reply') {
    const w = secretWaits.get(m.id);
    secretWaits.delete(m.id);
    if (m.error) w?.reject(new Error(m.error));
    else w?.resolve(m.value);
    return;
  }
  if (!opened) return log(`message before start: ${m.type}`);
  void opened.then(async (b) => {
    switch (m.type) {
      case 'call':
        send({ type: 'result', id: m.id, result: await b.dispatch(m.method, m.input) });
        break;
      case 'register-file':
        b.files.register(m.path, m.name, m.handle);
        break;
      case 'resolve-media':
        send({ type: 'media', id: m.id, path: await b.resolveMedia(m.sha256, m.variant) });
        break;
      case 'close':
        close();
        break;
    }
  });
});

// A shell that went away takes its backend with it: no orphan holding the database.
process.on('disconnect', () => close());
process.on('uncaughtException', (e) => {
  log('backend process crashed', e);
  process.exit(70);
});
