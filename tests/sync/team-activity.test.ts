import { describe, expect, it } from 'vitest';
import { serverForFile } from '../server/helpers.ts';
import { closeDesks, type Desk, makeDesk } from './desk.ts';

const desk = (name: string) => makeDesk(`activity-${name}`, { server: syncServer.srv.base });

const phoneOf = (d: Desk, id: string) =>
  (
    d.b.db.sqlite.prepare('SELECT phone FROM talent WHERE id = ?').get(id) as
      | { phone: string | null }
      | undefined
  )?.phone;
const password = 'a good long password';

const syncServer = serverForFile('activity', closeDesks);

describe('activity and team through the service', () => {
  let a: Desk;
  let b: Desk;

  it('names who overwrote a value of ours, keeps it, and a restore reaches the other desktop', async () => {
    a = await desk('a');
    await a.call('sync.createOffice', {
      officeName: 'Juhu Casting',
      email: 'asha@example.test',
      password,
      displayName: 'Asha',
    });
    await a.until(() => a.status().state === 'online');
    const invite = await a.call('sync.invite', { role: 'casting_director' });
    b = await desk('b');
    await b.call('sync.join', {
      code: invite.code,
      email: 'ravi@example.test',
      password,
      displayName: 'Ravi',
    });
    await b.until(() => b.status().state === 'online');

    const proj = await a.call('projects.create', { name: 'Chai Ad' });
    await b.until(() => b.b.db.sqlite.prepare('SELECT 1 FROM project WHERE id = ?').get(proj.id));
    const t = await a.call('talent.create', { fullName: 'Meher Khan', phone: '+91 98200 11111' });
    const ours = phoneOf(a, t.id)!;
    await b.until(() => phoneOf(b, t.id) === ours);
    await b.call('talent.update', { id: t.id, patch: { fullName: 'Meher Khan', phone: '+91 98200 22222' } });
    const theirs = phoneOf(b, t.id)!;
    await a.until(() => phoneOf(a, t.id) === theirs);

    const feed = await a.call('sync.activity.list', { table: 'talent', rowId: t.id });
    expect(feed.items).toHaveLength(1);
    const entry = feed.items[0]!;
    expect(entry.person?.displayName).toBe('Ravi');
    expect(entry.label).toBe('Meher Khan');
    const phone = entry.changes.find((c) => c.column === 'phone')!;
    expect(phone.value).toBe(JSON.stringify(theirs));
    expect(phone.overwritten).toEqual({ value: JSON.stringify(ours) });
    // The person filter: Ravi's changes, none of Asha's (hers never come back as remote changes anyway).
    const ravi = entry.person!.id;
    expect((await a.call('sync.activity.list', { userId: ravi })).items.map((e) => e.id)).toEqual([entry.id]);
    const asha = a.status().user!.id;
    expect((await a.call('sync.activity.list', { userId: asha })).items).toEqual([]);
    // B's desktop wrote the winning value: no notice there.
    expect((await b.call('sync.activity.list', { overwrittenOnly: true })).items).toEqual([]);

    await a.call('sync.activity.resolve', { id: phone.id, restore: true });
    expect(phoneOf(a, t.id)).toBe(ours);
    await b.until(() => phoneOf(b, t.id) === ours);
    expect((await a.call('sync.activity.list', { overwrittenOnly: true })).items).toEqual([]);
    const onB = await b.call('sync.activity.list', { table: 'talent', rowId: t.id });
    expect(onB.items[0]?.person?.displayName).toBe('Asha');
    expect(onB.items[0]?.changes.find((c) => c.column === 'phone')?.overwritten).toEqual({
      value: JSON.stringify(theirs),
    });
  });

  it('lists the team; an admin changes a role; a viewer’s desktop refuses writes itself', async () => {
    const invite = await a.call('sync.invite', { role: 'viewer' });
    const v = await desk('v');
    await v.call('sync.join', {
      code: invite.code,
      email: 'vani@example.test',
      password,
      displayName: 'Vani',
    });
    await v.until(() => v.status().state === 'online');
    expect(v.status().readOnly).toBe(true);

    await expect(v.call('talent.create', { fullName: 'Not Allowed' })).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
    await expect(v.call('projects.create', { name: 'Nope' })).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect((v.b.db.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n).toBe(0);
    await v.call('talent.search', {}); // reading still works

    const team = await v.call('sync.team.list', {});
    expect(team.users.map((u) => [u.displayName, u.role])).toEqual([
      ['Asha', 'admin'],
      ['Ravi', 'casting_director'],
      ['Vani', 'viewer'],
    ]);
    expect(team.devices.map((d) => d.deviceId)).toContain(team.deviceId);
    const vani = team.users.find((u) => u.displayName === 'Vani')!;
    await expect(v.call('sync.team.update', { userId: vani.id, role: 'admin' })).rejects.toMatchObject({
      code: 'SYNC_FORBIDDEN',
    });

    const after = await a.call('sync.team.update', { userId: vani.id, role: 'assistant' });
    expect(after.users.find((u) => u.id === vani.id)?.role).toBe('assistant');
    const ravi = after.users.find((u) => u.displayName === 'Ravi')!;
    const disabled = await a.call('sync.team.update', { userId: ravi.id, disabled: true });
    expect(disabled.users.find((u) => u.id === ravi.id)?.disabled).toBe(true);
    expect(disabled.devices.filter((d) => d.userId === ravi.id).every((d) => !d.active)).toBe(true);
  });
});
