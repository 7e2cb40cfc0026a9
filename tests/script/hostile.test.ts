/**
 * Hostile PDFs: damaged numbers, lying page trees, huge titles, save/restore traps, inflation bombs (text
 * and OCR paths), and a fuzz run of mutated scripts. Every outcome is an analysis that passes the schema
 * or a typed error that is not INTERNAL.
 */
import { describe, expect, it } from 'vitest';
import { isScriptError } from '../../src/backend/script/errors.ts';
import { extractPages } from '../../src/backend/script/extract.ts';
import { ocrPages } from '../../src/backend/script/ocr.ts';
import { analyzePdfBytes } from '../../src/backend/script/pipeline.ts';
import { flattenSaves, MAX_SAVE_DEPTH, sanitizePdf } from '../../src/backend/script/sanitize.ts';
import { MAX_TITLE_CHARS } from '../../src/backend/script/title.ts';
import { scriptAnalysisSchema } from '../../src/shared/script.ts';
import { contentOf, inflationBombPdf, nestedSavePdf, plainPdf, sceneLines } from './fixtures/hostile.ts';
import { renderScreenplay } from './fixtures/render.ts';
import { generateScreenplay, rng } from './fixtures/screenplay.ts';

const speeches = (a: Awaited<ReturnType<typeof analyzePdfBytes>>) =>
  Object.fromEntries(a.characters.map((c) => [c.name, c.speeches]));

async function outcome(pdf: Uint8Array): Promise<{ code: string; message: string } | null> {
  try {
    const a = await analyzePdfBytes(pdf, { fileName: 'x.pdf' });
    const parsed = scriptAnalysisSchema.safeParse(a);
    if (!parsed.success) return { code: 'INTERNAL', message: parsed.error.message };
    return null;
  } catch (e) {
    if (!isScriptError(e)) return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
    return { code: e.code, message: e.message };
  }
}

const HUGE = '9'.repeat(400); // parses to Infinity

describe('damaged numbers', () => {
  it('drops an item placed by an infinite position and keeps the rest of the analysis', async () => {
    const pdf = plainPdf({
      contents: [
        contentOf(sceneLines(1), `1 0 0 1 ${HUGE} 300 Tm (ANYA) Tj 1 0 0 1 180 288 Tm (Broken.) Tj`),
        contentOf(sceneLines(2)),
      ],
    });
    const a = await analyzePdfBytes(pdf, { fileName: 'nan.pdf' });
    expect(scriptAnalysisSchema.safeParse(a).success).toBe(true);
    expect(speeches(a)).toEqual({ ANYA: 6, VIKRAM: 6 });
  });

  it('drops text set with an infinite scale and still reads every other line', async () => {
    const bad = contentOf(sceneLines(1)).replace('1 0 0 1 266.4', `${HUGE} 0 0 1 266.4`);
    const a = await analyzePdfBytes(plainPdf({ contents: [bad, contentOf(sceneLines(2))] }), {
      fileName: 'x.pdf',
    });
    expect(scriptAnalysisSchema.safeParse(a).success).toBe(true);
    expect(a.speeches.flatMap((s) => s.rects).every((r) => Number.isFinite(r.x + r.y + r.w + r.h))).toBe(
      true,
    );
    expect(a.characters.map((c) => c.name).sort()).toEqual(['ANYA', 'VIKRAM']);
    expect(a.scenes.filter((s) => s.index > 0)).toHaveLength(2);
  });
});

describe('lying structure', () => {
  it.each(['0', '-3'])('refuses a page tree that declares %s pages', async (count) => {
    const r = await outcome(plainPdf({ count }));
    expect(r?.code).toBe('CORRUPT_PDF');
    expect(r?.message).toContain(`declares ${count} pages`);
  });

  it('cuts a 5-million-character title', async () => {
    const pdf = plainPdf({
      info: `<< /Title (${'T'.repeat(5_000_000)}) >>`,
      contents: [contentOf(sceneLines(1))],
    });
    const a = await analyzePdfBytes(pdf, { fileName: 'x.pdf' });
    expect([...a.title].length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(a.characters).toHaveLength(2);
  });

  it('reads every page of a script with a page nested 200 000 save/restore levels deep', async () => {
    const a = await analyzePdfBytes(nestedSavePdf(200_000), { fileName: 'nested.pdf' });
    expect(a.pages).toBe(3);
    expect(speeches(a)).toEqual({ ANYA: 9, VIKRAM: 9 });
    expect(a.scenes.filter((s) => s.index > 0)).toHaveLength(3);
    expect(a.warnings.some((w) => /nested graphics states/.test(w))).toBe(true);
  });

  it('blanks only the save/restore operators beyond the depth limit, never ones inside strings', () => {
    const depth = MAX_SAVE_DEPTH + 5;
    const src = Buffer.from(`${'q '.repeat(depth)}BT (q Q) Tj ET ${'Q '.repeat(depth)}`, 'latin1');
    const out = flattenSaves(src)!.toString('latin1');
    expect(out.match(/(?:^|\s)q(?=\s)/g)).toHaveLength(MAX_SAVE_DEPTH);
    expect(out.match(/(?:^|\s)Q(?=\s)/g)).toHaveLength(MAX_SAVE_DEPTH);
    expect(out).toContain('(q Q) Tj');
    expect(flattenSaves(Buffer.from('q q BT (x) Tj ET Q Q'))).toBeNull();
  });

  it('answers TOO_LARGE, naming the limit, for a stream that inflates past it', async () => {
    const r = await outcome(inflationBombPdf(80));
    expect(r?.code).toBe('TOO_LARGE');
    expect(r?.message).toMatch(/64 MB/);
  });

  it('keeps the bytes it sanitised, the ones OCR of a scan reads (sanitised once)', async () => {
    const pdf = nestedSavePdf(MAX_SAVE_DEPTH * 4);
    const doc = await extractPages(pdf, { maxPages: 10, maxChars: 1_000_000 });
    expect(Buffer.from(doc.sanitized).equals(Buffer.from(sanitizePdf(pdf).data))).toBe(true);
    expect(Buffer.from(doc.sanitized).equals(Buffer.from(pdf))).toBe(false);
    expect(doc.warnings.some((w) => /nested graphics states/.test(w))).toBe(true);
  });

  it('sanitises the bytes OCR is given directly: TOO_LARGE for an inflation bomb', async () => {
    const e = await ocrPages(inflationBombPdf(80), { pages: [1] }).catch((x: unknown) => x);
    expect(isScriptError(e) ? e.code : e).toBe('TOO_LARGE');
  });
});

type Mutation = (b: Buffer, r: () => number) => Buffer;
const MUTATIONS: Mutation[] = [
  (b, r) => {
    const c = Buffer.from(b);
    const at = Math.floor(r() * c.length);
    c[at] = c[at]! ^ (1 << Math.floor(r() * 8));
    return c;
  },
  (b, r) => {
    // A digit changed to another, or to a minus sign or dot: numbers go wrong but stay parseable.
    const c = Buffer.from(b);
    const digits: number[] = [];
    for (let i = 0; i < c.length; i++) if (c[i]! >= 0x30 && c[i]! <= 0x39) digits.push(i);
    const at = digits[Math.floor(r() * digits.length)];
    if (at !== undefined) c[at] = '-.0123456789e'.charCodeAt(Math.floor(r() * 13));
    return c;
  },
  (b, r) => {
    const at = Math.floor(r() * b.length);
    return Buffer.concat([b.subarray(0, at), Buffer.from(HUGE), b.subarray(at)]);
  },
  (b, r) => {
    const at = Math.floor(r() * b.length);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + Math.floor(r() * 200))]);
  },
  (b, r) => b.subarray(0, Math.floor(b.length * (0.5 + r() * 0.5))),
  (b, r) => {
    const at = Math.floor(r() * b.length);
    const len = Math.floor(r() * 300);
    return Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
  },
];

describe('fuzz', () => {
  it('analyses 240 mutants of generated scripts with no crash and no INTERNAL error', async () => {
    const rendered = Buffer.from(
      await renderScreenplay(generateScreenplay({ seed: 3, scenes: 4 }), 'us-letter'),
    );
    const plain = Buffer.from(plainPdf({ pages: 2 }));
    const r = rng(20261202);
    const internal: string[] = [];
    const codes = new Map<string, number>();
    for (let i = 0; i < 240; i++) {
      const base = i % 3 === 0 ? rendered : plain;
      const mutant = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!(base, r);
      const res = await outcome(new Uint8Array(mutant));
      const code = res?.code ?? 'OK';
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code === 'INTERNAL') internal.push(`#${i}: ${res!.message.slice(0, 200)}`);
    }
    expect(internal).toEqual([]);
    // Most mutants still read: damage is local.
    expect(codes.get('OK') ?? 0).toBeGreaterThan(120);
  });
});
