import { describe, expect, it } from 'vitest';
import { analyzePdfBytes } from '../../src/backend/script/pipeline.ts';
import { type ScriptAnalysis, scriptAnalysisSchema } from '../../src/shared/script.ts';
import { renderScreenplay } from './fixtures/render.ts';
import { LAYOUTS, type LayoutName } from './fixtures/render-layouts.ts';
import { renderTwoColumn, TWOCOL_LAYOUTS, type TwoColLayout } from './fixtures/render-twocol.ts';
import { score } from './fixtures/score.ts';
import { type Expected, expectedOf, generateScreenplay } from './fixtures/screenplay.ts';

const DUAL: LayoutName[] = ['us-letter', 'numbered', 'centred', 'macroman'];
const cache = new Map<string, Promise<{ a: ScriptAnalysis; exp: Expected }>>();

type AnyLayout = LayoutName | TwoColLayout;
const ALL_LAYOUTS: AnyLayout[] = [...LAYOUTS, ...TWOCOL_LAYOUTS];
const isTwoCol = (l: AnyLayout): l is TwoColLayout => (TWOCOL_LAYOUTS as string[]).includes(l);
/** Layouts added with issue 13: speech counts must be exact, not within 2%. */
const EXACT: AnyLayout[] = ['macroman', ...TWOCOL_LAYOUTS];

function analysed(layout: AnyLayout, seed: number) {
  const k = `${layout}:${seed}`;
  let p = cache.get(k);
  if (!p) {
    p = (async () => {
      const sp = generateScreenplay({
        seed,
        scenes: 45,
        devanagari: layout === 'devanagari' || layout === 'twocol-deva',
        dual: isTwoCol(layout) || DUAL.includes(layout),
      });
      const pdf = isTwoCol(layout) ? await renderTwoColumn(sp, layout) : await renderScreenplay(sp, layout);
      const a = await analyzePdfBytes(pdf, { fileName: `${layout}.pdf` });
      return { a, exp: expectedOf(sp) };
    })();
    cache.set(k, p);
  }
  return p;
}

describe.each(ALL_LAYOUTS)('layout %s', (layout) => {
  it.each([11, 29])('finds every character, heading and speech (seed %i)', async (seed) => {
    const { a, exp } = await analysed(layout, seed);
    expect(scriptAnalysisSchema.safeParse(a).success).toBe(true);
    const s = score(a, exp, {
      numbered:
        layout === 'numbered' || layout === 'devanagari' || layout.startsWith('word') || isTwoCol(layout),
    });
    expect(s.falsePositives).toEqual([]);
    expect(s.falseNegatives).toEqual([]);
    expect(s.f1).toBeGreaterThanOrEqual(0.98);
    expect(s.missingHeadings).toEqual([]);
    expect(a.scenes.filter((x) => x.index > 0)).toHaveLength(exp.scenes.length);
    expect(s.totalSpeechError).toBeLessThanOrEqual(0.02);
    for (const [name, want] of exp.characters) {
      const got = a.characters.find((c) => c.name === name);
      expect(got, name).toBeDefined();
      if (EXACT.includes(layout)) expect(got!.speeches, `${name} speeches`).toBe(want.speeches);
      expect(Math.abs(got!.speeches - want.speeches), `${name} speeches`).toBeLessThanOrEqual(
        Math.max(1, want.speeches * 0.02),
      );
      expect(Math.abs(got!.words - want.words) / want.words, `${name} words`).toBeLessThanOrEqual(0.05);
      // Scenes spoken in: the speech before the first heading is scene 0.
      expect(got!.scenes, `${name} scenes`).toEqual([...want.scenes].sort((x, y) => x - y));
    }
  });

  it('reads the title, the cold open and the introductions', async () => {
    const { a } = await analysed(layout, 11);
    expect(a.title).toBe(
      layout === 'numbered'
        ? 'numbered'
        : layout === 'devanagari' || layout === 'twocol-deva'
          ? 'BAARISH KE BAAD'
          : 'THE MONSOON FILES',
    );
    const zero = a.scenes[0]!;
    expect(zero.index).toBe(0);
    expect(zero.speakers.map((x) => x.name)).toEqual(['NEWS ANCHOR']);
    const priya = a.characters.find((c) => c.name === 'PRIYA')!;
    expect(priya.intro).toMatch(/^PRIYA \(28\), sharp-eyed/);
    expect(priya.age).toMatchObject({ min: 28, max: 28 });
    expect(priya.gender?.value).toBe('female');
    const iyer = a.characters.find((c) => c.name === 'MRS. IYER')!;
    expect(iyer.age).toMatchObject({ min: 60, max: 69 });
    expect(iyer.gender?.value).toBe('female');
    const sharma = a.characters.find((c) => c.name === 'INSPECTOR SHARMA')!;
    expect(sharma.age).toMatchObject({ min: 43, max: 46 });
    expect(sharma.gender?.value).toBe('male');
    expect(a.silent.map((x) => x.name)).toContain('TEA VENDOR');
    // Aliases merged: extensions never make a separate character.
    expect(a.characters.every((c) => !/\(/.test(c.name))).toBe(true);
    expect(a.characters.some((c) => c.aliases.some((x) => /V\.O\./.test(x)))).toBe(true);
    // Importance order: leads first, one-line parts last.
    const maxSpeeches = Math.max(...a.characters.map((c) => c.speeches));
    expect(a.characters[0]!.speeches).toBeGreaterThanOrEqual(maxSpeeches * 0.8);
    expect(a.characters.at(-1)!.speeches).toBeLessThanOrEqual(5);
  });

  it('measures scenes in eighths that add up to the script length', async () => {
    const { a } = await analysed(layout, 11);
    const bodyPages = a.pages - (a.hasTitlePage ? 1 : 0);
    const total = a.scenes.reduce((n, s) => n + s.eighths, 0) / 8;
    expect(Math.abs(total - bodyPages)).toBeLessThanOrEqual(Math.max(1.5, bodyPages * 0.08));
    for (const s of a.scenes) {
      expect(s.endPage).toBeGreaterThanOrEqual(s.page);
      expect(s.eighths).toBeGreaterThanOrEqual(1);
    }
    expect(a.locations.reduce((n, l) => n + l.scenes.length, 0)).toBe(
      a.scenes.filter((s) => s.index > 0).length,
    );
  });
});

describe('layout-specific structure', () => {
  it('reads printed scene numbers from both margins and flags revisions', async () => {
    const { a } = await analysed('numbered', 11);
    const numbered = a.scenes.filter((s) => s.index > 0);
    expect(numbered.every((s) => s.number !== null)).toBe(true);
    expect(numbered.some((s) => /A$/.test(s.number!))).toBe(true);
    // The margin numbers are not part of the heading text.
    expect(numbered.every((s) => !/^\d/.test(s.heading) && !/\s\d+[A-Z]?$/.test(s.heading))).toBe(true);
    expect(numbered.some((s) => s.revised)).toBe(true);
  });

  it('splits dual dialogue into two speeches', async () => {
    const { a } = await analysed('us-letter', 11);
    expect(a.speeches.filter((s) => s.dual).length % 2).toBe(0);
    expect(a.speeches.some((s) => s.dual)).toBe(true);
  });

  it('learns a flat Word layout and an indented screenplay layout', async () => {
    expect((await analysed('word-inline', 11)).a.layout).toBe('flat');
    expect((await analysed('word-stacked', 11)).a.layout).toBe('flat');
    expect((await analysed('a4', 11)).a.layout).toBe('screenplay');
  });

  it('repairs a Mac Roman text layer (older Final Draft) and says so', async () => {
    const { a } = await analysed('macroman', 11);
    expect(a.warnings.some((w) => /Mac Roman/.test(w))).toBe(true);
    expect(a.characters.map((c) => c.name)).toContain("DR. D'SOUZA");
    expect(JSON.stringify(a)).not.toMatch(/[ÕÒÓÑ]/);
  });

  it('reads two-column tables as speeches, never their timecodes or stamps', async () => {
    for (const layout of TWOCOL_LAYOUTS) {
      const { a } = await analysed(layout, 11);
      expect(a.layout, layout).toBe('flat');
      // A wrapped name cell ("INSPECTOR" over "SHARMA") is one name.
      expect(a.characters.map((c) => c.name)).toContain('INSPECTOR SHARMA');
      expect(a.characters.every((c) => !/\d{2}:\d{2}|DUBBING|STUDIO|^R\d/.test(c.name))).toBe(true);
    }
    const deva = (await analysed('twocol-deva', 11)).a;
    expect(deva.characters.map((c) => c.name)).toEqual(expect.arrayContaining(['राधा', 'मोहन']));
  });

  it('finds Devanagari names with their dialogue', async () => {
    const { a, exp } = await analysed('devanagari', 11);
    const radha = a.characters.find((c) => c.name === 'राधा');
    expect(radha).toBeDefined();
    expect(radha!.speeches).toBe(exp.characters.get('राधा')!.speeches);
    expect(radha!.age).toMatchObject({ min: 30, max: 30 });
  });

  it('gives speech rectangles inside their pages for highlighting', async () => {
    const { a } = await analysed('a4', 11);
    for (const sp of a.speeches) {
      expect(sp.rects.length).toBeGreaterThanOrEqual(2);
      for (const r of sp.rects) {
        const size = a.pageSizes[r.page - 1]!;
        expect(r.x).toBeGreaterThanOrEqual(0);
        expect(r.x + r.w).toBeLessThanOrEqual(size.width);
        expect(r.y).toBeGreaterThan(0);
        expect(r.y + r.h).toBeLessThanOrEqual(size.height);
      }
    }
  });
});
