// The one message protocol between a shell (Electron main, the browser host) and the backend in its own
// process. Both ends are our code, so messages are plain typed objects; the renderer's calls inside them are
// validated by the backend's dispatcher as on every transport.
import type { Result } from '../../shared/api.ts';

export interface BackendProcessOptions {
  dataDir: string;
  transport: 'electron' | 'browser';
  version: string;
  anthropicBaseURL?: string;
  /** The packaged app's migrations (inside the asar); source runs use drizzle/. */
  migrationsFolder?: string;
  /** Where worker entry files are in a bundle (Electron); absent from source. */
  bundledWorkerDir?: string;
  /** Which secret store the shell keeps (shown in Settings); the secret itself stays in the shell. */
  secrets: { kind: string; insecure?: boolean };
  /** Run the start-up integrity check and daily backups in the backend process. */
  backups?: boolean;
}

/** Which secret a round trip is about: the Claude key (default) or the sync server's refresh token. */
export type SecretName = 'claude' | 'sync';

export type ToBackend =
  | { type: 'start'; options: BackendProcessOptions }
  | { type: 'call'; id: number; method: string; input: unknown }
  | { type: 'register-file'; handle: string; path: string; name: string }
  | { type: 'resolve-media'; id: number; sha256: string; variant: string }
  | { type: 'secret-reply'; id: number; value: string | null; error?: string }
  | { type: 'close' };

export type FromBackend =
  | { type: 'ready'; dataDir: string }
  | { type: 'start-failed'; message: string }
  | { type: 'result'; id: number; result: Result }
  | { type: 'media'; id: number; path: string | null }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'secret'; id: number; op: 'get'; name?: SecretName }
  | { type: 'secret'; id: number; op: 'set'; value: string | null; name?: SecretName }
  | { type: 'log'; message: string; error?: string }
  | { type: 'integrity'; ok: boolean; problems: string[] }
  | { type: 'closed' };

/** One end of the pipe: a Node child's IPC channel, or an Electron utility process's parent port. */
export interface Channel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}
