// The Electron build runs its workers from out/main/*.js, not from source: a large talent import through
// those files (the preview, import and validation workers), an export and facet counts must work too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

test('the built workers run a large import, an export and facet counts', () => {
  const outDir = resolve('out/main');
  expect(existsSync(join(outDir, 'talent-import-worker.js'))).toBe(true);
  const dir = mkdtempSync(join(tmpdir(), 'castmatch-bundle-'));
  const lines = ['Name,Phone,City,Notes'];
  for (let i = 0; i < 20_000; i++)
    lines.push(
      `Person ${i},+91 9${String(i).padStart(9, '0')},Mumbai,Auditioned ${i} times for ads and web series`,
    );
  lines.push('Person 5,+91 9000000005,Pune,same phone as row 7');
  const csv = join(dir, 'big.csv');
  writeFileSync(csv, lines.join('\n')); // ~1.2 MB: enough for the validation worker
  const r = spawnSync(process.execPath, ['tests/support/bundled-import.ts', outDir, csv, join(dir, 'data')], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  const { report, exported, cities } = JSON.parse(r.stdout) as {
    report: { imported: number; skippedDuplicates: number; invalid: number };
    exported: { rows: number; bytes: number };
    cities: { value: string; count: number }[];
  };
  expect(report).toMatchObject({ imported: 20_000, skippedDuplicates: 1, invalid: 0 });
  expect(exported.rows).toBe(20_000);
  expect(exported.bytes).toBeGreaterThan(100_000);
  expect(cities).toEqual([{ value: 'Mumbai', count: 20_000 }]);
  rmSync(dir, { recursive: true, force: true });
});
