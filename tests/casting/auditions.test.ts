// Auditions: CRUD, the schedule by role, project and day, clash detection (one person in two places, two
// people in one place's slot), refusal unless allowed, and the casting.changed events of every write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestBackend, testBackend } from './helpers.ts';

let t: TestBackend;
let ids: {
  project: string;
  other: string;
  role: string;
  role2: string;
  asha: string;
  ravi: string;
  meena: string;
};

beforeEach(async () => {
  t = await testBackend();
  const project = (await t.call('projects.create', { name: 'Monsoon Diaries' })).id;
  const other = (await t.call('projects.create', { name: 'Chai Ad' })).id;
  const role = (await t.call('roles.create', { projectId: project, name: 'PRIYA' })).id;
  const role2 = (await t.call('roles.create', { projectId: other, name: 'Mother' })).id;
  const person = async (fullName: string) => (await t.call('talent.create', { fullName })).id;
  ids = {
    project,
    other,
    role,
    role2,
    asha: await person('Asha Kulkarni'),
    ravi: await person('Ravi Menon'),
    meena: await person('Meena Shah'),
  };
  t.events.length = 0;
});
afterEach(() => t.backend.close());

const slot = (start: string, end: string) => ({
  startsAt: `2026-12-14T${start}`,
  endsAt: `2026-12-14T${end}`,
});

describe('auditions', () => {
  it('creates, lists by project, role and day, updates, deletes and restores', async () => {
    const a = await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.asha,
      ...slot('10:00', '10:30'),
      place: '  Andheri   Studio 2 ',
      notes: 'Bring the monologue',
    });
    expect(a).toMatchObject({
      projectId: ids.project,
      roleName: 'PRIYA',
      place: 'Andheri Studio 2',
      status: 'scheduled',
    });
    expect(a.talent.fullName).toBe('Asha Kulkarni');
    await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.ravi,
      startsAt: '2026-12-15T09:00',
      endsAt: '2026-12-15T09:20',
      place: 'Juhu',
    });
    expect((await t.call('auditions.list', { projectId: ids.project })).length).toBe(2);
    const day = await t.call('auditions.list', { projectId: ids.project, day: '2026-12-14' });
    expect(day.map((x) => x.talent.fullName)).toEqual(['Asha Kulkarni']);
    expect(await t.call('auditions.list', { projectId: ids.other })).toEqual([]);
    expect((await t.call('auditions.list', { projectId: ids.project, roleId: ids.role })).length).toBe(2);

    const u = await t.call('auditions.update', { id: a.id, patch: { status: 'confirmed', notes: null } });
    expect(u).toMatchObject({ status: 'confirmed', notes: null, startsAt: '2026-12-14T10:00' });

    await t.call('auditions.delete', { id: a.id });
    expect((await t.call('auditions.list', { projectId: ids.project, day: '2026-12-14' })).length).toBe(0);
    expect((await t.fail('auditions.delete', { id: a.id })).code).toBe('NOT_FOUND');
    await t.call('auditions.restore', { id: a.id });
    expect((await t.call('auditions.list', { projectId: ids.project, day: '2026-12-14' }))[0]?.id).toBe(a.id);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const backwards = await t.fail('auditions.create', {
      roleId: ids.role,
      talentId: ids.asha,
      ...slot('11:00', '10:00'),
      place: 'Juhu',
    });
    expect(backwards.message).toMatch(/end after it starts/);
    const badDate = await t.fail('auditions.create', {
      roleId: ids.role,
      talentId: ids.asha,
      startsAt: '2026-02-30T10:00',
      endsAt: '2026-02-30T11:00',
      place: 'Juhu',
    });
    expect(badDate.message).toMatch(/date does not exist/);
    const noPlace = await t.fail('auditions.create', {
      roleId: ids.role,
      talentId: ids.asha,
      ...slot('10:00', '11:00'),
      place: ' ',
    });
    expect(noPlace.message).toMatch(/where the audition is/);
    const noRole = await t.fail('auditions.create', {
      roleId: 'nope',
      talentId: ids.asha,
      ...slot('10:00', '11:00'),
      place: 'Juhu',
    });
    expect(noRole.code).toBe('NOT_FOUND');
    expect(await t.call('auditions.list', { projectId: ids.project })).toEqual([]);
    expect(t.events).toEqual([]);
  });

  it('finds the same person in two places at overlapping times, across projects', async () => {
    await t.call('auditions.create', {
      roleId: ids.role2,
      talentId: ids.asha,
      ...slot('10:00', '10:30'),
      place: 'Bandra',
    });
    const clashes = await t.call('auditions.clashes', {
      talentId: ids.asha,
      ...slot('10:15', '10:45'),
      place: 'Juhu',
    });
    expect(clashes).toHaveLength(1);
    expect(clashes[0]).toMatchObject({
      kind: 'talent',
      talentName: 'Asha Kulkarni',
      roleName: 'Mother',
      place: 'Bandra',
    });
    expect(clashes[0]!.message).toBe('Asha Kulkarni is already at Bandra 10:00–10:30 (Mother)');
    // Back to back is not a clash.
    expect(
      await t.call('auditions.clashes', { talentId: ids.asha, ...slot('10:30', '11:00'), place: 'Juhu' }),
    ).toEqual([]);
    expect(
      await t.call('auditions.clashes', { talentId: ids.asha, ...slot('09:00', '10:00'), place: 'Bandra' }),
    ).toEqual([]);
  });

  it('finds two people in one place at overlapping times, whatever the case and spacing of the place', async () => {
    await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.asha,
      ...slot('10:00', '10:30'),
      place: 'Studio 2',
    });
    const clashes = await t.call('auditions.clashes', {
      talentId: ids.ravi,
      ...slot('10:00', '10:30'),
      place: ' studio  2',
    });
    expect(clashes.map((c) => [c.kind, c.talentName])).toEqual([['place', 'Asha Kulkarni']]);
    expect(
      await t.call('auditions.clashes', { talentId: ids.ravi, ...slot('10:00', '10:30'), place: 'Studio 3' }),
    ).toEqual([]);
  });

  it('refuses a clashing create or update unless allowClash, and ignores cancelled and deleted auditions', async () => {
    const a = await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.asha,
      ...slot('10:00', '10:30'),
      place: 'Studio 2',
    });
    const refused = await t.fail('auditions.create', {
      roleId: ids.role,
      talentId: ids.ravi,
      ...slot('10:10', '10:40'),
      place: 'Studio 2',
    });
    expect(refused.code).toBe('AUDITION_CLASH');
    expect(refused.message).toMatch(/Studio 2 is taken 10:00–10:30 by Asha Kulkarni/);
    expect((await t.call('auditions.list', { projectId: ids.project })).length).toBe(1);

    const b = await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.ravi,
      ...slot('10:10', '10:40'),
      place: 'Studio 2',
      allowClash: true,
    });
    const c = await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.meena,
      ...slot('11:00', '11:30'),
      place: 'Studio 2',
    });
    // Moving Meena into Asha's slot clashes; the same patch with allowClash is saved.
    expect((await t.fail('auditions.update', { id: c.id, patch: slot('10:00', '10:30') })).code).toBe(
      'AUDITION_CLASH',
    );
    expect(
      (await t.call('auditions.update', { id: c.id, patch: slot('10:00', '10:30'), allowClash: true }))
        .startsAt,
    ).toBe('2026-12-14T10:00');
    // An edit that does not move an audition is not refused for clashes it already had.
    expect((await t.call('auditions.update', { id: b.id, patch: { notes: 'Late' } })).notes).toBe('Late');

    await t.call('auditions.update', { id: b.id, patch: { status: 'cancelled' } });
    await t.call('auditions.delete', { id: c.id });
    expect(
      await t.call('auditions.clashes', {
        id: a.id,
        talentId: ids.asha,
        ...slot('10:00', '10:30'),
        place: 'Studio 2',
      }),
    ).toEqual([]);
    // An audition never clashes with itself.
    expect(
      await t.call('auditions.clashes', {
        id: a.id,
        talentId: ids.asha,
        ...slot('10:00', '10:30'),
        place: 'Studio 2',
      }),
    ).toEqual([]);
  });

  it('emits casting.changed with the project and role on every write', async () => {
    const a = await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.asha,
      ...slot('10:00', '10:30'),
      place: 'Juhu',
    });
    await t.call('auditions.update', { id: a.id, patch: { place: 'Bandra' } });
    await t.call('auditions.delete', { id: a.id });
    await t.call('auditions.restore', { id: a.id });
    await t.call('auditions.list', { projectId: ids.project });
    await t.call('auditions.clashes', { talentId: ids.asha, ...slot('10:00', '10:30'), place: 'Juhu' });
    expect(t.events).toEqual(
      Array.from({ length: 4 }, () => ({
        event: 'casting.changed',
        payload: { projectId: ids.project, roleId: ids.role },
      })),
    );
  });

  it('exports a day as CSV rows in time order, and as a PDF', async () => {
    await t.backend.dispatch('talent.update', {
      id: ids.ravi,
      patch: { fullName: 'Ravi Menon', phone: '+91 98200 12345' },
    });
    await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.ravi,
      ...slot('11:00', '11:30'),
      place: 'Juhu',
      notes: '=cmd',
    });
    await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.asha,
      ...slot('10:00', '10:30'),
      place: 'Juhu, Studio "A"',
    });
    await t.call('auditions.create', {
      roleId: ids.role,
      talentId: ids.meena,
      startsAt: '2026-12-15T10:00',
      endsAt: '2026-12-15T10:30',
      place: 'Juhu',
    });
    const csv = await t.call('auditions.export', {
      projectId: ids.project,
      day: '2026-12-14',
      format: 'csv',
    });
    expect(csv.fileName).toBe('monsoon-diaries-auditions-2026-12-14.csv');
    expect(csv.rows).toBe(2);
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.split('\r\n')).toEqual([
      '\uFEFFDate,Start,End,Place,Talent,Role,Status,Phone,Notes',
      '2026-12-14,10:00,10:30,"Juhu, Studio ""A""",Asha Kulkarni,PRIYA,Scheduled,,',
      "2026-12-14,11:00,11:30,Juhu,Ravi Menon,PRIYA,Scheduled,'+91 98200 12345,'=cmd",
      '',
    ]);
    const pdf = await t.call('auditions.export', {
      projectId: ids.project,
      roleId: ids.role,
      day: '2026-12-14',
      format: 'pdf',
    });
    expect(pdf.fileName).toBe('monsoon-diaries-priya-auditions-2026-12-14.pdf');
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rows).toBe(2);
  });
});
