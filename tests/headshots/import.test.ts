import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importHeadshots } from '../../src/backend/headshots/importer.ts';
import { mediaPath, resolveMedia } from '../../src/backend/headshots/mediaStore.ts';
import {
  deleteHeadshot,
  listHeadshots,
  reorderHeadshots,
  setPrimaryHeadshot,
} from '../../src/backend/headshots/repo.ts';
import { resolveHeadshotReview } from '../../src/backend/headshots/review.ts';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import {
  type ImportProgress,
  importProgressSchema,
  importReportSchema,
  mediaPathSegment,
  parseMediaPathSegment,
} from '../../src/shared/headshots.ts';
import { insertTalent, jpeg, memoryDb, pngClaiming, primaryOf, tempDir } from './helpers.ts';

let dir: string;
let dataDir: string;
let cleanup: () => void;
let db: AppDatabase;
beforeEach(async () => {
  ({ dir, cleanup } = tempDir('hs-imp-'));
  dataDir = join(dir, 'data');
  db = await memoryDb();
});
afterEach(() => {
  db.close();
  cleanup();
});

async function put(rel: string, seed: number): Promise<string> {
  const p = join(dir, 'drop', rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, await jpeg(200 + seed, 260, seed));
  return p;
}

const count = (sql: string, ...args: unknown[]) => (db.sqlite.prepare(sql).get(...args) as { n: number }).n;

describe('importHeadshots: onto one profile', () => {
  it('stores every image for that talent, first one primary, and reports duplicates', async () => {
    const priya = insertTalent(db, { fullName: 'Priya Sharma' });
    const a = await put('IMG_0001.jpg', 1);
    const b = await put('IMG_0002.jpg', 2);
    const events: ImportProgress[] = [];
    const report = await importHeadshots(
      db,
      { paths: [a, b, a], target: { mode: 'profile', talentId: priya }, batchId: 'batch-1' },
      { dataDir, onProgress: (p) => events.push(p) },
    );
    importReportSchema.parse(report);
    expect(report.batchId).toBe('batch-1');
    expect(events.every((e) => importProgressSchema.parse(e).batchId === 'batch-1')).toBe(true);
    expect(report.counts).toMatchObject({
      found: 3,
      imported: 2,
      duplicates: 1,
      review: 0,
      failed: 0,
      notProcessed: 0,
    });
    expect(report.duplicates[0]).toMatchObject({
      reason: 'same-file-in-batch',
      sha256: report.imported[0]!.sha256,
    });
    const gallery = listHeadshots(db, priya);
    expect(gallery.map((g) => [g.originalName, g.position, g.isPrimary])).toEqual([
      ['IMG_0001.jpg', 0, true],
      ['IMG_0002.jpg', 1, false],
    ]);
    expect(primaryOf(db, priya)).toBe(gallery[0]!.sha256);
    expect(count('SELECT count(*) AS n FROM media_blob')).toBe(2);
    expect(events.at(-1)).toMatchObject({ phase: 'done', done: 2, total: 2, imported: 2 });
    expect(events.some((e) => e.phase === 'processing' && e.currentFile === 'IMG_0002.jpg')).toBe(true);

    // Dropping the same files again: nothing new stored, both reported as already stored.
    const again = await importHeadshots(
      db,
      { paths: [a, b], target: { mode: 'profile', talentId: priya } },
      { dataDir },
    );
    expect(again.counts).toMatchObject({ imported: 0, duplicates: 2 });
    expect(again.duplicates.map((d) => [d.reason, d.existingTalentIds])).toEqual([
      ['already-stored', [priya]],
      ['already-stored', [priya]],
    ]);
    expect(count('SELECT count(*) AS n FROM headshot')).toBe(2);
  });

  it('refuses an unknown profile up front', async () => {
    const a = await put('x.jpg', 1);
    await expect(
      importHeadshots(db, { paths: [a], target: { mode: 'profile', talentId: 'nope' } }, { dataDir }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('importHeadshots: onto the browser (matching by name)', () => {
  it('matches files and folders, Devanagari included; unclear ones go to review, stored and resolvable', async () => {
    const priya = insertTalent(db, { fullName: 'Priya Sharma', nativeName: 'प्रिया शर्मा' });
    const rohan1 = insertTalent(db, { fullName: 'Rohan Mehra' });
    const rohan2 = insertTalent(db, { fullName: 'Rohan Mehra' });
    const srk = insertTalent(db, { fullName: 'Shah Rukh Khan', nativeName: 'शाहरुख़ ख़ान' });
    await put('Agency X/Priya Sharma/1.jpg', 1);
    await put('Agency X/Priya Sharma/IMG_2044.jpg', 2);
    await put('Agency X/priya-sharma_03 final.jpeg', 3);
    await put('Agency X/प्रिया_शर्मा_04.jpg', 4);
    await put('Agency X/शाहरुख खान.jpg', 5);
    await put('Agency X/Rohan Mehra.jpg', 6);
    await put('Agency X/Amit Kumar 01.jpg', 7);
    await put('Agency X/DSC_0001.jpg', 8);
    const report = await importHeadshots(
      db,
      { paths: [join(dir, 'drop', 'Agency X')], target: { mode: 'match' } },
      { dataDir },
    );
    expect(report.counts).toMatchObject({ found: 8, imported: 5, review: 3, failed: 0 });
    const to = Object.fromEntries(report.imported.map((i) => [i.fileName, i.talentId]));
    expect(to).toEqual({
      '1.jpg': priya,
      'IMG_2044.jpg': priya,
      'priya-sharma_03 final.jpeg': priya,
      'प्रिया_शर्मा_04.jpg': priya,
      'शाहरुख खान.jpg': srk,
    });
    expect(listHeadshots(db, priya).map((g) => g.originalName)).toEqual([
      '1.jpg',
      'IMG_2044.jpg',
      'priya-sharma_03 final.jpeg',
      'प्रिया_शर्मा_04.jpg',
    ]);
    const review = Object.fromEntries(report.review.map((r) => [r.fileName, r]));
    expect(review['Rohan Mehra.jpg']).toMatchObject({ status: 'ambiguous', derivedName: 'Rohan Mehra' });
    expect(review['Rohan Mehra.jpg']!.candidates.map((c) => c.talentId).sort()).toEqual(
      [rohan1, rohan2].sort(),
    );
    expect(review['Amit Kumar 01.jpg']).toMatchObject({
      status: 'unmatched',
      derivedName: 'Amit Kumar',
      candidates: [],
    });
    expect(review['DSC_0001.jpg']).toMatchObject({ status: 'unmatched', derivedName: null });
    // Review thumbnails already resolve (the blob is stored; only the person is missing).
    expect(resolveMedia(db, dataDir, review['DSC_0001.jpg']!.sha256, '320')).not.toBeNull();

    const amitSha = review['Amit Kumar 01.jpg']!.sha256;
    const dscSha = review['DSC_0001.jpg']!.sha256;
    const result = resolveHeadshotReview(db, {
      decisions: [
        {
          action: 'assign',
          sha256: review['Rohan Mehra.jpg']!.sha256,
          talentId: rohan2,
          originalName: 'Rohan Mehra.jpg',
        },
        { action: 'create-profile', sha256: amitSha, name: 'Amit Kumar', originalName: 'Amit Kumar 01.jpg' },
        { action: 'create-profile', sha256: dscSha, name: 'amit  KUMAR', originalName: 'DSC_0001.jpg' },
      ],
    });
    expect(result.skipped).toBe(0);
    expect(result.assigned.map((a) => a.createdTalent)).toEqual([false, true, false]);
    const amit = result.assigned[1]!.talentId;
    expect(result.assigned[2]!.talentId).toBe(amit); // same name → one new profile
    expect(listHeadshots(db, amit).map((g) => [g.sha256, g.isPrimary])).toEqual([
      [amitSha, true],
      [dscSha, false],
    ]);
    expect(primaryOf(db, rohan2)).toBe(review['Rohan Mehra.jpg']!.sha256);
    expect(primaryOf(db, rohan1)).toBeNull();
  });

  it('review decisions are all-or-nothing and only accept stored images', async () => {
    const t = insertTalent(db, { fullName: 'Someone' });
    expect(() =>
      resolveHeadshotReview(db, { decisions: [{ action: 'assign', sha256: 'a'.repeat(64), talentId: t }] }),
    ).toThrow(expect.objectContaining({ code: 'UNKNOWN_MEDIA' }));
    const p = await put('Nobody Known.jpg', 3);
    const report = await importHeadshots(db, { paths: [p], target: { mode: 'match' } }, { dataDir });
    const sha = report.review[0]!.sha256;
    expect(() =>
      resolveHeadshotReview(db, {
        decisions: [
          { action: 'create-profile', sha256: sha, name: 'Nobody Known' },
          { action: 'assign', sha256: sha, talentId: 'missing' },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(count("SELECT count(*) AS n FROM talent WHERE full_name = 'Nobody Known'")).toBe(0);
    expect(resolveHeadshotReview(db, { decisions: [{ action: 'skip', sha256: sha }] })).toEqual({
      assigned: [],
      skipped: 1,
    });
  });
});

describe('a batch with bad files', () => {
  it('keeps going past every kind of bad input and ends with a per-file summary', async () => {
    const t = insertTalent(db, { fullName: 'Priya Sharma' });
    const d = join(dir, 'drop', 'mixed');
    mkdirSync(d, { recursive: true });
    const good: string[] = [];
    for (let i = 0; i < 12; i++) good.push(await put(`mixed/good-${i}.jpg`, 100 + i));
    writeFileSync(join(d, 'empty.jpg'), '');
    writeFileSync(join(d, 'notes.jpg'), 'not an image at all');
    const full = await jpeg(400, 300, 42);
    writeFileSync(join(d, 'cut.jpg'), full.subarray(0, full.length >> 1));
    writeFileSync(join(d, 'bomb.png'), pngClaiming(30_000, 30_000));
    copyFileSync(good[0]!, join(d, 'zz-copy-of-good-0.jpg'));
    mkdirSync(join(d, 'sub'));
    symlinkSync(d, join(d, 'sub', 'loop'));
    const report = await importHeadshots(
      db,
      { paths: [d], target: { mode: 'profile', talentId: t } },
      { dataDir },
    );
    expect(report.counts).toMatchObject({ imported: 12, duplicates: 1, failed: 5, review: 0 });
    expect(Object.fromEntries(report.failed.map((f) => [f.fileName, f.code]))).toEqual({
      loop: 'SYMLINK_LOOP',
      'bomb.png': 'TOO_MANY_PIXELS',
      'cut.jpg': 'TRUNCATED',
      'empty.jpg': 'EMPTY_FILE',
      'notes.jpg': 'NOT_AN_IMAGE',
    });
    expect(report.duplicates[0]).toMatchObject({
      fileName: 'zz-copy-of-good-0.jpg',
      reason: 'same-content-in-batch',
    });
    expect(listHeadshots(db, t)).toHaveLength(12);
  });

  it('cancels: stops handing out files, reports what was done and what was not', async () => {
    const t = insertTalent(db, { fullName: 'Priya Sharma' });
    const paths: string[] = [];
    for (let i = 0; i < 30; i++) paths.push(await put(`many/${i}.jpg`, 200 + i));
    const c = new AbortController();
    const report = await importHeadshots(
      db,
      { paths: [join(dir, 'drop', 'many')], target: { mode: 'profile', talentId: t } },
      { dataDir, signal: c.signal, onProgress: (p) => p.done >= 3 && c.abort() },
    );
    expect(report.cancelled).toBe(true);
    expect(report.counts.imported).toBeGreaterThanOrEqual(3);
    expect(report.counts.notProcessed).toBeGreaterThan(0);
    expect(report.counts.imported + report.counts.notProcessed).toBe(30);
    expect(listHeadshots(db, t)).toHaveLength(report.counts.imported);
  });
});

describe('gallery', () => {
  async function gallery(n: number) {
    const t = insertTalent(db, { fullName: 'Kavya Sen' });
    const paths: string[] = [];
    for (let i = 0; i < n; i++) paths.push(await put(`g/${i}.jpg`, 300 + i));
    await importHeadshots(db, { paths, target: { mode: 'profile', talentId: t } }, { dataDir });
    return { t, items: listHeadshots(db, t) };
  }

  it('set primary moves it first; reorder makes the first primary; delete tombstones and promotes the next', async () => {
    const { t, items } = await gallery(3);
    const [a, b, c] = items.map((i) => i.id) as [string, string, string];
    let g = setPrimaryHeadshot(db, t, c);
    expect(g.map((i) => [i.id, i.position, i.isPrimary])).toEqual([
      [c, 0, true],
      [a, 1, false],
      [b, 2, false],
    ]);
    g = reorderHeadshots(db, t, [b, a, c]);
    expect(g.map((i) => i.id)).toEqual([b, a, c]);
    expect(primaryOf(db, t)).toBe(g[0]!.sha256);
    const shaB = g[0]!.sha256;
    g = deleteHeadshot(db, b);
    expect(g.map((i) => [i.id, i.position, i.isPrimary])).toEqual([
      [a, 0, true],
      [c, 1, false],
    ]);
    expect(count('SELECT count(*) AS n FROM headshot WHERE id = ? AND deleted_at IS NOT NULL', b)).toBe(1);
    expect(resolveMedia(db, dataDir, shaB, 'original')).not.toBeNull(); // blob stays
    deleteHeadshot(db, a);
    deleteHeadshot(db, c);
    expect(primaryOf(db, t)).toBeNull();
    expect(() => deleteHeadshot(db, c)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('rejects a reorder that is not exactly the gallery, and foreign headshots', async () => {
    const { t, items } = await gallery(2);
    const other = insertTalent(db, { fullName: 'Other' });
    expect(() => reorderHeadshots(db, t, [items[0]!.id])).toThrow(
      expect.objectContaining({ code: 'INVALID_ORDER' }),
    );
    expect(() => reorderHeadshots(db, t, [items[0]!.id, items[0]!.id])).toThrow(
      expect.objectContaining({ code: 'INVALID_ORDER' }),
    );
    expect(() => setPrimaryHeadshot(db, other, items[1]!.id)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});

describe('resolveMedia', () => {
  it('resolves only known, well-formed hashes; never paths', async () => {
    const t = insertTalent(db, { fullName: 'Kavya Sen' });
    const p = await put('k.jpg', 5);
    const r = await importHeadshots(
      db,
      { paths: [p], target: { mode: 'profile', talentId: t } },
      { dataDir },
    );
    const sha = r.imported[0]!.sha256;
    expect(resolveMedia(db, dataDir, sha, '320')).toEqual({
      path: mediaPath(dataDir, sha, '320'),
      mime: 'image/webp',
    });
    expect(resolveMedia(db, dataDir, sha, 'original')).toEqual({
      path: mediaPath(dataDir, sha, 'original'),
      mime: 'image/jpeg',
    });
    for (const bad of [
      sha.toUpperCase(),
      `${sha.slice(0, 63)}/`,
      `../${sha.slice(3)}`,
      `${sha}/../../etc/passwd`,
      '../../../etc/passwd',
      'f'.repeat(64), // well-formed but unknown
      '',
      null,
      42,
    ]) {
      expect(resolveMedia(db, dataDir, bad, '320')).toBeNull();
    }
    expect(resolveMedia(db, dataDir, sha, '../original')).toBeNull();
    expect(resolveMedia(db, dataDir, sha, '640')).toBeNull();

    // URL path parsing for castmatch-media://media/<variant>/<sha> and the host route
    expect(parseMediaPathSegment(`/${mediaPathSegment(sha, '1280')}`)).toEqual({
      variant: '1280',
      sha256: sha,
    });
    for (const bad of [
      `/320/${sha}/`,
      `/320/../${sha}`,
      `/640/${sha}`,
      `/320/${sha.toUpperCase()}`,
      `/320/${sha}?x=1`,
      '/320/',
    ])
      expect(parseMediaPathSegment(bad)).toBeNull();
  });
});
