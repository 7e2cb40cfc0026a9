// Raw ipcMain lives in src/main/ipc.ts only, behind the sender check; the shell's pure policy modules and
// the CSP module stay free of electron so they can be tested (and reused) under plain Node.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const mainDir = join(import.meta.dirname, '../../src/main');

describe('IPC boundary', () => {
  it('uses ipcMain in ipc.ts only', () => {
    const users = readdirSync(mainDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /\bipcMain\b/.test(readFileSync(join(mainDir, f), 'utf8')));
    expect(users).toEqual(['ipc.ts']);
  });

  it('registers every channel through handleTrusted', () => {
    const index = readFileSync(join(mainDir, 'index.ts'), 'utf8');
    expect(index.match(/handleTrusted\('castmatch:[a-z-]+'/g)).toEqual([
      "handleTrusted('castmatch:invoke'",
      "handleTrusted('castmatch:register-file'",
    ]);
  });

  it('keeps policy.ts and csp.ts free of electron', () => {
    for (const f of [join(mainDir, 'policy.ts'), join(mainDir, '../backend/host/csp.ts')])
      expect(readFileSync(f, 'utf8')).not.toMatch(/from ['"]electron['"]/);
  });
});
