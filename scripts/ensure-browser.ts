// Before the E2E run: use the system's Chromium when there is one; otherwise let Playwright fetch its own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
  existsSync(p),
);
if (system) {
  console.log(`E2E browser: ${system}`);
} else {
  console.log('No system Chromium found: installing Playwright’s Chromium…');
  const r = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync('node_modules/electron/dist')) {
  console.log(
    'Electron E2E tests are not run here: no Electron binary (set ELECTRON_OVERRIDE_DIST_PATH to run them).',
  );
}
