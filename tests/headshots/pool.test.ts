import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHeadshots } from '../../src/backend/headshots/importer.ts';
import { DEFAULT_LIMITS } from '../../src/backend/headshots/limits.ts';
import { planConcurrency, runImportPool } from '../../src/backend/headshots/pool.ts';
import { headshotWorkerUrl, setHeadshotWorkerUrl } from '../../src/backend/headshots/workerUrl.ts';
import { insertTalent, memoryDb, pngClaiming, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('hs-pool-'));
});
afterAll(() => cleanup());

describe('planConcurrency', () => {
  it('uses up to the core count of workers (at most 4: the libuv pool size) and shares cores between them', () => {
    expect(planConcurrency(500, 8)).toEqual({ workers: 4, sharp: 2 }); // 4 libuv threads → 4 pipelines at once
    expect(planConcurrency(500, 16)).toEqual({ workers: 4, sharp: 4 });
    expect(planConcurrency(500, 2)).toEqual({ workers: 2, sharp: 1 });
    expect(planConcurrency(1, 8)).toEqual({ workers: 1, sharp: 8 });
    expect(planConcurrency(0, 4)).toEqual({ workers: 1, sharp: 4 });
  });
});

describe('runImportPool', () => {
  it('fails fast and clearly when the worker cannot start (e.g. a wrong bundle path)', async () => {
    const original = headshotWorkerUrl();
    setHeadshotWorkerUrl(new URL('file:///nonexistent/worker.js'));
    try {
      await expect(
        runImportPool([join(dir, 'a.jpg')], { dataDir: dir, limits: DEFAULT_LIMITS, onResult: () => {} }),
      ).rejects.toMatchObject({ code: 'WORKER_START_FAILED' });
    } finally {
      setHeadshotWorkerUrl(original);
    }
  });

  it('a worker that dies costs only its current file: reported INTERNAL, the rest continue', async () => {
    const original = headshotWorkerUrl();
    setHeadshotWorkerUrl(new URL('./crashing-worker.ts', import.meta.url));
    try {
      const results = new Map<number, string>();
      const paths = ['a', 'crash-1', 'b', 'c', 'crash-2', 'd', 'e'];
      const { processed } = await runImportPool(paths, {
        dataDir: dir,
        limits: DEFAULT_LIMITS,
        workers: 2,
        onResult: (i, r) => results.set(i, r.ok ? 'ok' : r.code),
      });
      expect(processed).toBe(7);
      expect(paths.map((_, i) => results.get(i))).toEqual([
        'ok',
        'INTERNAL',
        'ok',
        'ok',
        'INTERNAL',
        'ok',
        'ok',
      ]);
    } finally {
      setHeadshotWorkerUrl(original);
    }
  });
});

describe('a batch of 500', () => {
  it('keeps going past 100 bad files and ends with the right summary', async () => {
    const drop = join(dir, 'batch');
    mkdirSync(drop);
    const bad: Record<string, string> = {};
    for (let i = 0; i < 400; i++) {
      // 400 distinct tiny images (lossless, so distinct colours stay distinct bytes).
      const png = await sharp({
        create: {
          width: 24,
          height: 32,
          channels: 3,
          background: { r: i % 256, g: Math.floor(i / 256) * 80, b: 7 },
        },
      })
        .png()
        .toBuffer();
      writeFileSync(join(drop, `ok-${i}.png`), png);
    }
    for (let i = 0; i < 100; i++) {
      const name = `bad-${i}.jpg`;
      if (i % 4 === 0) {
        writeFileSync(join(drop, name), '');
        bad[name] = 'EMPTY_FILE';
      } else if (i % 4 === 1) {
        writeFileSync(join(drop, name), `text ${i}`);
        bad[name] = 'NOT_AN_IMAGE';
      } else if (i % 4 === 2) {
        writeFileSync(join(drop, name), pngClaiming(30_000, 30_000 + i));
        bad[name] = 'TOO_MANY_PIXELS';
      } else {
        const full = await sharp({
          create: { width: 64, height: 64, channels: 3, background: { r: i, g: 1, b: 2 } },
        })
          .jpeg()
          .toBuffer();
        writeFileSync(join(drop, name), full.subarray(0, 200));
        bad[name] = 'TRUNCATED';
      }
    }
    const db = await memoryDb();
    const t = insertTalent(db, { fullName: 'Batch Person' });
    let last = { done: 0, total: 0 };
    const report = await importHeadshots(
      db,
      { paths: [drop], target: { mode: 'profile', talentId: t } },
      { dataDir: join(dir, 'data'), onProgress: (p) => (last = p) },
    );
    expect(report.counts).toMatchObject({
      found: 500,
      imported: 400,
      failed: 100,
      duplicates: 0,
      notProcessed: 0,
    });
    expect(Object.fromEntries(report.failed.map((f) => [f.fileName, f.code]))).toEqual(bad);
    expect(last).toMatchObject({ done: 500, total: 500 });
    const n = db.sqlite.prepare('SELECT count(*) AS n FROM headshot WHERE talent_id = ?').get(t) as {
      n: number;
    };
    expect(n.n).toBe(400);
    db.close();
  }, 120_000);
});
