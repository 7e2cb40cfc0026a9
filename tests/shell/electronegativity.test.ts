// The Electronegativity lint step (scripts/electronegativity.ts) fails on an unjustified finding of medium
// severity or more, accepts one justified inline, and names what it found; offline, as CI runs it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/db.ts';

const script = join(import.meta.dirname, '../../scripts/electronegativity.ts');
// The app's own hardening (navigation limits, permission handler, its justified openExternal), as a base.
const security = readFileSync(join(import.meta.dirname, '../../src/main/security.ts'), 'utf8');

function lint(files: Record<string, string>) {
  const dir = tempDir('cm-eng-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const r = spawnSync(process.execPath, [script, '--input', dir], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const window = (prefs: string) => `import { BrowserWindow } from 'electron';
export function open(): BrowserWindow {
  return new BrowserWindow({ webPreferences: { ${prefs} } });
}
`;
const safe =
  "contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick'";

describe('npm run lint:electron', () => {
  it('fails on a window without context isolation, naming the check and the line', () => {
    const r = lint({ 'main/window.ts': window('nodeIntegration: true, contextIsolation: false') });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/CONTEXT_ISOLATION_JS_CHECK HIGH\/\w+ at main\/window\.ts:3/);
    expect(r.out).toMatch(/SANDBOX_JS_CHECK MEDIUM/);
    expect(r.out).toMatch(/ELECTRONEGATIVITY electron=\S+ findings=[1-9]/);
  });

  it('accepts a hardened window and a finding justified on its line (security.ts openExternal)', () => {
    expect(security).toMatch(/openExternal.*eng-disable OPEN_EXTERNAL_JS_CHECK/);
    const r = lint({ 'main/window.ts': window(safe), 'main/security.ts': security });
    expect(r.out).toMatch(/ELECTRONEGATIVITY electron=\S+ findings=0 justified=1/);
    expect(r.status).toBe(0);
  });

  it('does not let an unjustified openExternal through', () => {
    const r = lint({
      'main/window.ts': window(safe),
      'main/security.ts': security,
      'main/links.ts': `import { shell } from 'electron';
export const open = (url: string) => shell.openExternal(url);
`,
    });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/OPEN_EXTERNAL_JS_CHECK MEDIUM\/\w+ at main\/links\.ts:2/);
  });
});
