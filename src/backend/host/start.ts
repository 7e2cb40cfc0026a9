// `npm run start:browser -- --data-dir DIR [--port N]`: the app in a browser, against a real local store.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from '../api/backend.ts';
import { fileSecretStore } from '../claude/file-secret-store.ts';
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
const backend = await createBackend({
  dataDir,
  secrets: fileSecretStore(dataDir),
  transport: 'browser',
  version: pkg.version,
  log: (msg, err) => console.error(msg, err),
});
const host = await startBrowserHost({
  backend,
  rendererDir: values['renderer-dir'],
  port: Number(values.port),
  token: values.token,
  log: (msg, err) => console.error(msg, err instanceof Error ? err.message : (err ?? '')),
});
console.log(`CastMatch is running at ${host.url}`);
console.log('Open that link in a browser. Press Ctrl+C to stop.');
const stop = async () => {
  await host.close();
  backend.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
