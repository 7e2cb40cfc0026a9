import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { addDemoFaces } from '../../src/backend/headshots/demo-faces.ts';
import { mediaPath } from '../../src/backend/headshots/mediaStore.ts';
import { openDatabase } from '../../src/backend/store/db.ts';
import {
  DEMO_FACES_PER_LOOK,
  demoFaceFor,
  demoFaceSvg,
  seedDemoProfiles,
} from '../../src/backend/talent/demo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { tempDir } from '../headshots/helpers.ts';

const tmp = tempDir('demo-faces-');
afterAll(() => tmp.cleanup());

describe('the demo office', () => {
  it('draws the same illustrated face for the same profile, and different faces across profiles', () => {
    expect(demoFaceSvg('feminine', 3)).toBe(demoFaceSvg('feminine', 3));
    expect(demoFaceSvg('feminine', 3)).not.toBe(demoFaceSvg('feminine', 4));
    expect(demoFaceSvg('masculine', 0)).toMatch(/^<svg/);
    const a = demoFaceFor({ id: '0190-a', gender: 'male' });
    expect(demoFaceFor({ id: '0190-a', gender: 'male' })).toEqual(a);
    expect(a.look).toBe('masculine');
    expect(demoFaceFor({ id: '0190-a', gender: 'female' }).look).toBe('feminine');
    const indexes = new Set(
      Array.from({ length: 200 }, (_, i) => demoFaceFor({ id: `id-${i}`, gender: 'female' }).index),
    );
    expect(indexes.size).toBe(DEMO_FACES_PER_LOOK);
  });

  it('seeds 2,000 profiles with faces stored as photos, and the first screen is not one first name', async () => {
    const db = await openDatabase(':memory:');
    const people = seedDemoProfiles(db, 2000, 42);
    const report = await addDemoFaces(db, tmp.dir, people);
    console.log(`demo faces: ${JSON.stringify(report)}`);
    expect(report.assigned).toBe(2000);
    expect(report.rendered).toBe(2 * DEMO_FACES_PER_LOOK);

    // The grid's default (no text): most recently updated first.
    const first = searchTalent(db, { text: '', sort: 'updated', limit: 20 });
    expect(first.items.every((c) => c.primaryHeadshot !== null)).toBe(true);
    const firstNames = new Set(first.items.map((c) => c.fullName.split(' ')[0]));
    expect(firstNames.size).toBeGreaterThanOrEqual(10);
    const sha = first.items[0]!.primaryHeadshot!;
    for (const v of ['original', '320', '1280'] as const)
      expect(existsSync(mediaPath(tmp.dir, sha, v))).toBe(true);
    const blob = db.sqlite.prepare('SELECT mime, width FROM media_blob WHERE sha256 = ?').get(sha);
    expect(blob).toEqual({ mime: 'image/png', width: 640 });
    db.close();
  });
});
