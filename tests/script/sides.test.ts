// Sides, read back: a cover, then exactly the original pages where the character speaks (same text as the
// original's pages, in order), highlights over the character's cues, and the watermark on every page.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeScriptWorker } from '../../src/backend/script/index.ts';
import { sidesPages } from '../../src/backend/script/sides.ts';
import type { ScriptAnalysis } from '../../src/shared/script.ts';
import { type TestBackend, testBackend } from '../casting/helpers.ts';
import { pageTexts } from '../export/read-pdf.ts';
import { tempDir } from '../headshots/helpers.ts';
import { encryptedPdf } from './fixtures/bad.ts';
import { renderScreenplay } from './fixtures/render.ts';
import { generateScreenplay } from './fixtures/screenplay.ts';

let t: TestBackend;
const tmp = tempDir('sides-');

async function analyse(name: string, pdf: Uint8Array): Promise<{ id: string; analysis: ScriptAnalysis }> {
  const path = join(tmp.dir, name);
  writeFileSync(path, pdf);
  const r = await t.call('script.analyze', {
    file: t.backend.files.register(path, name),
    jobId: `sides_${name.replace(/\W/g, '')}`,
  });
  const got = await t.call('script.get', { id: r.script.id });
  return { id: r.script.id, analysis: got.analysis as ScriptAnalysis };
}

/** The filled rectangles (pdf-lib draws them as a translated path) in the stream a copied page gets last. */
function highlightRects(doc: PDFDocument, pageIndex: number): number[][] {
  const contents = doc.getPage(pageIndex).node.lookup(PDFName.of('Contents'), PDFArray);
  const last = contents.lookup(contents.size() - 1) as PDFRawStream;
  const ops = new TextDecoder().decode(decodePDFRawStream(last).decode());
  const path = /1 0 0 1 ([-\d.]+) ([-\d.]+) cm\n(?:1 0 0 1 0 0 cm\n)*0 0 m\n0 ([-\d.]+) l\n([-\d.]+) /g;
  return [...ops.matchAll(path)].map((m) => [m[1], m[2], m[4], m[3]].map(Number));
}

beforeAll(async () => {
  t = await testBackend();
});
afterAll(async () => {
  t.backend.close();
  await disposeScriptWorker();
  tmp.cleanup();
});

describe('script.sides', () => {
  it("copies the character's pages from the original with their speeches highlighted and a watermark", async () => {
    const original = await renderScreenplay(generateScreenplay({ seed: 21, scenes: 16 }), 'us-letter');
    const { id, analysis } = await analyse('monsoon.pdf', original);
    // A supporting character: speaks on some pages, not all.
    const c = analysis.characters.find((x) => {
      const n = sidesPages(analysis.speeches.filter((s) => s.character === x.name)).length;
      return n >= 2 && n < analysis.pages - 1;
    });
    if (!c) throw new Error('the generated script has no supporting character');
    const mine = analysis.speeches.filter((s) => s.character === c.name);
    const expected = [...new Set(mine.flatMap((s) => [s.page, ...s.rects.map((r) => r.page)]))].sort(
      (a, b) => a - b,
    );

    const r = await t.call('script.sides', {
      scriptId: id,
      character: c.name.toLowerCase(),
      watermark: 'Kwan Talent',
    });
    expect(r.fileName).toMatch(/-sides\.pdf$/);
    expect(r.scriptPages).toEqual(expected);
    const bytes = Buffer.from(r.base64, 'base64');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(expected.length + 1);
    expect(r.pages).toBe(expected.length + 1);

    const out = await pageTexts(bytes);
    const orig = await pageTexts(original);
    expect(out[0]).toContain(`Sides: ${c.name}`);
    expect(out[0]).toContain(`script pages ${expected.join(', ')}`);
    for (const s of analysis.scenes.filter((x) => c.scenes.includes(x.index)).slice(0, 5))
      expect(out[0]).toContain(s.heading);
    for (const page of out) expect(page).toContain('Kwan Talent');
    expected.forEach((p, i) => {
      // The copied page reads as the original page did (the watermark is drawn after it).
      expect(out[i + 1]!.startsWith(orig[p - 1]!)).toBe(true);
      const rects = mine.flatMap((s) => s.rects.filter((x) => x.page === p));
      const drawn = highlightRects(doc, i + 1);
      expect(drawn).toHaveLength(rects.length);
      // Every highlight covers one of the character's lines, padded a little.
      for (const [k, [x, y, w, h]] of drawn.entries()) {
        const want = rects[k]!;
        expect(x).toBeCloseTo(want.x - 2, 1);
        expect(y).toBeCloseTo(want.y - 2, 1);
        expect(w).toBeCloseTo(want.w + 4, 1);
        expect(h).toBeCloseTo(want.h + 4, 1);
      }
    });
    // No other character's page slipped in: a page without this character's speeches is not copied.
    const others = Array.from({ length: analysis.pages }, (_, i) => i + 1).filter(
      (p) => !expected.includes(p),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const p of others) expect(out.slice(1)).not.toContain(orig[p - 1]);
  });

  it('writes a Devanagari character name as text on the cover', async () => {
    const original = await renderScreenplay(
      generateScreenplay({ seed: 5, scenes: 10, devanagari: true }),
      'devanagari',
    );
    const { id, analysis } = await analyse('deva.pdf', original);
    const c = analysis.characters.find((x) => /[\u0900-\u097f]/.test(x.name));
    if (!c) throw new Error('no Devanagari character in the fixture');
    const r = await t.call('script.sides', { scriptId: id, character: c.name });
    const out = await pageTexts(Buffer.from(r.base64, 'base64'));
    expect(out[0]).toContain(`Sides: ${c.name}`);
    expect(out.join('\n')).not.toContain('Prepared for');
  });

  it('refuses an unknown character or script with a clear error', async () => {
    const original = await renderScreenplay(generateScreenplay({ seed: 22, scenes: 6 }), 'us-letter');
    const { id } = await analyse('short.pdf', original);
    const e = await t.fail('script.sides', { scriptId: id, character: 'NOBODY HERE' });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('NOBODY HERE is not a speaking character');
    const e2 = await t.fail('script.sides', { scriptId: 'missing', character: 'X' });
    expect(e2.message).toMatch(/script does not exist/);
  });

  it('says so when the original PDF is password-protected (its pages cannot be copied)', async () => {
    const path = join(tmp.dir, 'locked.pdf');
    writeFileSync(path, encryptedPdf('chai'));
    const r = await t.call('script.analyze', {
      file: t.backend.files.register(path, 'locked.pdf'),
      jobId: 'sides_locked_1',
      password: 'chai',
    });
    const e = await t.fail('script.sides', { scriptId: r.script.id, character: 'ANYA' });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/password-protected/);
  });
});
