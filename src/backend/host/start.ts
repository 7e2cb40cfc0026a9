// `npm run start:browser -- --data-dir DIR [--port N]`: the app in a browser, against a real local store.
// The backend runs in its own process (process/child.ts), as in the desktop app; this process serves the
// page and the WebSocket, and keeps the secret store.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileSecretStore } from '../claude/file-secret-store.ts';
import { connectBackend } from '../process/connection.ts';
import { forkBackend } from '../process/fork.ts';
import { startBrowserHost } from './browser-host.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: resolve('.data/browser') },
    port: { type: 'string', default: '0' },
    'renderer-dir': { type: 'string', default: resolve('out/renderer') },
    token: { type: 'string' },
  },
});
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const dataDir = resolve(values['data-dir']);
const secrets = fileSecretStore(dataDir);
// The sync server's refresh token: the same 0600 file store, a second file.
const syncSecrets = fileSecretStore(dataDir, 'sync-refresh-token');
const log = (msg: string, err?: unknown) =>
  console.error(msg, err instanceof Error ? err.message : (err ?? ''));
const backend = await connectBackend({
  spawn: forkBackend,
  options: {
    dataDir,
    transport: 'browser',
    version: pkg.version,
    secrets: { kind: secrets.kind, insecure: secrets.insecure },
  },
  secrets,
  syncSecrets,
  log,
});
backend.onRestart(({ exitCode }) => log(`the backend process stopped (${exitCode}) and was restarted`));
const host = await startBrowserHost({
  backend,
  rendererDir: values['renderer-dir'],
  port: Number(values.port),
  token: values.token,
  log,
});
console.log(`CastMatch is running at ${host.url}`);
console.log('Open that link in a browser. Press Ctrl+C to stop.');
const stop = async () => {
  await host.close();
  await backend.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
