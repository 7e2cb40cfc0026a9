// The presentation deck, read back: pages, text per page (names, the chosen facts only, the watermark on every
// page, a Devanagari name as text), the showreel as a link annotation, the headshot as an embedded image, and
// progress per candidate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeck } from '../../src/backend/export/deck.ts';
import { type TestBackend, testBackend } from '../casting/helpers.ts';
import { jpeg, tempDir } from '../headshots/helpers.ts';
import { imageCounts, linkUris, pageTexts } from './read-pdf.ts';

let t: TestBackend;
const tmp = tempDir('deck-');
let projectId = '';
let roleId = '';
let role2Id = '';
const ids: Record<string, string> = {};

const REEL = 'https://vimeo.com/123456789';

beforeAll(async () => {
  t = await testBackend();
  const project = await t.call('projects.create', { name: 'Monsoon Wedding', status: 'active' });
  projectId = project.id;
  const role = await t.call('roles.create', {
    projectId,
    name: 'Aditi',
    description: 'The bride: sharp, funny, torn between two lives. Punjabi family in Delhi.',
    ageMin: 24,
    ageMax: 30,
    gender: 'female',
    languages: ['Hindi', 'Punjabi'],
  });
  roleId = role.id;
  role2Id = (await t.call('roles.create', { projectId, name: 'Dubey', languages: [] })).id;
  const people = [
    {
      fullName: 'Priya Sharma',
      playingAgeMin: 25,
      playingAgeMax: 32,
      heightCm: 165,
      city: 'Mumbai',
      languages: [
        { language: 'Hindi', fluency: 5 },
        { language: 'Punjabi', fluency: 4 },
      ],
      skills: ['Kathak', 'Horse riding'],
      phone: '+91 98200 11111',
      email: 'priya@example.com',
      showreelUrl: REEL,
      agency: 'Kwan',
    },
    { fullName: 'Radha Kulkarni', nativeName: 'राधा', city: 'Pune', playingAgeMin: 22, playingAgeMax: 28 },
    { fullName: 'Meera Nair', city: 'Kochi' },
  ];
  for (const p of people) ids[p.fullName] = (await t.call('talent.create', p)).id;
  const photo = join(tmp.dir, 'priya.jpg');
  writeFileSync(photo, await jpeg(600, 800, 3));
  await t.call('headshots.import', {
    files: [t.backend.files.register(photo, 'priya.jpg')],
    target: { mode: 'profile', talentId: ids['Priya Sharma']! },
    batchId: 'deck_test_batch_1',
  });
  for (const [name, id] of Object.entries(ids))
    await t.call('shortlist.add', { roleId, talentId: id, notes: `Note on ${name.split(' ')[0]}` });
  const list = await t.call('shortlist.get', { roleId });
  const priya = list.find((e) => e.talent.id === ids['Priya Sharma'])!;
  await t.call('shortlist.update', { entryId: priya.id, rating: 4 });
  await t.call('shortlist.add', { roleId: role2Id, talentId: ids['Meera Nair']!, notes: null });
});
afterAll(() => {
  t.backend.close();
  tmp.cleanup();
});

describe('deck.export', () => {
  it("exports the chosen candidates and fields of a role's shortlist with the recipient's watermark", async () => {
    const jobId = 'deck_job_0001';
    const before = t.events.length;
    const r = await t.call('deck.export', {
      projectId,
      roleId,
      talentIds: [ids['Priya Sharma']!, ids['Radha Kulkarni']!],
      fields: ['playingAge', 'height', 'city', 'languages', 'skills', 'showreel', 'notes', 'rating'],
      recipient: 'Zoya Akhtar',
      jobId,
    });
    expect(r.mime).toBe('application/pdf');
    expect(r.fileName).toBe('monsoon-wedding-aditi-deck.pdf');
    const bytes = Buffer.from(r.base64, 'base64');
    const doc = await PDFDocument.load(bytes);
    // Cover, role summary, one page per chosen candidate.
    expect(doc.getPageCount()).toBe(4);
    expect(r.pages).toBe(4);
    expect(r.candidates).toBe(2);

    const text = await pageTexts(bytes);
    for (const page of text) expect(page).toMatch(/Prepared for Zoya Akhtar · \d{1,2} \w{3,4} \d{4}/);
    expect(text[0]).toContain('Monsoon Wedding');
    expect(text[0]).toContain('Role: Aditi');
    expect(text[1]).toContain('torn between two lives');
    expect(text[1]).toContain('24–30');
    expect(text[1]).toContain('Hindi, Punjabi');
    const priya = text.findIndex((p) => p.includes('Priya Sharma') && p.includes('Kathak'));
    expect(priya).toBe(2);
    expect(text[2]).toContain('Mumbai');
    expect(text[2]).toContain('25–32');
    expect(text[2]).toContain('165 cm');
    expect(text[2]).toContain('Hindi (Native), Punjabi (Fluent)');
    expect(text[2]).toContain('Note on Priya');
    expect(text[2]).toContain('4 / 5');
    expect(text[3]).toContain('Radha Kulkarni');
    expect(text[3]).toContain('राधा');
    // Contact details and the agency were not chosen; Meera was not picked.
    const all = text.join('\n');
    expect(all).not.toContain('98200');
    expect(all).not.toContain('priya@example.com');
    expect(all).not.toContain('Kwan');
    expect(all).not.toContain('Meera');

    expect(linkUris(doc)).toEqual([[], [], [REEL], []]);
    expect(imageCounts(doc)).toEqual([0, 0, 1, 0]);

    const progress = t.events.slice(before).filter((e) => e.event === 'deck.progress');
    expect(progress.map((e) => e.payload)).toEqual([
      { jobId, done: 1, total: 2 },
      { jobId, done: 2, total: 2 },
    ]);
  });

  it('prints contact details only when they are chosen, and no watermark without a recipient', async () => {
    const r = await t.call('deck.export', {
      projectId,
      roleId,
      talentIds: [ids['Priya Sharma']!],
      fields: ['phone', 'email', 'agency'],
    });
    const text = await pageTexts(Buffer.from(r.base64, 'base64'));
    expect(text).toHaveLength(3);
    expect(text[2]).toContain('+91 98200 11111');
    expect(text[2]).toContain('priya@example.com');
    expect(text[2]).toContain('Kwan');
    expect(text[2]).not.toContain('Mumbai');
    expect(text.join('\n')).not.toContain('Prepared for');
  });

  it('exports a whole project: every role with people on its shortlist', async () => {
    const r = await t.call('deck.export', { projectId, fields: ['city'], recipient: 'Producer' });
    const bytes = Buffer.from(r.base64, 'base64');
    const text = await pageTexts(bytes);
    // Cover + (Aditi summary + 3) + (Dubey summary + 1).
    expect(text).toHaveLength(7);
    expect(r.candidates).toBe(4);
    expect(text[0]).toContain('2 roles');
    expect(text[5]).toContain('Dubey');
    expect(text[6]).toContain('Meera Nair');
    expect(text[6]).toContain('Kochi');
    for (const page of text) expect(page).toContain('Prepared for Producer');
  });

  it('refuses a deck with nobody in it, and a role of another project, with clear errors', async () => {
    const other = await t.call('projects.create', { name: 'Other', status: 'active' });
    const e1 = await t.fail('deck.export', { projectId, roleId, talentIds: ['nobody'], fields: [] });
    expect(e1.message).toMatch(/None of the chosen people/);
    const e2 = await t.fail('deck.export', { projectId: other.id, roleId, fields: [] });
    expect(e2.code).toBe('NOT_FOUND');
    const e3 = await t.fail('deck.export', { projectId, fields: ['height', 'shoeSize' as 'height'] });
    expect(e3.code).toBe('INVALID_INPUT');
  });
});

describe('buildDeck', () => {
  it('prints a non-web showreel as text without a link, and "No headshot" when the image is missing', async () => {
    const { bytes } = await buildDeck({
      projectName: 'P',
      scope: 'Role: R',
      date: '1 Jan 2027',
      fields: ['showreel'],
      roles: [
        {
          name: 'R',
          description: null,
          ageMin: null,
          ageMax: null,
          gender: null,
          languages: [],
          candidates: [
            {
              fullName: 'A B',
              nativeName: null,
              stageName: null,
              playingAgeMin: null,
              playingAgeMax: null,
              heightCm: null,
              city: null,
              languages: [],
              skills: [],
              agency: null,
              phone: null,
              email: null,
              showreelUrl: 'javascript:alert(1)',
              notes: null,
              rating: null,
              image: async () => null,
            },
          ],
        },
      ],
    });
    const doc = await PDFDocument.load(bytes);
    expect(linkUris(doc).flat()).toEqual([]);
    const text = await pageTexts(bytes);
    expect(text[2]).toContain('javascript:alert(1)');
    expect(text[2]).toContain('No headshot');
  });
});
