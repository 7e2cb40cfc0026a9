import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeScriptBytes,
  analyzeScriptFile,
  disposeScriptWorker,
  isScriptError,
  prewarmScriptWorker,
  sha256Hex,
} from '../../src/backend/script/index.ts';
import type { ScriptErrorCode, ScriptProgress } from '../../src/shared/script.ts';
import { bombPdf, encryptedPdf, garbledPdf, imageOnlyPdf, manyPagesPdf } from './fixtures/bad.ts';
import { renderScreenplay } from './fixtures/render.ts';
import { generateScreenplay } from './fixtures/screenplay.ts';

let dir: string;
let small: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'castmatch-script-'));
  small = await renderScreenplay(generateScreenplay({ seed: 5, scenes: 12 }), 'us-letter');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await disposeScriptWorker();
});

function file(name: string, data: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

async function failure(p: Promise<unknown>): Promise<{ code: ScriptErrorCode; message: string }> {
  try {
    await p;
  } catch (e) {
    expect(isScriptError(e)).toBe(true);
    const err = e as { code: ScriptErrorCode; message: string };
    expect(err.message.length).toBeGreaterThan(10);
    return { code: err.code, message: err.message };
  }
  throw new Error('expected the analysis to fail');
}

describe('analyzeScriptFile', () => {
  it('analyses a file in a worker with progress and the file hash', async () => {
    const path = file('draft.pdf', small);
    const progress: ScriptProgress[] = [];
    const r = await analyzeScriptFile(path, { onProgress: (p) => progress.push(p) });
    expect(r.sha256).toBe(sha256Hex(small));
    expect(r.fileName).toBe('draft.pdf');
    expect(r.analysis.pages).toBeGreaterThan(3);
    expect(r.analysis.characters.length).toBeGreaterThan(5);
    expect(progress[0]!.phase).toBe('reading');
    expect(progress.at(-1)).toEqual({
      phase: 'done',
      pagesDone: r.analysis.pages,
      pagesTotal: r.analysis.pages,
    });
    const extracting = progress.filter((p) => p.phase === 'extracting');
    expect(extracting.length).toBeGreaterThan(0);
    expect(extracting.every((p) => p.pagesTotal === r.analysis.pages)).toBe(true);
  });

  it('gives the same analysis on one thread or split over two, cold or pre-started', async () => {
    const one = await analyzeScriptBytes(small, 'a.pdf', { parallel: false });
    const two = await analyzeScriptBytes(small, 'a.pdf', { parallel: true });
    expect(two.analysis).toEqual(one.analysis);
    prewarmScriptWorker();
    const warm = await analyzeScriptBytes(small, 'a.pdf', { parallel: true });
    expect(warm.analysis).toEqual(one.analysis);
    // A worker that reported a clean failure serves the next file.
    await expect(
      analyzeScriptBytes(encryptedPdf('x'), 'locked.pdf', { parallel: true }),
    ).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
    expect((await analyzeScriptBytes(small, 'a.pdf')).analysis).toEqual(one.analysis);
    await disposeScriptWorker();
  });

  it('asks for a password, rejects a wrong one and opens with the right one', async () => {
    const path = file('locked.pdf', encryptedPdf('chai123'));
    expect((await failure(analyzeScriptFile(path))).code).toBe('PASSWORD_REQUIRED');
    expect((await failure(analyzeScriptFile(path, { password: 'coffee' }))).code).toBe('PASSWORD_INCORRECT');
    const ok = await analyzeScriptFile(path, { password: 'chai123' });
    expect(ok.analysis.characters.map((c) => c.name).sort()).toEqual(['ANYA', 'VIKRAM']);
    expect(ok.analysis.scenes.map((s) => s.heading)).toEqual(['INT. SAFE HOUSE - NIGHT']);
  });

  it('says a scanned PDF has no text layer', async () => {
    expect((await failure(analyzeScriptFile(file('scan.pdf', await imageOnlyPdf())))).code).toBe(
      'NO_TEXT_LAYER',
    );
  });

  it('reports fonts without a text mapping as garbled', async () => {
    expect((await failure(analyzeScriptFile(file('garbled.pdf', await garbledPdf())))).code).toBe(
      'GARBLED_TEXT',
    );
  });

  it('refuses a file that is not a PDF, whatever its name', async () => {
    expect(
      (await failure(analyzeScriptFile(file('notes.pdf', 'Just some notes, not a PDF at all.\n')))).code,
    ).toBe('NOT_A_PDF');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await failure(analyzeScriptFile(file('image.pdf', png)))).code).toBe('NOT_A_PDF');
  });

  it('reports a truncated PDF clearly instead of crashing', async () => {
    for (const frac of [0.05, 0.5, 0.9]) {
      const cut = small.slice(0, Math.floor(small.length * frac));
      try {
        const r = await analyzeScriptFile(file(`cut-${frac}.pdf`, cut));
        // pdf.js can rebuild some truncated files; then the analysis must say the file was cut short.
        expect(r.analysis.warnings.join(' ')).toMatch(/truncated/);
      } catch (e) {
        expect(isScriptError(e)).toBe(true);
        expect(['CORRUPT_PDF', 'NO_TEXT_LAYER']).toContain((e as { code: string }).code);
      }
    }
  });

  it('reports a missing file as unreadable', async () => {
    expect((await failure(analyzeScriptFile(join(dir, 'nope.pdf')))).code).toBe('READ_FAILED');
  });

  it('refuses files and page counts over the limits', async () => {
    expect((await failure(analyzeScriptFile(file('big.pdf', small), { maxBytes: 1000 }))).code).toBe(
      'TOO_LARGE',
    );
    expect((await failure(analyzeScriptBytes(manyPagesPdf(5000), 'many.pdf'))).code).toBe('TOO_LARGE');
  });

  it('stops a content-stream bomb quickly without exhausting memory', async () => {
    const bomb = bombPdf(120);
    const before = process.memoryUsage().rss;
    const { code } = await failure(
      analyzeScriptBytes(bomb, 'bomb.pdf', { timeoutMs: 20_000, maxMemoryMb: 512 }),
    );
    expect(['TOO_LARGE', 'TIMEOUT']).toContain(code);
    // The worker's memory is bounded and returned when it ends.
    expect(process.memoryUsage().rss - before).toBeLessThan(900 * 1024 * 1024);
  });

  it('enforces the time limit', async () => {
    expect((await failure(analyzeScriptBytes(small, 'slow.pdf', { timeoutMs: 1 }))).code).toBe('TIMEOUT');
  });

  it('cancels through an AbortSignal, before and during the work', async () => {
    const ac = new AbortController();
    ac.abort();
    expect((await failure(analyzeScriptBytes(small, 'x.pdf', { signal: ac.signal }))).code).toBe('CANCELLED');
    // Aborted once the work has started (the first progress report), whatever the machine's speed.
    const ac2 = new AbortController();
    const p = analyzeScriptBytes(small, 'x.pdf', { signal: ac2.signal, onProgress: () => ac2.abort() });
    expect((await failure(p)).code).toBe('CANCELLED');
    // The worker pool is still usable afterwards.
    expect((await analyzeScriptBytes(small, 'x.pdf')).analysis.pages).toBeGreaterThan(3);
  });

  it('analyses a 1,000-page script with progress, cancel and bounded memory', {
    timeout: 180_000,
  }, async () => {
    const sp = generateScreenplay({ seed: 9, scenes: 1560 });
    const pdf = await renderScreenplay(sp, 'us-letter');
    // Cancel part-way: progress has been reported and the promise settles as CANCELLED.
    const ac = new AbortController();
    const seen: number[] = [];
    const cancelled = analyzeScriptBytes(pdf, 'long.pdf', {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === 'extracting') {
          seen.push(p.pagesDone);
          if (p.pagesDone > 100) ac.abort();
        }
      },
    });
    expect((await failure(cancelled)).code).toBe('CANCELLED');
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThan(1000);
    // Then the whole thing, under a 512 MB heap limit.
    let lastDone = 0;
    let total = 0;
    const r = await analyzeScriptBytes(pdf, 'long.pdf', {
      maxMemoryMb: 512,
      timeoutMs: 150_000,
      onProgress: (p) => {
        if (p.phase === 'extracting') {
          expect(p.pagesDone).toBeGreaterThanOrEqual(lastDone);
          lastDone = p.pagesDone;
          total = p.pagesTotal;
        }
      },
    });
    expect(r.analysis.pages).toBeGreaterThanOrEqual(1000);
    expect(total).toBe(r.analysis.pages);
    expect(lastDone).toBe(total);
    expect(r.analysis.scenes.filter((s) => s.index > 0)).toHaveLength(1560);
  });
});
