// The offline role breakdown from a script analysis: age and gender hints, importance from speech and
// scene counts, key scenes with pages, audition speeches; a draft, through the API contract too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { draftBreakdown, importanceOf } from '../../src/backend/match/breakdown.ts';
import { saveScriptAnalysis } from '../../src/backend/script/store.ts';
import { openDatabase } from '../../src/backend/store/db.ts';
import { analysis } from './script-fixture.ts';

describe('offline breakdown draft', () => {
  it('reads the lead: age and gender hints, importance, key scenes with pages, audition lines', () => {
    const b = draftBreakdown(analysis(), 'meera (v.o.)');
    expect(b).toMatchObject({
      character: 'MEERA',
      draft: true,
      source: 'heuristic',
      ageMin: 27,
      ageMax: 29,
      ageCue: '(late 20s)',
      gender: 'female',
      genderCue: 'her',
      importance: 'lead',
      speeches: 121,
      scenes: 14,
      firstPage: 1,
      intro: 'MEERA (late 20s), a tired constable, hangs her uniform on a nail.',
    });
    expect(b.importanceWhy).toBe('121 speeches (100% of the busiest part) in 14 of 40 scenes');
    expect(b.inferred).toEqual(['importance', 'gender']);
    // Scene 6 (page 16) holds 30+ of her speeches; key scenes are listed in script order.
    expect(b.keyScenes).toHaveLength(4);
    expect(b.keyScenes.map((s) => s.index)).toContain(6);
    expect(b.keyScenes.find((s) => s.index === 6)).toMatchObject({
      page: 16,
      heading: 'INT. DHOBI GHAT - NIGHT',
    });
    expect(b.keyScenes.map((s) => s.index)).toEqual(
      [...b.keyScenes.map((s) => s.index)].sort((a, c) => a - c),
    );
    // The 220-word monologue and the dual-dialogue speech are left out; one line per scene, by page.
    expect(b.auditionLines.map((l) => l.words)).toEqual(
      [...b.auditionLines].sort((x, y) => x.page - y.page).map((l) => l.words),
    );
    expect(b.auditionLines).toHaveLength(3);
    expect(b.auditionLines.map((l) => l.words).sort((x, y) => y - x)).toEqual([95, 80, 60]);
    expect(b.auditionLines.find((l) => l.words === 95)!.cue).toBe('MEERA (V.O.)');
    expect(new Set(b.auditionLines.map((l) => l.scene)).size).toBe(3);
    expect(b.auditionLines.every((l) => l.text === null)).toBe(true);
  });

  it('grades the rest of the cast, and a silent part', () => {
    const a = analysis();
    expect(draftBreakdown(a, 'Inspector Kale')).toMatchObject({
      importance: 'supporting',
      ageMin: 50,
      gender: 'male',
    });
    expect(draftBreakdown(a, 'DHOBI')).toMatchObject({
      importance: 'featured',
      gender: null,
      inferred: ['importance'],
    });
    expect(draftBreakdown(a, 'PEON')).toMatchObject({
      importance: 'day_player',
      auditionLines: [{ words: 3 }],
    });
    expect(draftBreakdown(a, 'old woman')).toMatchObject({
      importance: 'day_player',
      speeches: 0,
      ageMin: 70,
      keyScenes: [{ index: 1, page: 3 }],
    });
    expect(() => draftBreakdown(a, 'RAHUL')).toThrow(/No character "RAHUL".*MEERA, INSPECTOR KALE/);
  });

  it('importance thresholds: share of scenes, and the top two parts of a two-hander', () => {
    const cast = { maxSpeeches: 100, totalScenes: 50, rank: 5 };
    expect(importanceOf({ speeches: 10, scenes: 13 }, cast).importance).toBe('lead');
    expect(importanceOf({ speeches: 60, scenes: 5 }, { ...cast, rank: 2 }).importance).toBe('lead');
    expect(importanceOf({ speeches: 60, scenes: 5 }, cast).importance).toBe('supporting');
    expect(importanceOf({ speeches: 3, scenes: 2 }, cast).importance).toBe('featured');
    expect(importanceOf({ speeches: 2, scenes: 1 }, cast).importance).toBe('day_player');
    expect(
      importanceOf({ speeches: 0, scenes: 0 }, { maxSpeeches: 0, totalScenes: 0, rank: 1 }).importance,
    ).toBe('day_player');
  });

  describe('through the API', () => {
    let backend: Backend;
    beforeEach(async () => {
      backend = await createBackend({ dataDir: ':memory:', transport: 'browser', version: 'test' });
    });
    afterEach(() => backend.close());

    it('breakdown.draft reads a stored script; unknown scripts and characters are typed errors', async () => {
      const missing = await backend.dispatch('breakdown.draft', { scriptId: 'nope', character: 'MEERA' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const bad = await backend.dispatch('breakdown.draft', { scriptId: 'x', character: '', extra: 1 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });
  });
});

describe('breakdown.draft over a stored script', () => {
  it('finds the character in the saved analysis', async () => {
    const db = await openDatabase(':memory:');
    const rec = saveScriptAnalysis(db.sqlite, {
      sha256: 'a'.repeat(64),
      fileName: 'chawl.pdf',
      analysis: analysis(),
    });
    const { draftBreakdownFor } = await import('../../src/backend/match/breakdown.ts');
    expect(draftBreakdownFor(db, rec.id, 'MEERA')).toMatchObject({ character: 'MEERA', importance: 'lead' });
    db.sqlite.prepare('UPDATE script SET analysis = \'{"schemaVersion":0}\' WHERE id = ?').run(rec.id);
    expect(() => draftBreakdownFor(db, rec.id, 'MEERA')).toThrow(/older form/);
    db.close();
  });
});
