import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultDatabaseFile, runImportHeadshotsCli } from '../../src/backend/headshots/cli.ts';
import { openDatabase } from '../../src/backend/store/db.ts';
import { type ImportReport, importReportSchema } from '../../src/shared/headshots.ts';
import { insertTalent, jpeg, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => void;
let out: string;
let err: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('hs-cli-'));
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

describe('castmatch import-headshots', () => {
  it('imports a folder into the data dir and prints a JSON report', async () => {
    const dataDir = join(dir, 'data');
    const db = await openDatabase(defaultDatabaseFile(dataDir));
    const priya = insertTalent(db, { fullName: 'Priya Sharma' });
    db.close();
    const folder = join(dir, 'Priya Sharma');
    mkdirSync(folder);
    writeFileSync(join(folder, '1.jpg'), await jpeg(300, 400, 1));
    writeFileSync(join(folder, 'broken.jpg'), 'nope');
    const code = await runImportHeadshotsCli(['import-headshots', folder, '--data-dir', dataDir]);
    expect(code).toBe(1); // one file failed
    const report: ImportReport = importReportSchema.parse(JSON.parse(out));
    expect(report.counts).toMatchObject({ imported: 1, failed: 1 });
    expect(report.imported[0]!.talentId).toBe(priya);
    expect(report.failed[0]).toMatchObject({ fileName: 'broken.jpg', code: 'NOT_AN_IMAGE' });
  });

  it('--talent puts everything on one profile; exit 0 when nothing failed', async () => {
    const dataDir = join(dir, 'data');
    const db = await openDatabase(defaultDatabaseFile(dataDir));
    const t = insertTalent(db, { fullName: 'Kavya Sen' });
    db.close();
    const f = join(dir, 'IMG_1.jpg');
    writeFileSync(f, await jpeg(300, 400, 2));
    expect(await runImportHeadshotsCli([f, '--data-dir', dataDir, '--talent', t])).toBe(0);
    expect(JSON.parse(out).imported[0].talentId).toBe(t);
  });

  it('runs as a plain Node process started with script-only flags (workers must not inherit them)', async () => {
    const dataDir = join(dir, 'data');
    const f = join(dir, 'Rohan Mehra.jpg');
    writeFileSync(f, await jpeg(300, 400, 4));
    const mod = new URL('../../src/backend/headshots/cli.ts', import.meta.url).href;
    const script = `import { runImportHeadshotsCli } from ${JSON.stringify(mod)};
      process.exitCode = await runImportHeadshotsCli([${JSON.stringify(f)}, '--data-dir', ${JSON.stringify(dataDir)}]);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = importReportSchema.parse(JSON.parse(r.stdout));
    expect(report.review[0]).toMatchObject({
      fileName: 'Rohan Mehra.jpg',
      status: 'unmatched',
      derivedName: 'Rohan Mehra',
    });
  });

  it('usage errors exit 2', async () => {
    expect(await runImportHeadshotsCli(['--data-dir', dir])).toBe(2);
    expect(await runImportHeadshotsCli(['x.jpg'])).toBe(2);
    expect(await runImportHeadshotsCli(['x.jpg', '--data-dir', dir, '--bogus'])).toBe(2);
    expect(err).toContain('Usage: castmatch import-headshots');
  });

  it('an unknown --talent is a fatal typed error', async () => {
    const f = join(dir, 'a.jpg');
    writeFileSync(f, await jpeg(100, 100, 3));
    expect(await runImportHeadshotsCli([f, '--data-dir', join(dir, 'd'), '--talent', 'nope'])).toBe(2);
    expect(JSON.parse(err).error.code).toBe('NOT_FOUND');
  });
});
