import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppDatabase, openDatabase } from '../../src/backend/store/db.ts';

export const memoryDb = (): Promise<AppDatabase> => openDatabase(':memory:');

export function tempDir(prefix = 'castmatch-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
