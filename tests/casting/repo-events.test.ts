// Projects and roles: rename, edit, delete with undo (restore of the tombstoned row), and a casting.changed
// event for every write so that other open screens refresh. Shortlist notes and ratings can be set and cleared.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestBackend, testBackend } from './helpers.ts';

let t: TestBackend;
beforeEach(async () => {
  t = await testBackend();
});
afterEach(() => t.backend.close());

const changed = (payload: Record<string, string>) => ({ event: 'casting.changed', payload });

describe('projects and roles', () => {
  it('renames, edits, deletes and restores a project, with an event each time', async () => {
    const p = await t.call('projects.create', { name: 'Monsoon Diaries' });
    const r = await t.call('projects.update', {
      id: p.id,
      patch: { name: '  Monsoon Diaries S2 ', status: 'on_hold' },
    });
    expect(r).toMatchObject({ name: 'Monsoon Diaries S2', status: 'on_hold', description: null });
    await t.call('projects.delete', { id: p.id });
    expect(await t.call('projects.list', {})).toEqual([]);
    expect((await t.call('projects.restore', { id: p.id })).name).toBe('Monsoon Diaries S2');
    expect((await t.call('projects.list', {})).map((x) => x.id)).toEqual([p.id]);
    expect(t.events).toEqual([
      changed({ projectId: p.id }),
      changed({ projectId: p.id }),
      changed({ projectId: p.id }),
      changed({ projectId: p.id }),
    ]);
  });

  it('renames, edits, deletes and restores a role with its shortlist, with an event each time', async () => {
    const p = await t.call('projects.create', { name: 'Chai Ad' });
    const role = await t.call('roles.create', { projectId: p.id, name: 'Mother', ageMin: 40, ageMax: 55 });
    const talent = await t.call('talent.create', { fullName: 'Asha Kulkarni' });
    await t.call('shortlist.add', { roleId: role.id, talentId: talent.id });
    t.events.length = 0;
    const u = await t.call('roles.update', {
      id: role.id,
      patch: { name: 'Grandmother', ageMin: 60, ageMax: 75, languages: ['Marathi'] },
    });
    expect(u).toMatchObject({
      name: 'Grandmother',
      ageMin: 60,
      ageMax: 75,
      languages: ['Marathi'],
      shortlistCount: 1,
    });
    await t.call('roles.delete', { id: role.id });
    expect(await t.call('roles.list', { projectId: p.id })).toEqual([]);
    await t.call('roles.restore', { id: role.id });
    expect((await t.call('shortlist.get', { roleId: role.id })).map((e) => e.talent.id)).toEqual([talent.id]);
    const ev = changed({ projectId: p.id, roleId: role.id });
    expect(t.events).toEqual([ev, ev, ev]);
  });

  it('refuses bad edits with a clear message and changes nothing', async () => {
    const p = await t.call('projects.create', { name: 'Chai Ad' });
    const role = await t.call('roles.create', { projectId: p.id, name: 'Mother', ageMin: 40, ageMax: 55 });
    t.events.length = 0;
    expect((await t.fail('projects.update', { id: p.id, patch: { name: '  ' } })).message).toMatch(
      /needs a name/,
    );
    // The new "from" is checked against the stored "to".
    expect((await t.fail('roles.update', { id: role.id, patch: { ageMin: 60 } })).message).toMatch(
      /must not be above/,
    );
    expect((await t.fail('roles.update', { id: 'missing', patch: { name: 'X' } })).code).toBe('NOT_FOUND');
    expect((await t.fail('roles.restore', { id: role.id })).code).toBe('NOT_FOUND');
    expect((await t.call('roles.list', { projectId: p.id }))[0]).toMatchObject({
      name: 'Mother',
      ageMin: 40,
    });
    expect(t.events).toEqual([]);
  });

  it('sets, keeps and clears a shortlist note and rating', async () => {
    const p = await t.call('projects.create', { name: 'Chai Ad' });
    const role = await t.call('roles.create', { projectId: p.id, name: 'Mother' });
    const talent = await t.call('talent.create', { fullName: 'Asha Kulkarni' });
    const [entry] = await t.call('shortlist.add', { roleId: role.id, talentId: talent.id });
    t.events.length = 0;
    await t.call('shortlist.update', { entryId: entry!.id, rating: 4, notes: 'Great Marathi' });
    await t.call('shortlist.update', { entryId: entry!.id, rating: 5 });
    expect((await t.call('shortlist.get', { roleId: role.id }))[0]).toMatchObject({
      rating: 5,
      notes: 'Great Marathi',
    });
    await t.call('shortlist.update', { entryId: entry!.id, rating: null, notes: null });
    expect((await t.call('shortlist.get', { roleId: role.id }))[0]).toMatchObject({
      rating: null,
      notes: null,
    });
    expect(t.events).toEqual([
      changed({ roleId: role.id }),
      changed({ roleId: role.id }),
      changed({ roleId: role.id }),
    ]);
  });
});
