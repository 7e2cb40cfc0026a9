import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { disposeScriptWorker, sha256Hex } from '../../src/backend/script/index.ts';
import type { Result } from '../../src/shared/api.ts';
import type { AnalyzeResult } from '../../src/shared/script-api.ts';
import { encryptedPdf, manyPagesPdf } from '../script/fixtures/bad.ts';
import { renderScreenplay } from '../script/fixtures/render.ts';
import { generateScreenplay } from '../script/fixtures/screenplay.ts';

let backend: Backend;
let dir: string;
let draft1: Uint8Array;
let draft2: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'castmatch-script-api-'));
  backend = await createBackend({ dataDir: join(dir, 'office'), transport: 'browser', version: 't' });
  draft1 = await renderScreenplay(generateScreenplay({ seed: 11, scenes: 14 }), 'us-letter');
  draft2 = await renderScreenplay(generateScreenplay({ seed: 12, scenes: 18 }), 'us-letter');
});
afterAll(async () => {
  backend.close();
  await disposeScriptWorker();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function handle(name: string, data: Uint8Array | string): string {
  const p = join(dir, `${n++}-${name}`);
  writeFileSync(p, data);
  return backend.files.register(p, name);
}

function value<T>(r: Result): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function analyze(file: string, extra: Record<string, unknown> = {}): Promise<Result> {
  return backend.dispatch('script.analyze', { file, jobId: `job_${n++}_abcdef`, ...extra });
}

describe('script review handlers', () => {
  let firstId = '';

  it('analyses a picked PDF with progress, keeps a copy for the viewer and reopens instantly', async () => {
    const progress: unknown[] = [];
    const off = backend.events.subscribe((e, p) => e === 'script.progress' && progress.push(p));
    const r = value<AnalyzeResult>(await analyze(handle('monsoon.pdf', draft1), { jobId: 'first_job_1' }));
    off();
    firstId = r.script.id;
    expect(r.reused).toBe(false);
    expect(r.diff).toBeNull();
    expect(r.script.sha256).toBe(sha256Hex(draft1));
    expect(r.script.fileName).toBe('monsoon.pdf');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ jobId: 'first_job_1', phase: 'done', pagesDone: r.script.pages });
    expect(existsSync(join(backend.dataDir, 'scripts', `${r.script.sha256}.pdf`))).toBe(true);

    const pdf = value<{ base64: string; bytes: number }>(
      await backend.dispatch('script.pdf', { id: firstId }),
    );
    expect(Buffer.from(pdf.base64, 'base64').equals(Buffer.from(draft1))).toBe(true);

    // The same bytes under another name: found by SHA-256, nothing analysed again.
    const during: { phase?: string }[] = [];
    const off2 = backend.events.subscribe(
      (e, p) => e === 'script.progress' && during.push(p as { phase?: string }),
    );
    const again = value<AnalyzeResult>(await analyze(handle('copy of monsoon.pdf', draft1)));
    off2();
    expect(again.reused).toBe(true);
    expect(again.script.id).toBe(firstId);
    // Reused, so nothing was extracted again.
    expect(during.filter((p) => p.phase === 'extracting')).toEqual([]);

    const got = value<{ analysis: { characters: { name: string }[] }; notes: unknown[] }>(
      await backend.dispatch('script.get', { id: firstId }),
    );
    expect(got.analysis.characters.map((c) => c.name)).toContain('PRIYA');
    expect(got.notes).toEqual([]);
    const list = value<{ id: string }[]>(await backend.dispatch('script.list', {}));
    expect(list.map((s) => s.id)).toEqual([firstId]);
  });

  it('compares a new draft of the same title with the earlier one', async () => {
    const r = value<AnalyzeResult>(await analyze(handle('monsoon-v2.pdf', draft2)));
    expect(r.reused).toBe(false);
    expect(r.diff).not.toBeNull();
    const d = r.diff!;
    expect(d.before.id).toBe(firstId);
    expect(d.after.id).toBe(r.script.id);
    const [a1, a2] = await Promise.all(
      [firstId, r.script.id].map(async (id) =>
        value<{ analysis: { characters: { name: string; speeches: number }[] } }>(
          await backend.dispatch('script.get', { id }),
        ),
      ),
    );
    const before = new Map(a1!.analysis.characters.map((c) => [c.name, c.speeches]));
    for (const g of d.comparison.grew) expect(g.speechesAfter).toBeGreaterThan(before.get(g.name) ?? 0);
    for (const s of d.comparison.shrank) expect(s.speechesAfter).toBeLessThan(before.get(s.name)!);
    expect(d.comparison.scenesAfter).toBe(18);
    expect(d.comparison.scenesBefore).toBe(14);
    // The explicit comparison says the same.
    const c = value<typeof d>(
      await backend.dispatch('script.compare', { beforeId: firstId, afterId: r.script.id }),
    );
    expect(c.comparison).toEqual(d.comparison);
    expect(a2!.analysis.characters.length).toBeGreaterThan(3);
    // Reopening the first draft does not compare it with the later one unasked.
    const reopened = value<AnalyzeResult>(await analyze(handle('first-again.pdf', draft1)));
    expect(reopened.reused).toBe(true);
    expect(reopened.diff).toBeNull();
    // Picking the draft to compare with works for a reopened file too.
    const picked = value<AnalyzeResult>(
      await analyze(handle('again.pdf', draft1), { compareWith: r.script.id }),
    );
    expect(picked.reused).toBe(true);
    expect(picked.diff?.before.id).toBe(r.script.id);
  });

  it('refuses bad files with typed errors and stores nothing', async () => {
    const before = value<unknown[]>(await backend.dispatch('script.list', {})).length;
    const notPdf = await analyze(handle('cast.pdf', 'Name,Age\nPriya,28\n'));
    expect(notPdf).toMatchObject({ ok: false, error: { code: 'NOT_A_PDF' } });
    expect(await analyze(handle('empty.pdf', ''))).toMatchObject({ ok: false, error: { code: 'NOT_A_PDF' } });
    expect(
      await backend.dispatch('script.analyze', {
        file: 'fh_aaaaaaaaaaaaaaaaaaaaaaaa',
        jobId: 'job_unknown1',
      }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_FILE' } });
    expect(
      await backend.dispatch('script.analyze', { file: '/etc/passwd', jobId: 'job_abcdefgh' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });

    // A password-protected PDF: asked for, refused when wrong, opened when right.
    const locked = handle('locked.pdf', encryptedPdf('chai'));
    expect(await analyze(locked)).toMatchObject({ ok: false, error: { code: 'PASSWORD_REQUIRED' } });
    expect(await analyze(locked, { password: 'coffee' })).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_INCORRECT' },
    });
    expect(value<unknown[]>(await backend.dispatch('script.list', {})).length).toBe(before);
    const opened = value<AnalyzeResult>(await analyze(locked, { password: 'chai' }));
    expect(opened.script.pages).toBe(1);
    const got = value<{ analysis: { characters: { name: string }[] } }>(
      await backend.dispatch('script.get', { id: opened.script.id }),
    );
    expect(got.analysis.characters.map((c) => c.name)).toEqual(expect.arrayContaining(['ANYA']));
    value(await backend.dispatch('script.delete', { id: opened.script.id }));
  });

  it('cancels a running analysis by job id', async () => {
    const file = handle('long.pdf', manyPagesPdf(1500));
    const seen = new Promise<void>((resolve) => {
      const off = backend.events.subscribe((e, p) => {
        if (e === 'script.progress' && (p as { jobId: string; pagesDone: number }).jobId === 'cancel_me_1') {
          if ((p as { pagesDone: number }).pagesDone > 0) {
            off();
            resolve();
          }
        }
      });
    });
    const running = backend.dispatch('script.analyze', { file, jobId: 'cancel_me_1' });
    await seen;
    value(await backend.dispatch('script.cancel', { jobId: 'cancel_me_1' }));
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const titles = value<{ fileName: string }[]>(await backend.dispatch('script.list', {})).map(
      (s) => s.fileName,
    );
    expect(titles).not.toContain('long.pdf');
  });

  it('keeps notes on a scene, a character and a text selection', async () => {
    const scene = value<{ id: string; target: unknown }>(
      await backend.dispatch('script.notes.add', {
        scriptId: firstId,
        target: { kind: 'scene', index: 2 },
        body: 'Needs 40 extras',
      }),
    );
    const who = value<{ id: string }>(
      await backend.dispatch('script.notes.add', {
        scriptId: firstId,
        target: { kind: 'character', name: 'PRIYA' },
        body: 'Lead: bilingual',
      }),
    );
    value(
      await backend.dispatch('script.notes.add', {
        scriptId: firstId,
        target: { kind: 'selection', page: 2, start: 10, end: 20, text: 'cutting chais' },
        body: 'Props',
      }),
    );
    expect(
      await backend.dispatch('script.notes.add', {
        scriptId: firstId,
        target: { kind: 'scene', index: 1 },
        body: '   ',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const updated = value<{ body: string }>(
      await backend.dispatch('script.notes.update', { id: who.id, body: 'Lead: must speak Marathi' }),
    );
    expect(updated.body).toBe('Lead: must speak Marathi');
    value(await backend.dispatch('script.notes.delete', { id: scene.id }));
    expect(await backend.dispatch('script.notes.delete', { id: scene.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const notes = value<{ body: string; target: { kind: string } }[]>(
      await backend.dispatch('script.notes.list', { scriptId: firstId }),
    );
    expect(notes.map((x) => [x.target.kind, x.body])).toEqual([
      ['character', 'Lead: must speak Marathi'],
      ['selection', 'Props'],
    ]);
    const got = value<{ notes: unknown[] }>(await backend.dispatch('script.get', { id: firstId }));
    expect(got.notes).toHaveLength(2);
  });

  it('makes roles from characters with their intro and age/gender hints', async () => {
    const r = value<{
      project: { id: string; name: string };
      roles: Record<string, unknown>[];
      skipped: string[];
    }>(
      await backend.dispatch('script.makeRoles', {
        scriptId: firstId,
        newProjectName: 'The Monsoon Files',
        characters: [{ name: 'PRIYA' }, { name: 'MRS. IYER' }, { name: 'RAHUL', ageMin: 25, ageMax: 32 }],
      }),
    );
    expect(r.project.name).toBe('The Monsoon Files');
    const byName = new Map(r.roles.map((x) => [x.name as string, x]));
    expect(byName.get('PRIYA')).toMatchObject({ ageMin: 28, ageMax: 28 });
    expect(String(byName.get('PRIYA')?.description)).toContain('sharp-eyed');
    expect(byName.get('MRS. IYER')).toMatchObject({ ageMin: 60, ageMax: 69 });
    expect(byName.get('RAHUL')).toMatchObject({ ageMin: 25, ageMax: 32 });
    const roles = value<{ name: string }[]>(
      await backend.dispatch('roles.list', { projectId: r.project.id }),
    );
    expect(roles.map((x) => x.name).sort()).toEqual(['MRS. IYER', 'PRIYA', 'RAHUL']);

    // Again into the same project: existing roles are skipped, not duplicated.
    const again = value<{ roles: unknown[]; skipped: string[] }>(
      await backend.dispatch('script.makeRoles', {
        scriptId: firstId,
        projectId: r.project.id,
        characters: [{ name: 'PRIYA' }, { name: 'KABIR' }],
      }),
    );
    expect(again.skipped).toEqual(['PRIYA']);
    expect(again.roles).toHaveLength(1);
    // An unknown character creates nothing at all.
    expect(
      await backend.dispatch('script.makeRoles', {
        scriptId: firstId,
        projectId: r.project.id,
        characters: [{ name: 'ZOYA' }, { name: 'NOBODY HERE' }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(value<unknown[]>(await backend.dispatch('roles.list', { projectId: r.project.id }))).toHaveLength(
      4,
    );
    expect(
      await backend.dispatch('script.makeRoles', { scriptId: firstId, characters: [{ name: 'PRIYA' }] }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('exports the breakdown as CSV, XLSX and PDF', async () => {
    const got = value<{ analysis: { characters: { name: string; speeches: number }[]; scenes: unknown[] } }>(
      await backend.dispatch('script.get', { id: firstId }),
    );
    const csv = value<{ fileName: string; mime: string; base64: string }>(
      await backend.dispatch('script.export', { id: firstId, kind: 'cast-list', format: 'csv' }),
    );
    expect(csv.fileName).toMatch(/^the-monsoon-files-cast-list\.csv$/);
    const lines = Buffer.from(csv.base64, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toMatch(/^#,Character,Speeches,Words,Scenes/);
    expect(lines).toHaveLength(got.analysis.characters.length + 1);
    const top = got.analysis.characters[0]!;
    expect(lines[1]).toContain(`1,${top.name},${top.speeches},`);

    const dood = value<{ base64: string }>(
      await backend.dispatch('script.export', { id: firstId, kind: 'cast-by-scene', format: 'csv' }),
    );
    const header = Buffer.from(dood.base64, 'base64').toString('utf8').split('\r\n')[0]!;
    expect(header.split(',')).toHaveLength(got.analysis.scenes.length + 2);

    const xlsx = value<{ base64: string; mime: string }>(
      await backend.dispatch('script.export', { id: firstId, kind: 'breakdown', format: 'xlsx' }),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Cast list', 'Cast by scene']);
    expect(wb.getWorksheet('Cast list')!.getRow(2).getCell(2).value).toBe(top.name);

    const pdf = value<{ base64: string; mime: string; fileName: string }>(
      await backend.dispatch('script.export', { id: firstId, kind: 'breakdown', format: 'pdf' }),
    );
    expect(pdf.mime).toBe('application/pdf');
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('deletes a script with its copy; its PDF and analysis are gone', async () => {
    const list = value<{ id: string; sha256: string }[]>(await backend.dispatch('script.list', {}));
    const second = list.find((s) => s.id !== firstId)!;
    value(await backend.dispatch('script.delete', { id: second.id }));
    expect(existsSync(join(backend.dataDir, 'scripts', `${second.sha256}.pdf`))).toBe(false);
    expect(await backend.dispatch('script.get', { id: second.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await backend.dispatch('script.pdf', { id: second.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // A copy changed on disk is refused rather than shown as this script.
    const first = list.find((s) => s.id === firstId)!;
    const path = join(backend.dataDir, 'scripts', `${first.sha256}.pdf`);
    const good = readFileSync(path);
    writeFileSync(path, Buffer.concat([good, Buffer.from('x')]));
    expect(await backend.dispatch('script.pdf', { id: firstId })).toMatchObject({
      ok: false,
      error: { code: 'PDF_MISSING' },
    });
    writeFileSync(path, good);
  });
});
