// `npm ci` runs scripts/install-electron.mjs: it fetches Electron's binary where it can, and never fails the
// install where it cannot (no network, as here and on CI).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/db.ts';

const root = join(import.meta.dirname, '../..');
const installed = existsSync(join(root, 'node_modules/electron/dist'));

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, [join(root, 'scripts/install-electron.mjs')], {
    cwd: root,
    encoding: 'utf8',
    // A mirror nobody listens on: the download is impossible whatever this machine's network.
    env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: tempDir(), ...env },
  });
}

describe('the Electron binary at install time', () => {
  it('succeeds and says why when the download is impossible', { timeout: 120_000 }, () => {
    const r = run({});
    expect(r.status).toBe(0);
    if (installed) expect(r.stdout).toContain('Electron binary: ready');
    else {
      expect(r.stdout).toMatch(/Electron binary: not downloaded \(.+\)\. `npm start` will try again/);
      expect(existsSync(join(root, 'node_modules/electron/path.txt'))).toBe(false);
    }
  });

  it('can be skipped', () => {
    const r = run({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('skipped');
  });
});
