// The import-boundary check (dependency-cruiser over import-boundaries.cjs) catches wrong arrows, and the
// folder table in docs/ARCHITECTURE.md says what the rule file says.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/db.ts';

interface Layer {
  folder: string;
  folders: string[];
  packages: string[];
  node: boolean;
}
const { layers } = createRequire(import.meta.url)('../../import-boundaries.cjs') as { layers: Layer[] };
const root = join(import.meta.dirname, '../..');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs the same check `npm test` runs, over `dir`'s src/, and returns its violations. */
function cruise(dir: string): Violation[] {
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'),
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '-T',
      'json',
    ],
    { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (!r.stdout) throw new Error(`dependency-cruiser printed nothing: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('import boundaries', () => {
  let copy = '';
  // Each planted file imports one thing its folder may not; the last two are allowed and must pass.
  const planted: [file: string, source: string, wrong: boolean][] = [
    [
      'src/renderer/src/planted-sdk.ts',
      "import Anthropic from '@anthropic-ai/sdk';\nexport const x = Anthropic;\n",
      true,
    ],
    [
      'src/renderer/src/planted-excel.ts',
      "import ExcelJS from 'exceljs';\nexport const x = ExcelJS;\n",
      true,
    ],
    [
      'src/renderer/src/planted-drizzle.ts',
      "import { drizzle } from 'drizzle-orm/better-sqlite3';\nexport const x = drizzle;\n",
      true,
    ],
    [
      'src/renderer/src/planted-node.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      true,
    ],
    ['src/preload/planted.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n", true],
    [
      'src/server/planted.ts',
      "import { createBackend } from '../backend/api/backend.ts';\nexport const x = createBackend;\n",
      true,
    ],
    ['src/main/planted.ts', "import pg from 'pg';\nexport const x = pg;\n", true],
    ['src/shared/planted.ts', "import { join } from 'node:path';\nexport const x = join;\n", true],
    ['src/backend/talent/planted.ts', "import { app } from 'electron';\nexport const x = app;\n", true],
    [
      'src/backend/store/planted.ts',
      "import { searchTalent } from '../talent/search.ts';\nexport const x = searchTalent;\n",
      true,
    ],
    [
      'src/backend/headshots/planted.ts',
      "import { createBackend } from '../api/backend.ts';\nexport const x = createBackend;\n",
      true,
    ],
    ['src/backend/nowhere/planted.ts', "import { z } from 'zod';\nexport const x = z;\n", true],
    [
      'src/renderer/src/planted-ok.ts',
      "import { z } from 'zod';\nimport { AppError } from '../../shared/errors.ts';\nexport const x = [z, AppError];\n",
      false,
    ],
    [
      'src/backend/casting/planted-ok.ts',
      "import { searchTalent } from '../talent/search.ts';\nexport const x = searchTalent;\n",
      false,
    ],
  ];

  beforeAll(() => {
    copy = tempDir();
    cpSync(join(root, 'src'), join(copy, 'src'), { recursive: true });
    for (const f of [
      '.dependency-cruiser.cjs',
      'import-boundaries.cjs',
      'tsconfig.json',
      'tsconfig.base.json',
      'tsconfig.node.json',
      'tsconfig.web.json',
      'tsconfig.tests.json',
      'package.json',
    ])
      cpSync(join(root, f), join(copy, f));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    for (const [file, source] of planted) {
      mkdirSync(join(copy, file, '..'), { recursive: true });
      writeFileSync(join(copy, file), source);
    }
  });

  it('fails on every wrong arrow and only on those', { timeout: 120_000 }, () => {
    const violations = cruise(copy);
    for (const [file, , wrong] of planted) {
      const found = violations.filter((v) => v.from === file);
      if (wrong)
        expect(
          found.map((v) => v.rule.name),
          file,
        ).toEqual(['not-in-allowed']);
      else expect(found, file).toEqual([]);
    }
    // The app's own code has no violation: every one found is a planted file's.
    expect(violations.filter((v) => !v.from.includes('planted'))).toEqual([]);
  });

  it('is the table in docs/ARCHITECTURE.md', () => {
    const doc = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8');
    const rows = new Map<string, string>();
    for (const line of doc.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const folder = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
      if (folder && cells.length >= 4) rows.set(folder.replace(/\/$/, ''), cells[cells.length - 2]!);
    }
    // No row for a folder the rule file does not know, and a row for every folder it does.
    expect([...rows.keys()].sort()).toEqual(layers.map((l) => l.folder).sort());
    for (const l of layers) {
      const short = (f: string) => (f === 'src/backend' ? 'backend' : f.replace(/^src\/(backend\/)?/, ''));
      const expected = [...l.folders.map(short), ...l.packages, ...(l.node ? ['node'] : [])].join(', ');
      expect(rows.get(l.folder), `docs/ARCHITECTURE.md row for ${l.folder}`).toBe(expected || '—');
    }
  });
});
