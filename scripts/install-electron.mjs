// postinstall: fetch Electron's binary now, so `npm ci && npm start` works on a fresh machine with a network.
// Electron 45 has no install script of its own (it downloads on first launch); this runs its installer at
// install time instead. Where the download is impossible (no network, CI), it says so and succeeds: the tests
// use the browser host, and `npm start` tries the download again.
// Plain JavaScript, not TypeScript: it must run on whatever Node npm was started with.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('Electron binary: skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set).');
  process.exit(0);
}
let installer;
try {
  installer = require.resolve('electron/install.js');
} catch {
  process.exit(0); // installed without dev dependencies: no Electron to fetch
}
const r = spawnSync(process.execPath, [installer], {
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
  timeout: 15 * 60_000,
});
if (r.status === 0) {
  const dist = require.resolve('electron/package.json').replace(/package\.json$/, 'dist');
  console.log(`Electron binary: ${existsSync(dist) ? 'ready' : 'not found after install'}.`);
} else {
  const why = (r.stderr || r.error?.message || '').trim().split('\n')[0] || `exit ${r.status}`;
  console.log(
    `Electron binary: not downloaded (${why}). \`npm start\` will try again; the tests run without it, in the browser host.`,
  );
}
