import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addToShortlist, createProject, createRole } from '../../src/backend/casting/repo.ts';
import { dbToolContext } from '../../src/backend/claude/tool-context.ts';
import { runTool } from '../../src/backend/claude/tool-runner.ts';
import { type AppDatabase, openDatabase } from '../../src/backend/store/db.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';

let db: AppDatabase;
beforeEach(async () => {
  db = await openDatabase(':memory:');
});
afterEach(() => db.close());

describe('tools over the office database', () => {
  it('list_projects, list_roles, get_shortlist and propose_shortlist_addition read through the casting repo', () => {
    const p = createProject(db, { name: 'Shadow Line', description: 'Crime series' });
    createProject(db, { name: 'Old ad', status: 'wrapped' });
    const role = createRole(db, {
      projectId: p.id,
      name: 'Inspector Kale',
      ageMin: 40,
      ageMax: 50,
      languages: ['Marathi'],
    });
    const a = createTalent(db, { fullName: 'Sachin Patil' });
    const b = createTalent(db, { fullName: 'Girish Joshi' });
    addToShortlist(db, role.id, a.id, 'strong audition');
    const ctx = dbToolContext(db, null);

    const projects = runTool(ctx, 'list_projects', {});
    expect(projects.ok).toBe(true);
    expect((projects.result as { projects: Array<{ name: string }> }).projects.map((x) => x.name)).toEqual([
      'Shadow Line',
    ]);
    const all = runTool(ctx, 'list_projects', { includeClosed: true }).result as { projects: unknown[] };
    expect(all.projects).toHaveLength(2);

    expect(runTool(ctx, 'list_roles', { projectId: p.id }).result).toMatchObject({
      roles: [{ id: role.id, name: 'Inspector Kale', ageMin: 40, languages: ['Marathi'], shortlisted: 1 }],
    });
    expect(runTool(ctx, 'get_shortlist', { roleId: role.id }).result).toMatchObject({
      role: { name: 'Inspector Kale', projectName: 'Shadow Line' },
      entries: [{ talentId: a.id, fullName: 'Sachin Patil', status: 'considered', notes: 'strong audition' }],
    });
    expect(runTool(ctx, 'get_shortlist', { roleId: 'missing' }).ok).toBe(false);

    const before = db.sqlite.prepare('SELECT count(*) AS n FROM shortlist_entry').get() as { n: number };
    const prop = runTool(ctx, 'propose_shortlist_addition', {
      roleId: role.id,
      talentIds: [a.id, b.id, 'ghost'],
    });
    expect(prop.result).toMatchObject({
      kind: 'shortlist_proposal',
      talents: [
        { id: a.id, alreadyShortlisted: true },
        { id: b.id, alreadyShortlisted: false },
      ],
      unknownIds: ['ghost'],
    });
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM shortlist_entry').get()).toEqual(before);
  });

  it('get_script_analysis finds a project’s script; remember stores the source conversation', () => {
    const p = createProject(db, { name: 'Film' });
    const now = Date.now();
    const analysis = {
      title: 'Film',
      pages: 2,
      scenes: [],
      characters: [{ name: 'ASHA', speeches: 3, words: 30, scenes: [] }],
      speeches: [],
    };
    db.sqlite
      .prepare(
        'INSERT INTO script (id, sha256, file_name, title, pages, analysis, project_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run('s1', 'abc', 'film.pdf', 'Film', 2, JSON.stringify(analysis), p.id, now, now);
    const conv = db.sqlite
      .prepare(
        "INSERT INTO conversation (id, title, model, created_at, updated_at) VALUES ('c1', 't', 'm', ?, ?)",
      )
      .run(now, now);
    expect(conv.changes).toBe(1);
    const ctx = dbToolContext(db, 'c1');
    expect(runTool(ctx, 'get_script_analysis', { projectId: p.id, part: 'cast' }).result).toMatchObject({
      scriptId: 's1',
      characters: [{ name: 'ASHA', speeches: 3 }],
    });
    const r = runTool(ctx, 'remember', { text: 'Asha must be cast from Nagpur' });
    expect(r.memory).toMatchObject({ sourceConversationId: 'c1', text: 'Asha must be cast from Nagpur' });
  });
});
