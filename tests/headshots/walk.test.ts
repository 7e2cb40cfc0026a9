import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WalkResult, walkDropped } from '../../src/backend/headshots/walk.ts';
import { tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('hs-walk-'));
  const agency = join(dir, 'Agency X');
  mkdirSync(join(agency, 'Priya Sharma', 'old'), { recursive: true });
  mkdirSync(join(agency, 'Rohan Mehra'), { recursive: true });
  for (const f of ['10.jpg', '2.jpg', '1.jpg']) writeFileSync(join(agency, 'Priya Sharma', f), f);
  writeFileSync(join(agency, 'Priya Sharma', 'old', 'a.jpg'), 'a');
  writeFileSync(join(agency, 'Rohan Mehra', 'r.jpg'), 'r');
  writeFileSync(join(agency, '.DS_Store'), 'x');
  writeFileSync(join(agency, 'Thumbs.db'), 'x');
  // A loop: Agency X/Rohan Mehra/back → Agency X
  symlinkSync(agency, join(agency, 'Rohan Mehra', 'back'));
  // A self-referencing link chain and a dangling link
  symlinkSync(join(agency, 'self.jpg'), join(agency, 'self.jpg'));
  symlinkSync(join(dir, 'nowhere.jpg'), join(agency, 'dangling.jpg'));
  // A second route to the same file
  symlinkSync(join(agency, 'Rohan Mehra', 'r.jpg'), join(agency, 'alias.jpg'));
});
afterAll(() => cleanup());

const rel = (r: WalkResult) => r.files.map((f) => f.path.slice(dir.length + 1));

describe('walkDropped', () => {
  it('walks folders recursively in natural order, with folder names for matching', async () => {
    const r = await walkDropped([join(dir, 'Agency X')]);
    // alias.jpg is a symlink to Rohan Mehra/r.jpg: reached first, it stands for that file.
    expect(rel(r)).toEqual([
      'Agency X/alias.jpg',
      'Agency X/Priya Sharma/1.jpg',
      'Agency X/Priya Sharma/2.jpg',
      'Agency X/Priya Sharma/10.jpg',
      'Agency X/Priya Sharma/old/a.jpg',
    ]);
    expect(r.sameFile.map((s) => s.path.slice(dir.length + 1))).toEqual(['Agency X/Rohan Mehra/r.jpg']);
    expect(r.files[1]!.folders).toEqual(['Agency X', 'Priya Sharma']);
    expect(r.files[4]!.folders).toEqual(['Agency X', 'Priya Sharma', 'old']);
    expect(r.ignored.map((p) => p.split('/').pop()).sort()).toEqual(['.DS_Store', 'Thumbs.db']);
  });

  it('reports a symlink loop and bad links instead of hanging, and keeps going', async () => {
    const r = await walkDropped([join(dir, 'Agency X')]);
    const byName = Object.fromEntries(r.failed.map((f) => [f.fileName, f.code]));
    expect(byName).toEqual({ back: 'SYMLINK_LOOP', 'self.jpg': 'SYMLINK_LOOP', 'dangling.jpg': 'NOT_FOUND' });
  });

  it('processes the same file once when it is reached twice', async () => {
    const r1 = join(dir, 'Agency X', 'Rohan Mehra', 'r.jpg');
    const r = await walkDropped([r1, join(dir, 'Agency X'), r1]);
    expect(r.files.filter((f) => f.realPath === r1)).toHaveLength(1);
    expect(r.files[0]!.folders).toEqual([]); // dropped alone: its parent folders are not part of the drop
    expect(r.sameFile.map((s) => s.path.slice(dir.length + 1)).sort()).toEqual([
      'Agency X/Rohan Mehra/r.jpg',
      'Agency X/Rohan Mehra/r.jpg',
      'Agency X/alias.jpg',
    ]);
  });

  it('reports a path that does not exist', async () => {
    const r = await walkDropped([join(dir, 'missing-folder')]);
    expect(r.files).toEqual([]);
    expect(r.failed.map((f) => f.code)).toEqual(['NOT_FOUND']);
  });

  it('stops when cancelled', async () => {
    const c = new AbortController();
    c.abort();
    await expect(walkDropped([join(dir, 'Agency X')], c.signal)).rejects.toThrow();
  });

  it('reports an unreadable folder (as an unprivileged user: root reads anything)', () => {
    const locked = join(dir, 'locked');
    mkdirSync(join(locked, 'inner'), { recursive: true });
    writeFileSync(join(locked, 'ok.jpg'), 'x');
    chmodSync(dir, 0o755);
    chmodSync(locked, 0o755);
    chmodSync(join(locked, 'inner'), 0o000);
    const mod = new URL('../../src/backend/headshots/walk.ts', import.meta.url).href;
    const script = `import { walkDropped } from ${JSON.stringify(mod)};
      process.stdout.write(JSON.stringify(await walkDropped([${JSON.stringify(locked)}])));`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
    });
    expect(out.stderr).toBe('');
    const r = JSON.parse(out.stdout) as WalkResult;
    expect(r.files.map((f) => f.path)).toEqual([join(locked, 'ok.jpg')]);
    expect(r.failed.map((f) => [f.fileName, f.code])).toEqual([['inner', 'UNREADABLE']]);
  });
});
