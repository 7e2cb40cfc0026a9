import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAnalyzeScriptCli } from '../../src/backend/script/cli.ts';
import { renderScreenplay } from './fixtures/render.ts';
import { expectedOf, generateScreenplay } from './fixtures/screenplay.ts';

// The contract of `castmatch analyze-script FILE.pdf --json`, exactly.
const cliSchema = z.strictObject({
  title: z.string(),
  pages: z.number().int(),
  scenes: z.array(
    z.strictObject({
      index: z.number().int(),
      number: z.string().nullable(),
      heading: z.string(),
      page: z.number().int(),
    }),
  ),
  characters: z.array(
    z.strictObject({
      name: z.string(),
      speeches: z.number().int(),
      words: z.number().int(),
      scenes: z.array(z.number().int()),
      firstPage: z.number().int(),
      intro: z.string().nullable(),
    }),
  ),
});

let dir: string;
const sp = generateScreenplay({ seed: 4, scenes: 10 });
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'castmatch-cli-'));
  writeFileSync(join(dir, 'script.pdf'), await renderScreenplay(sp, 'numbered'));
  writeFileSync(join(dir, 'fake.pdf'), 'hello');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runAnalyzeScriptCli(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('castmatch analyze-script', () => {
  it('prints the analysis as JSON in the documented shape', async () => {
    const r = await run(['analyze-script', join(dir, 'script.pdf'), '--json']);
    expect(r.code).toBe(0);
    const json = cliSchema.parse(JSON.parse(r.out));
    const exp = expectedOf(sp);
    expect(json.scenes.filter((s) => s.index > 0).map((s) => s.number)).toEqual(
      exp.scenes.map((s) => s.number),
    );
    expect(json.scenes[0]).toMatchObject({ index: 0, number: null });
    expect(json.characters.map((c) => c.name).sort()).toEqual([...exp.characters.keys()].sort());
    for (const c of json.characters) {
      expect(c.speeches).toBe(exp.characters.get(c.name)!.speeches);
      expect(c.scenes).toEqual([...exp.characters.get(c.name)!.scenes].sort((a, b) => a - b));
    }
  });

  it('accepts argv without the command name and prints a readable summary', async () => {
    const r = await run([join(dir, 'script.pdf')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pages, 10 scenes/);
  });

  it('prints the full analysis with --full', async () => {
    const r = await run([join(dir, 'script.pdf'), '--json', '--full']);
    expect(JSON.parse(r.out).speeches.length).toBeGreaterThan(10);
  });

  it('fails with a typed error and exit code 1 on a bad file', async () => {
    const r = await run(['analyze-script', join(dir, 'fake.pdf'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ error: { code: 'NOT_A_PDF', message: 'This file is not a PDF.' } });
    expect(r.err).toMatch(/^NOT_A_PDF/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['analyze-script'])).code).toBe(2);
    expect((await run(['a.pdf', '--bogus'])).code).toBe(2);
    expect((await run(['a.pdf', '--password'])).code).toBe(2);
  });
});
