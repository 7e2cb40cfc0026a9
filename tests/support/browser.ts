// The browser side of E2E tests and benchmarks: which Chromium to drive, with which flags, and the real
// browser host (a separate Node process, as `npm run start:browser` would run it) on a data folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium (or another system Chrome) where there is one; otherwise undefined (Playwright's own). */
export const systemChromium = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((p) => existsSync(p));

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export async function startHost(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ url: string; proc: ChildProcess; log: () => string }> {
  const proc = spawn(process.execPath, ['src/backend/host/start.ts', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  // Everything the host prints, kept for the whole run: a failed test attaches it.
  let out = '';
  // No timer of its own: a start that is slow on a loaded machine is not a failure (the test's timeout ends a hang).
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/running at (http:\/\/\S+)/);
      if (m) resolve(m[1]!);
    });
    proc.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('exit', (code) => reject(new Error(`browser host exited (${code}): ${out}`)));
  });
  return { url, proc, log: () => out };
}
