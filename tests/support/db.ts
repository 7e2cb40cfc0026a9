import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppDatabase, openDatabase } from '../../src/backend/store/db.ts';

export const memoryDb = (): Promise<AppDatabase> => openDatabase(':memory:');

const made: string[] = [];
// Each test file runs in its own process (pool: forks): its folders go when it exits, so runs do not fill /tmp.
process.once('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'castmatch-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
