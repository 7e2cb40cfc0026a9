// A kept breakdown becomes a role's brief and the agencies' document (text and PDF), through the API.
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { saveScriptAnalysis } from '../../src/backend/script/store.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { analysis } from './script-fixture.ts';

let backend: Backend;
let scriptId: string;
const ok = async <T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
};

beforeEach(async () => {
  backend = await createBackend({ dataDir: ':memory:', transport: 'browser', version: 'test' });
  scriptId = saveScriptAnalysis(backend.db.sqlite, {
    sha256: 'f'.repeat(64),
    fileName: 'chawl.pdf',
    analysis: analysis(),
  }).id;
});
afterEach(() => backend.close());

describe('breakdown → role brief and document', () => {
  it('an edited draft fills a new role and its brief; the matches then follow it', async () => {
    await ok(
      backend.dispatch('breakdown.edit', {
        scriptId,
        character: 'meera',
        set: { languages: ['Marathi'], dialects: ['Malvani'], look: 'Wiry, sun-tired', ageMin: 25 },
      }),
    );
    createTalent(backend.db, {
      fullName: 'Savita Jadhav',
      gender: 'female',
      playingAgeMin: 26,
      playingAgeMax: 30,
      languages: [{ language: 'Marathi', fluency: 5 }],
      dialects: ['Malvani'],
    });
    createTalent(backend.db, {
      fullName: 'Ramesh Pawar',
      gender: 'male',
      playingAgeMin: 26,
      playingAgeMax: 30,
    });
    const applied = await ok<{ roleId: string; projectId: string; created: boolean; roleName: string }>(
      backend.dispatch('breakdown.applyToRole', { scriptId, character: 'MEERA', newProjectName: 'Chawl' }),
    );
    expect(applied).toMatchObject({ created: true, roleName: 'MEERA' });
    const roles = await ok<Array<Record<string, unknown>>>(
      backend.dispatch('roles.list', { projectId: applied.projectId }),
    );
    expect(roles[0]).toMatchObject({
      name: 'MEERA',
      ageMin: 25,
      ageMax: 29,
      gender: 'female',
      languages: ['Marathi'],
    });
    expect(String(roles[0]!.description)).toContain('Wiry, sun-tired');
    const brief = await ok<{ dialects: string[] }>(
      backend.dispatch('match.brief.get', { roleId: applied.roleId }),
    );
    expect(brief.dialects).toEqual(['Malvani']);
    const ranked = await ok<{
      candidates: Array<{
        talent: { fullName: string };
        reasons: Array<{ criterion: string; status: string }>;
      }>;
    }>(backend.dispatch('match.rank', { roleId: applied.roleId }));
    expect(ranked.candidates.map((c) => c.talent.fullName)).toEqual(['Savita Jadhav']);
    expect(ranked.candidates[0]!.reasons.find((r) => r.criterion === 'dialects')?.status).toBe('matched');

    // Applying again updates the same role (found by name in the script's project) rather than adding one.
    await ok(backend.dispatch('breakdown.edit', { scriptId, character: 'MEERA', set: { ageMax: 33 } }));
    const again = await ok<{ roleId: string; created: boolean }>(
      backend.dispatch('breakdown.applyToRole', { scriptId, character: 'MEERA' }),
    );
    expect(again).toMatchObject({ roleId: applied.roleId, created: false });
    const after = await ok<Array<{ id: string; ageMax: number }>>(
      backend.dispatch('roles.list', { projectId: applied.projectId }),
    );
    expect(after.map((r) => [r.id, r.ageMax])).toEqual([[applied.roleId, 33]]);
  });

  it('exports the agencies’ text format and a PDF', async () => {
    await ok(
      backend.dispatch('breakdown.edit', {
        scriptId,
        character: 'MEERA',
        set: { languages: ['Marathi', 'Hindi'], look: 'Wiry, sun-tired' },
      }),
    );
    const t = await ok<{ text: string; fileName: string; mime: string }>(
      backend.dispatch('breakdown.export', { scriptId, format: 'text' }),
    );
    expect(t.fileName).toBe('chawl-no-7-meera.txt');
    const lines = t.text.split('\n');
    expect(lines[0]).toBe('CASTING BREAKDOWN: Chawl No. 7');
    expect(lines.slice(2, 8)).toEqual([
      'ROLE NAME: MEERA',
      'Age range: 27–29',
      'Gender: Female',
      'Languages: Marathi, Hindi',
      'Importance: Lead (121 speeches (100% of the busiest part) in 14 of 40 scenes)',
      '',
    ]);
    expect(t.text).toContain(
      'DESCRIPTION:\nMEERA (late 20s), a tired constable, hangs her uniform on a nail.\n\nWiry, sun-tired',
    );
    expect(t.text).toContain('KEY SCENES:\n- Sc. ');
    expect(t.text).toContain('- Sc. 7: INT. DHOBI GHAT - NIGHT (p. 16)');
    expect(t.text).toMatch(/AUDITION LINES:\n- p\. \d+, MEERA/);
    expect(t.text).toContain('NOTES:\nDraft: read from the script analysis');

    const two = await ok<{ text: string }>(
      backend.dispatch('breakdown.export', { scriptId, characters: ['MEERA', 'PEON'], format: 'text' }),
    );
    expect(two.text.match(/^ROLE NAME: /gm)).toHaveLength(2);

    const pdf = await ok<{ base64: string; mime: string; text: string | null }>(
      backend.dispatch('breakdown.export', { scriptId, characters: ['MEERA', 'PEON'], format: 'pdf' }),
    );
    expect(pdf).toMatchObject({ mime: 'application/pdf', text: null });
    const doc = await PDFDocument.load(Buffer.from(pdf.base64, 'base64'));
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getTitle()).toBe('Casting breakdown: Chawl No. 7');
  });

  it('bad input is a clear error and writes nothing', async () => {
    const none = async () => ok<unknown[]>(backend.dispatch('breakdown.list', { scriptId }));
    expect(
      await backend.dispatch('breakdown.edit', {
        scriptId,
        character: 'MEERA',
        set: { ageMin: 40, ageMax: 30 },
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(
      await backend.dispatch('breakdown.edit', { scriptId, character: 'MEERA', set: { height: 3 } }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await none()).toEqual([]);
    expect(await backend.dispatch('breakdown.export', { scriptId, format: 'text' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('no breakdowns') },
    });
    expect(
      await backend.dispatch('breakdown.applyToRole', { scriptId, character: 'NOBODY', newProjectName: 'X' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
