// `npm run bench -- headshots [--count N]`: 200 generated 24-megapixel JPEGs → stored with both derivatives
// through the import pipeline (worker pool, hashing, atomic writes, SQLite rows), compared in the same run
// with libvips' own `vipsthumbnail` making the same two sizes from the same files, equally parallel.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { importHeadshots } from '../src/backend/headshots/importer.ts';
import { planConcurrency } from '../src/backend/headshots/pool.ts';
import { openDatabase } from '../src/backend/store/db.ts';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = join(here, '.tmp', 'headshots');
const srcDir = join(tmp, 'src-24mp');
const W = 6000;
const H = 4000;

const countArg = process.argv.indexOf('--count');
const COUNT = countArg > 0 ? Number(process.argv[countArg + 1]) : 200;

/** Photo-like 24 MP content: smooth random shapes (upscaled coarse noise) plus grain, so JPEG decode works realistically hard. */
async function generate(count: number): Promise<void> {
  mkdirSync(srcDir, { recursive: true });
  sharp.concurrency(availableParallelism());
  const coarse = await sharp({
    create: {
      width: 150,
      height: 100,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .resize(W, H, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  const grain = await sharp({
    create: {
      width: W,
      height: H,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 14 },
    },
  })
    .raw()
    .toBuffer();
  const base = await sharp(coarse, { raw: { width: W, height: H, channels: 3 } })
    .composite([{ input: grain, raw: { width: W, height: H, channels: 3 }, blend: 'overlay' }])
    .raw()
    .toBuffer();
  const todo = Array.from({ length: count }, (_, i) => i).filter((i) => !existsSync(file(i)));
  const lanes = availableParallelism();
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < todo.length) {
        const i = todo[next++]!;
        // A different tone curve per file: every file has different bytes (no duplicates) and similar size.
        await sharp(base, { raw: { width: W, height: H, channels: 3 } })
          .linear(
            [1 - (i % 7) * 0.03, 1 - (i % 5) * 0.03, 1 - (i % 3) * 0.04],
            [i % 11, (i * 3) % 13, (i * 7) % 17],
          )
          .jpeg({ quality: 88 })
          .toFile(`${file(i)}.part`);
        execFileSync('mv', [`${file(i)}.part`, file(i)]);
      }
    }),
  );
}

function file(i: number): string {
  return join(srcDir, `shot-${String(i).padStart(4, '0')}.jpg`);
}

/** Runs vipsthumbnail over the files in `lanes` parallel processes per size; returns seconds per size pass. */
async function runVips(
  files: string[],
  outDir: string,
  lanes: number,
  vipsThreads: number,
): Promise<{ s1280: number; s320: number }> {
  mkdirSync(outDir, { recursive: true });
  const chunks: string[][] = Array.from({ length: lanes }, () => []);
  for (const [i, f] of files.entries()) chunks[i % lanes]!.push(f);
  const run = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const p = spawn('vipsthumbnail', args, {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, VIPS_CONCURRENCY: String(vipsThreads) },
      });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vipsthumbnail exited ${code}`))));
    });
  const pass = async (size: number) => {
    const t = performance.now();
    await Promise.all(
      chunks.map((chunk) => run([...chunk, '-s', String(size), '-o', join(outDir, `%s_${size}.webp[Q=80]`)])),
    );
    return (performance.now() - t) / 1000;
  };
  return { s1280: await pass(1280), s320: await pass(320) };
}

async function main(): Promise<void> {
  if (process.argv.includes('--generate')) {
    await generate(COUNT);
    return;
  }
  if (spawnSync('vipsthumbnail', ['--version']).status !== 0) {
    console.error('vipsthumbnail not found: apt-get install -y libvips-tools');
    process.exit(2);
  }
  // Generated in a child process so that its memory does not count toward this process's peak RSS.
  const missing = Array.from({ length: COUNT }, (_, i) => i).some((i) => !existsSync(file(i)));
  if (missing) {
    const t = performance.now();
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--generate', '--count', String(COUNT)],
      {
        stdio: 'inherit',
      },
    );
    if (r.status !== 0) process.exit(r.status ?? 1);
    console.log(`headshots.generate_s=${((performance.now() - t) / 1000).toFixed(1)}`);
  }
  const files = Array.from({ length: COUNT }, (_, i) => file(i));
  const mb = files.reduce((s, f) => s + statSync(f).size, 0) / 1024 / 1024;
  console.log(`headshots.inputs=${COUNT} size=${W}x${H} avg_file_mb=${(mb / COUNT).toFixed(1)}`);
  execFileSync('cat', files, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 }); // warm the page cache for both sides

  const plan = planConcurrency(COUNT);
  console.log(
    `headshots.cores=${availableParallelism()} workers=${plan.workers} vips_threads_per_pipeline=${plan.sharp}`,
  );

  // The machine may be shared, so load can drift during the run: both sides run in interleaved rounds
  // (alternating who goes first) and their times are summed, so each sees the same conditions.
  const vipsOut = join(tmp, 'vips-out');
  const dataDir = join(tmp, 'data');
  rmSync(vipsOut, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  const db = await openDatabase(join(dataDir, 'bench.db'));
  const now = Date.now();
  db.sqlite
    .prepare(
      `INSERT INTO talent (id, full_name, sort_name, created_at, updated_at) VALUES ('bench', 'Bench Person', 'bench person', ?, ?)`,
    )
    .run(now, now);
  const rounds = Math.max(1, Math.min(4, Math.floor(COUNT / 10)));
  let vips1280 = 0;
  let vips320 = 0;
  let oursS = 0;
  let imported = 0;
  for (let r = 0; r < rounds; r++) {
    const part = files.slice(Math.floor((r * COUNT) / rounds), Math.floor(((r + 1) * COUNT) / rounds));
    const doVips = async () => {
      const v = await runVips(part, vipsOut, plan.workers, plan.sharp);
      vips1280 += v.s1280;
      vips320 += v.s320;
    };
    // Ours: the full import (hash, original copy, 1280 + 320 WebP, atomic writes, SQLite rows).
    const doOurs = async () => {
      const t = performance.now();
      const report = await importHeadshots(
        db,
        { paths: part, target: { mode: 'profile', talentId: 'bench' } },
        { dataDir },
      );
      oursS += (performance.now() - t) / 1000;
      imported += report.counts.imported;
      if (report.counts.failed > 0) console.error(JSON.stringify(report.failed.slice(0, 5)));
    };
    if (r % 2 === 0) {
      await doVips();
      await doOurs();
    } else {
      await doOurs();
      await doVips();
    }
  }
  db.close();
  if (imported !== COUNT) throw new Error(`expected ${COUNT} imported, got ${imported}`);
  for (const v of ['320', '1280']) {
    const n = readdirSync(join(dataDir, 'media', v)).length;
    if (n !== COUNT) throw new Error(`expected ${COUNT} ${v} derivatives, found ${n}`);
    const m = readdirSync(vipsOut).filter((f) => f.endsWith(`_${v}.webp`)).length;
    if (m !== COUNT) throw new Error(`expected ${COUNT} vipsthumbnail ${v} outputs, found ${m}`);
  }
  const vipsS = vips1280 + vips320;
  const vipsRate = COUNT / vipsS;
  // vipsthumbnail makes one size per run, so it decodes each file twice; the 1280-only figure is shown too.
  console.log(
    `headshots.vipsthumbnail_s=${vipsS.toFixed(2)} (1280 pass ${vips1280.toFixed(2)}, 320 pass ${vips320.toFixed(2)}) vipsthumbnail_images_per_s=${vipsRate.toFixed(2)}`,
  );
  const rate = COUNT / oursS;
  console.log(
    `headshots.pipeline_s=${oursS.toFixed(2)} pipeline_images_per_s=${rate.toFixed(2)} rounds=${rounds}`,
  );
  console.log(`headshots.ratio_vs_vips_1280_pass_only=${(rate / (COUNT / vips1280)).toFixed(2)}`);
  const peakMb = process.resourceUsage().maxRSS / 1024; // whole process: main thread and all workers
  rmSync(vipsOut, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  console.log(
    `BENCH headshots images_per_s=${rate.toFixed(2)} ratio_vs_vips=${(rate / vipsRate).toFixed(2)} peak_rss_mb=${Math.round(peakMb)}`,
  );
}

await main();
