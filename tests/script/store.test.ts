import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzePages } from '../../src/backend/script/analyze.ts';
import { openScriptFile } from '../../src/backend/script/open.ts';
import {
  addScriptNote,
  deleteScript,
  deleteScriptNote,
  findScriptBySha,
  getScript,
  listScriptNotes,
  listScripts,
  saveScriptAnalysis,
  setScriptProject,
  updateScriptNote,
} from '../../src/backend/script/store.ts';
import { pagesOf } from './fixtures/lines.ts';
import { renderScreenplay } from './fixtures/render.ts';
import { generateScreenplay } from './fixtures/screenplay.ts';

// Exactly the DDL the app's migrations create.
const DDL = `
CREATE TABLE script (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, file_name TEXT NOT NULL, title TEXT NOT NULL, pages INTEGER NOT NULL, analysis TEXT NOT NULL, project_id TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER);
CREATE TABLE script_note (id TEXT PRIMARY KEY, script_id TEXT NOT NULL REFERENCES script(id), target_kind TEXT NOT NULL, target_ref TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER);
`;

const analysis = analyzePages(
  pagesOf(['INT. CHAWL - NIGHT', '', '22|RAHUL', '10|Kya hua?', '', '22|ANJALI', '10|Kuch nahi.']),
  {
    fileName: 'chawl.pdf',
    metadataTitle: null,
    warnings: [],
  },
);
const SHA = 'a'.repeat(64);

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec(DDL);
});

describe('script store', () => {
  it('saves an analysis and finds it again by SHA-256 and id', () => {
    const rec = saveScriptAnalysis(db, { sha256: SHA, fileName: 'chawl.pdf', analysis }, 1000);
    expect(rec.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(findScriptBySha(db, SHA)).toEqual(rec);
    expect(getScript(db, rec.id)?.analysis).toEqual(analysis);
    const row = db.prepare('SELECT title, pages, created_at, updated_at FROM script').get();
    expect(row).toEqual({ title: 'chawl', pages: 1, created_at: 1000, updated_at: 1000 });
    expect(listScripts(db).map((s) => s.fileName)).toEqual(['chawl.pdf']);
  });

  it('replaces the analysis of the same file and revives a deleted one', () => {
    const a = saveScriptAnalysis(db, { sha256: SHA, fileName: 'one.pdf', analysis, projectId: 'p1' }, 1000);
    expect(deleteScript(db, a.id, 1500)).toBe(true);
    expect(findScriptBySha(db, SHA)).toBeNull();
    const b = saveScriptAnalysis(db, { sha256: SHA, fileName: 'renamed.pdf', analysis }, 2000);
    expect(b.id).toBe(a.id);
    expect(b.createdAt).toBe(1000);
    expect(b.projectId).toBe('p1');
    expect(findScriptBySha(db, SHA)?.fileName).toBe('renamed.pdf');
    expect(db.prepare('SELECT COUNT(*) AS n FROM script').get()).toEqual({ n: 1 });
  });

  it('filters by project and moves scripts between projects', () => {
    const a = saveScriptAnalysis(db, { sha256: SHA, fileName: 'a.pdf', analysis, projectId: 'p1' });
    saveScriptAnalysis(db, { sha256: 'b'.repeat(64), fileName: 'b.pdf', analysis, projectId: 'p2' });
    expect(listScripts(db, { projectId: 'p1' }).map((s) => s.fileName)).toEqual(['a.pdf']);
    expect(setScriptProject(db, a.id, 'p2')).toBe(true);
    expect(listScripts(db, { projectId: 'p2' })).toHaveLength(2);
  });

  it('treats an analysis stored in an outdated shape as absent', () => {
    saveScriptAnalysis(db, { sha256: SHA, fileName: 'a.pdf', analysis });
    db.prepare('UPDATE script SET analysis = ?').run('{"schemaVersion":0}');
    expect(findScriptBySha(db, SHA)).toBeNull();
    db.prepare('UPDATE script SET analysis = ?').run('not json');
    expect(findScriptBySha(db, SHA)).toBeNull();
  });

  it('rejects a malformed hash', () => {
    expect(() => saveScriptAnalysis(db, { sha256: 'xyz', fileName: 'a.pdf', analysis })).toThrow(/sha256/);
  });

  it('keeps notes on scenes, characters and selections', () => {
    const s = saveScriptAnalysis(db, { sha256: SHA, fileName: 'a.pdf', analysis });
    const n1 = addScriptNote(db, s.id, { kind: 'scene', index: 1 }, 'Needs a night shoot', 10);
    const n2 = addScriptNote(db, s.id, { kind: 'character', name: 'RAHUL' }, 'Older than 25?', 11);
    const sel = { kind: 'selection' as const, page: 1, start: 3, end: 12, text: 'Kya hua?' };
    const n3 = addScriptNote(db, s.id, sel, 'Dub later', 12);
    expect(listScriptNotes(db, s.id).map((n) => n.target)).toEqual([
      { kind: 'scene', index: 1 },
      { kind: 'character', name: 'RAHUL' },
      sel,
    ]);
    expect(listScriptNotes(db, s.id, { kind: 'character' }).map((n) => n.id)).toEqual([n2.id]);
    expect(db.prepare('SELECT target_kind, target_ref FROM script_note WHERE id = ?').get(n3.id)).toEqual({
      target_kind: 'selection',
      target_ref: JSON.stringify({ page: 1, start: 3, end: 12, text: 'Kya hua?' }),
    });
    expect(updateScriptNote(db, n1.id, '  Night shoot, rain  ', 20)).toMatchObject({
      body: 'Night shoot, rain',
      updatedAt: 20,
      createdAt: 10,
    });
    expect(deleteScriptNote(db, n1.id, 30)).toBe(true);
    expect(deleteScriptNote(db, n1.id, 31)).toBe(false);
    expect(listScriptNotes(db, s.id)).toHaveLength(2);
    expect(() => addScriptNote(db, s.id, { kind: 'scene', index: 1 }, '   ')).toThrow(/empty/);
    expect(() => addScriptNote(db, 'missing', { kind: 'scene', index: 1 }, 'x')).toThrow(/does not exist/);
    // Deleting the script tombstones its notes too.
    deleteScript(db, s.id, 40);
    expect(listScriptNotes(db, s.id)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM script_note WHERE deleted_at = 40').get()).toEqual({ n: 2 });
  });
});

describe('openScriptFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'castmatch-open-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('analyses a new file once, then answers from the database', async () => {
    const path = join(dir, 'draft1.pdf');
    writeFileSync(path, await renderScreenplay(generateScreenplay({ seed: 2, scenes: 6 }), 'a4'));
    const first = await openScriptFile(db, path, { projectId: 'p9' });
    expect(first.cached).toBe(false);
    expect(first.record.projectId).toBe('p9');
    const again = await openScriptFile(db, path);
    expect(again.cached).toBe(true);
    expect(again.record.id).toBe(first.record.id);
  });

  it('stores nothing when the analysis fails', async () => {
    const path = join(dir, 'bad.pdf');
    writeFileSync(path, 'not a pdf');
    await expect(openScriptFile(db, path)).rejects.toMatchObject({ code: 'NOT_A_PDF' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM script').get()).toEqual({ n: 0 });
  });
});
