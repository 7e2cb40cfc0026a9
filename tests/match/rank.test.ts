// Ranking a role: hard filters agree with the Talent screen's search, every score is the sum of its reasons,
// weights change the order, and the brief is kept per role.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import {
  addToShortlist,
  createProject,
  createRole,
  getShortlist,
  moveShortlistEntry,
} from '../../src/backend/casting/repo.ts';
import { loadBrief, saveBrief } from '../../src/backend/match/brief.ts';
import { rankRole } from '../../src/backend/match/rank.ts';
import { type AppDatabase, openDatabase } from '../../src/backend/store/db.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import type { Role } from '../../src/shared/casting.ts';
import type { MatchCandidate, MatchResult } from '../../src/shared/match.ts';
import type { TalentInput } from '../../src/shared/talent.ts';

const thisYear = new Date().getUTCFullYear();

// A Mumbai office for "Savitri, a village schoolteacher": the mess of real sheets (skills in three
// spellings, an age only as a date of birth, a missing height, a language written in lower case).
const PEOPLE: Record<string, TalentInput> = {
  savita: {
    fullName: 'Savita Jadhav',
    gender: 'female',
    playingAgeMin: 26,
    playingAgeMax: 32,
    heightCm: 163,
    build: 'Athletic',
    languages: [{ language: 'Marathi', fluency: 5 }],
    dialects: ['Varhadi'],
    skills: ['Horse riding', 'Folk singing'],
    city: 'Pune',
    notes: 'Did a schoolteacher in a Marathi play; sings lavani.',
    availability: 'available',
  },
  rutuja: {
    fullName: 'Rutuja Kulkarni',
    gender: 'female',
    dateOfBirth: `${thisYear - 30}-05-14`,
    heightCm: 158,
    build: 'slim',
    languages: [{ language: 'marathi', fluency: 4 }],
    skills: ['horse-riding'],
    city: 'Mumbai',
    availability: 'on_project',
  },
  neha: {
    fullName: 'Neha Patil',
    gender: 'female',
    playingAgeMin: 20,
    playingAgeMax: 26,
    languages: [
      { language: 'Marathi', fluency: 5 },
      { language: 'Hindi', fluency: 5 },
    ],
    skills: ['Kathak'],
    city: 'Nagpur',
    availability: 'unknown',
  },
  // Out, each for one hard filter:
  low: {
    fullName: 'Pooja Shinde',
    gender: 'female',
    playingAgeMin: 26,
    playingAgeMax: 30,
    languages: [{ language: 'Marathi', fluency: 2 }],
    skills: ['Horse riding'],
  },
  man: {
    fullName: 'Sachin More',
    gender: 'male',
    playingAgeMin: 26,
    playingAgeMax: 32,
    languages: [{ language: 'Marathi', fluency: 5 }],
    skills: ['Horse riding'],
  },
  older: {
    fullName: 'Lata Gokhale',
    gender: 'female',
    playingAgeMin: 45,
    playingAgeMax: 55,
    languages: [{ language: 'Marathi', fluency: 5 }],
  },
  noAge: { fullName: 'Asha Pawar', gender: 'female', languages: [{ language: 'Marathi', fluency: 5 }] },
};

let db: AppDatabase;
let role: Role;
let ids: Record<string, string>;
beforeEach(async () => {
  db = await openDatabase(':memory:');
  ids = Object.fromEntries(Object.entries(PEOPLE).map(([k, t]) => [k, createTalent(db, t).id]));
  const p = createProject(db, { name: 'Gaon' });
  role = createRole(db, {
    projectId: p.id,
    name: 'Savitri',
    description: 'A village schoolteacher who rides to school and sings lavani at the fair.',
    gender: 'female',
    ageMin: 25,
    ageMax: 35,
    languages: ['Marathi'],
  });
  saveBrief(db, role.id, {
    languages: [{ language: 'Marathi', minFluency: 4 }],
    skills: ['Horse Riding', 'folk singing'],
    dialects: ['varhadi'],
    cities: ['pune', 'Mumbai'],
    heightMin: 155,
    heightMax: 165,
    build: 'Athletic',
  });
});
afterEach(() => db.close());

const byName = (r: MatchResult) => r.candidates.map((c) => c.talent.fullName);
const reason = (c: MatchCandidate, criterion: string) => c.reasons.find((r) => r.criterion === criterion)!;

describe('ranking a role', () => {
  it('hard filters select exactly what the Talent screen shows for the same filters', () => {
    const r = rankRole(db, { roleId: role.id });
    expect(r.hardFilters).toEqual({
      genders: ['female'],
      ageMin: 25,
      ageMax: 35,
      languages: [{ language: 'Marathi', minFluency: 4 }],
    });
    const ui = searchTalent(db, { filters: r.hardFilters, limit: 100 });
    expect(new Set(r.candidates.map((c) => c.talent.id))).toEqual(new Set(ui.items.map((t) => t.id)));
    expect(r.total).toBe(3);
    expect(byName(r).sort()).toEqual(['Neha Patil', 'Rutuja Kulkarni', 'Savita Jadhav']);
  });

  it('orders by score, each score the sum of its reasons, with matched and missed criteria named', () => {
    const r = rankRole(db, { roleId: role.id });
    expect(byName(r)[0]).toBe('Savita Jadhav');
    for (const [i, c] of r.candidates.entries()) {
      const sum = c.reasons.reduce((n, x) => n + x.points, 0);
      expect(Math.abs(sum - c.score)).toBeLessThan(0.051);
      expect(c.reasons.reduce((n, x) => n + x.maxPoints, 0)).toBeCloseTo(100, 0);
      for (const x of c.reasons) {
        expect(x.points).toBeLessThanOrEqual(x.maxPoints);
        expect(x.status).toBe(x.points === 0 ? 'missed' : x.points >= x.maxPoints ? 'matched' : 'partial');
      }
      if (i > 0) expect(c.score).toBeLessThanOrEqual(r.candidates[i - 1]!.score);
    }
    const [savita, rutuja, neha] = ['Savita Jadhav', 'Rutuja Kulkarni', 'Neha Patil'].map(
      (n) => r.candidates.find((c) => c.talent.fullName === n)!,
    );
    expect(reason(savita!, 'skills')).toMatchObject({
      status: 'matched',
      label: 'Horse Riding ✓, folk singing ✓',
    });
    expect(reason(savita!, 'dialects').status).toBe('matched');
    expect(reason(savita!, 'city')).toMatchObject({ status: 'matched', label: 'Pune' });
    expect(reason(savita!, 'height')).toMatchObject({ status: 'matched', label: '163 cm' });
    expect(reason(savita!, 'build').status).toBe('matched');
    expect(reason(savita!, 'text').label).toMatch(/^Profile mentions .*schoolteacher/);
    expect(reason(savita!, 'text').label).toContain('lavani');
    // "horse-riding" in a sheet is the same skill as "Horse Riding" in the brief.
    expect(reason(rutuja!, 'skills')).toMatchObject({
      status: 'partial',
      label: 'Horse Riding ✓, folk singing ✗',
    });
    expect(reason(rutuja!, 'availability')).toMatchObject({ status: 'partial', label: 'On a project' });
    expect(reason(rutuja!, 'build')).toMatchObject({ status: 'missed', label: 'slim (not Athletic)' });
    expect(reason(neha!, 'height')).toMatchObject({ status: 'missed', label: 'Height unknown' });
    expect(reason(neha!, 'city')).toMatchObject({ status: 'missed', label: 'Nagpur (not pune / Mumbai)' });
    expect(reason(neha!, 'text')).toMatchObject({ status: 'missed', points: 0 });
  });

  it('weights the user sets change the order and drop a criterion at 0', () => {
    const brief = loadBrief(db, role.id);
    const onlyAvailability = {
      ...brief,
      skills: [],
      dialects: [],
      cities: [],
      heightMin: null,
      heightMax: null,
      build: null,
      weights: { ...brief.weights, text: 0, history: 0, availability: 10 },
    };
    const r = rankRole(db, { roleId: role.id, brief: onlyAvailability });
    expect(r.candidates.map((c) => c.reasons.map((x) => x.criterion))).toEqual([
      ['availability'],
      ['availability'],
      ['availability'],
    ]);
    expect(r.candidates.map((c) => [c.talent.fullName, c.score])).toEqual([
      ['Savita Jadhav', 100],
      ['Neha Patil', 50],
      ['Rutuja Kulkarni', 25],
    ]);
    // Making height all that counts puts the one without a height last.
    const heightOnly = {
      ...onlyAvailability,
      heightMin: 150,
      heightMax: 160,
      weights: { ...onlyAvailability.weights, availability: 0, height: 5 },
    };
    const h = rankRole(db, { roleId: role.id, brief: heightOnly });
    expect(h.candidates.map((c) => [c.talent.fullName, c.score])).toEqual([
      ['Rutuja Kulkarni', 100],
      ['Savita Jadhav', 50],
      ['Neha Patil', 0],
    ]);
  });

  it('past bookings count, and people already on this role’s shortlist are marked', () => {
    const other = createRole(db, { projectId: role.projectId, name: 'Sarpanch’s wife' });
    addToShortlist(db, other.id, ids.neha!);
    const entry = getShortlist(db, other.id).find((e) => e.talent.id === ids.neha)!;
    moveShortlistEntry(db, entry.id, 'booked', null);
    addToShortlist(db, role.id, ids.rutuja!);
    const r = rankRole(db, { roleId: role.id });
    const neha = r.candidates.find((c) => c.talent.id === ids.neha)!;
    expect(reason(neha, 'history')).toMatchObject({
      status: 'matched',
      label: 'Booked before (1 other role)',
    });
    const rutuja = r.candidates.find((c) => c.talent.id === ids.rutuja)!;
    expect(rutuja.shortlisted).toBe(true);
    // Being on this role's own shortlist is not "history".
    expect(reason(rutuja, 'history')).toMatchObject({ status: 'missed', label: 'Not shortlisted before' });
    expect(r.candidates.filter((c) => c.shortlisted).map((c) => c.talent.id)).toEqual([ids.rutuja]);
  });

  it('a role with no brief ranks on its own fields; the limit cuts the list, not the total', () => {
    const p = createProject(db, { name: 'Ad' });
    const plain = createRole(db, {
      projectId: p.id,
      name: 'Mother',
      gender: 'female',
      ageMin: 24,
      ageMax: 34,
    });
    const r = rankRole(db, { roleId: plain.id, limit: 2 });
    expect(r.hardFilters.languages).toEqual([]);
    expect(r.total).toBe(4); // Savita, Rutuja (by date of birth), Neha, Pooja
    expect(r.candidates).toHaveLength(2);
    expect(r.candidates[0]!.reasons.map((x) => x.criterion)).toEqual(['history', 'availability']);
  });
});

describe('the brief through the API contract', () => {
  let backend: Backend;
  beforeEach(async () => {
    backend = await createBackend({ dataDir: ':memory:', transport: 'browser', version: 'test' });
  });
  afterEach(() => backend.close());

  it('saves and reads a brief per role; bad briefs are typed errors and change nothing', async () => {
    const p = await backend.dispatch('projects.create', { name: 'Gaon' });
    if (!p.ok) throw new Error('no project');
    const roleR = await backend.dispatch('roles.create', {
      projectId: (p.value as { id: string }).id,
      name: 'Savitri',
    });
    if (!roleR.ok) throw new Error('no role');
    const roleId = (roleR.value as { id: string }).id;
    const fresh = await backend.dispatch('match.brief.get', { roleId });
    expect(fresh).toMatchObject({ ok: true, value: { skills: [], weights: { skills: 5, availability: 3 } } });
    const set = await backend.dispatch('match.brief.set', {
      roleId,
      brief: {
        skills: ['Horse riding'],
        weights: {
          skills: 8,
          dialects: 0,
          city: 0,
          height: 0,
          build: 0,
          text: 2,
          history: 1,
          availability: 1,
        },
      },
    });
    expect(set.ok).toBe(true);
    const bad: unknown[] = [
      { roleId, brief: { ageMin: 40, ageMax: 30 } },
      { roleId, brief: { skill: ['Horse riding'] } },
      {
        roleId,
        brief: {
          weights: {
            skills: 11,
            dialects: 0,
            city: 0,
            height: 0,
            build: 0,
            text: 0,
            history: 0,
            availability: 0,
          },
        },
      },
      { roleId, brief: { languages: [{ language: 'Marathi', minFluency: 6 }] } },
    ];
    for (const input of bad) {
      const r = await backend.dispatch('match.brief.set', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
    }
    const again = await backend.dispatch('match.brief.get', { roleId });
    expect(again).toMatchObject({ ok: true, value: { skills: ['Horse riding'], weights: { skills: 8 } } });
    const missing = await backend.dispatch('match.rank', { roleId: 'no-such-role' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const ranked = await backend.dispatch('match.rank', { roleId });
    expect(ranked).toMatchObject({ ok: true, value: { roleId, total: 0, candidates: [] } });
  });
});
