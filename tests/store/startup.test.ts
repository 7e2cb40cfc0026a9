// The backend's start (and every worker that opens the database) must not load the heavy libraries that only
// some calls need: drizzle-orm's query layer (~0.6 s to load), exceljs, pdf-lib and fontkit. A child process
// records every module it loads while it opens an existing office.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { tempDir } from '../support/db.ts';

const HEAVY = [
  '/node_modules/drizzle-orm/better-sqlite3/',
  '/node_modules/drizzle-orm/sqlite-core/',
  '/node_modules/drizzle-orm/index.js',
  '/node_modules/exceljs/',
  '/node_modules/pdf-lib/',
  '/node_modules/@pdf-lib/',
];

function loadedWhile(body: string): string[] {
  const out = join(tempDir(), 'loaded.json');
  const backend = pathToFileURL(resolve('src/backend/api/backend.ts')).href;
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
    const { createBackend } = await import(${JSON.stringify(backend)});
    ${body}
    (await import('node:fs')).writeFileSync(${JSON.stringify(out)}, JSON.stringify(loaded));
    process.exit(0);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(readFileSync(out, 'utf8')) as string[];
}

describe('start-up', () => {
  it('opens an existing office without loading the heavy libraries', async () => {
    const dir = tempDir();
    (await openDatabase(databaseFile(dir))).close(); // migrated: nothing left to apply
    const loaded = loadedWhile(`
      const b = await createBackend({ dataDir: ${JSON.stringify(dir)}, transport: 'browser', version: 'test' });
      b.close();
    `);
    expect(loaded.some((u) => u.includes('/node_modules/better-sqlite3/'))).toBe(true);
    expect(loaded.filter((u) => HEAVY.some((h) => u.includes(h)))).toEqual([]);
  });

  it('is needed: applying migrations does load drizzle-orm', async () => {
    const dir = join(tempDir(), 'fresh');
    const loaded = loadedWhile(`
      const b = await createBackend({ dataDir: ${JSON.stringify(dir)}, transport: 'browser', version: 'test' });
      b.close();
    `);
    expect(loaded.some((u) => u.includes('/node_modules/drizzle-orm/better-sqlite3/'))).toBe(true);
  });
});
