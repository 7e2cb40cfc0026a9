/**
 * `castmatch analyze-script` starts fast because its thread loads only what the command needs: no
 * database, talent import or analyser code (the analyser runs in the worker thread, started first).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderScreenplay } from './fixtures/render.ts';
import { generateScreenplay } from './fixtures/screenplay.ts';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'castmatch-cli-start-'));
  writeFileSync(join(dir, 'x.pdf'), await renderScreenplay(generateScreenplay({ seed: 2, scenes: 4 }), 'a4'));
  // Records, in load order, every module the main thread loads (not the worker's).
  writeFileSync(
    join(dir, 'trace.mjs'),
    `import module from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { appendFileSync } from 'node:fs';
module.registerHooks({ load(url, ctx, next) {
  if (isMainThread) appendFileSync(${JSON.stringify(join(dir, 'loaded.txt'))}, url + '\\n');
  return next(url, ctx);
} });`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('castmatch analyze-script start-up', () => {
  it('loads no database, talent or analyser modules on its own thread', () => {
    const cli = new URL('../../bin/castmatch.js', import.meta.url).pathname;
    const out = execFileSync(
      process.execPath,
      ['--import', join(dir, 'trace.mjs'), cli, 'analyze-script', join(dir, 'x.pdf'), '--json'],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out).characters.length).toBeGreaterThan(0);
    const loaded = readFileSync(join(dir, 'loaded.txt'), 'utf8').split('\n');
    const ours = loaded.filter((u) => u.includes('/src/')).map((u) => u.replace(/.*\/src\//, 'src/'));
    expect(ours).toContain('src/backend/script/spawn.ts');
    for (const heavy of [
      'src/backend/store/',
      'src/backend/talent/',
      'src/backend/script/analyze.ts',
      'src/backend/script/classify.ts',
    ])
      expect(
        ours.filter((u) => u.startsWith(heavy)),
        heavy,
      ).toEqual([]);
    // The worker is started before the thread loads zod and the shared schemas.
    expect(ours.indexOf('src/backend/script/spawn.ts')).toBeLessThan(ours.indexOf('src/shared/script.ts'));
  });
});
