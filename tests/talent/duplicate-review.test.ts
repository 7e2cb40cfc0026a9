// Duplicates a person decides: an import keeps each duplicate row as a candidate (within the file and against the
// office), the review shows both records, and keep both / merge / skip each do what they say, once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { enableCapture } from '../../src/backend/sync/capture.ts';
import { rebuildTalentIndexes } from '../../src/backend/talent/derived.ts';
import { listDuplicates, resolveDuplicates } from '../../src/backend/talent/import/duplicate-review.ts';
import { describeDuplicate } from '../../src/backend/talent/import/duplicates.ts';
import { previewImport } from '../../src/backend/talent/import/preview.ts';
import { runImport } from '../../src/backend/talent/import/run.ts';
import { deleteTalent, getTalent, talentCount, updateTalent } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import type { DuplicateAction } from '../../src/shared/talent-import.ts';
import { memoryDb, tempDir } from '../support/db.ts';

let db: AppDatabase;
let dir: string;
let jobs = 0;
beforeEach(async () => {
  db = await memoryDb();
  dir = tempDir();
});
afterEach(() => db.close());

async function importCsv(name: string, lines: string[], duplicates: 'skip' | 'merge' | 'create' = 'skip') {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  const preview = await previewImport(path);
  const jobId = `job-dupes-${jobs++}`;
  const report = await runImport(db, path, { jobId, mapping: preview.suggestedMapping, duplicates });
  return { report, jobId };
}

const HEADER = 'Name,Phone,Email,City,Languages,Skills,Agency';
const MEHER = [
  HEADER,
  'Meher Bhatia,+91 98200 33333,,Mumbai,Hindi,Kathak,Star Talent',
  'Meher Bhatiya,98200 33333,meher@example.in,Pune,"Hindi, Marathi",Swimming,',
];

const pending = (jobId?: string) => listDuplicates(db, { jobId, includeResolved: false, limit: 100 });
const decide = (id: string, action: DuplicateAction) =>
  resolveDuplicates(db, { decisions: [{ id, action }] }).results[0]!;
const namesFound = (text: string) => searchTalent(db, { text }).items.map((i) => i.fullName);

describe('duplicates within one file', () => {
  it('keep the later spelling as a candidate with both records side by side', async () => {
    const { report, jobId } = await importCsv('meher.csv', MEHER);
    expect(report).toMatchObject({ imported: 1, skippedDuplicates: 1, merged: 0 });
    expect(report.duplicates).toEqual([
      { row: 3, name: 'Meher Bhatiya', existingId: null, reason: 'same phone number as row 2' },
    ]);
    expect(talentCount(db)).toBe(1);
    const list = pending(jobId);
    expect(list.pending).toBe(1);
    const c = list.items[0]!;
    expect(c).toMatchObject({
      jobId,
      fileName: 'meher.csv',
      row: 3,
      matchRow: 2,
      reason: 'same phone number',
      summary: 'same phone, different spelling: Meher Bhatia / Meher Bhatiya',
      incomingName: 'Meher Bhatiya',
      existingName: 'Meher Bhatia',
      resolution: null,
    });
    expect(c.existingId).toBe(searchTalent(db, { text: 'Bhatia' }).items[0]!.id);
    const field = (f: string) => c.fields.find((x) => x.field === f);
    expect(field('fullName')).toMatchObject({
      existing: 'Meher Bhatia',
      incoming: 'Meher Bhatiya',
      differs: true,
    });
    expect(field('city')).toMatchObject({ existing: 'Mumbai', incoming: 'Pune', differs: true });
    expect(field('phone')?.differs).toBe(false);
    expect(field('email')).toMatchObject({ existing: '', incoming: 'meher@example.in', differs: true });
  });

  it('a merged name is found by search only once it is an alias', async () => {
    // A nickname no spelling-variant table knows: only the alias can find her.
    const { jobId } = await importCsv('rao.csv', [
      HEADER,
      'Sunita Rao,9820066666,,,,,',
      'Bubbly Rao,9820066666,,,,,',
    ]);
    const c = pending(jobId).items[0]!;
    expect(c.summary).toBe('same phone, different spelling: Sunita Rao / Bubbly Rao');
    expect(namesFound('Bubbly')).toEqual([]);
    decide(c.id, 'merge');
    expect(namesFound('Bubbly')).toEqual(['Sunita Rao']);
    expect(namesFound('bub')).toEqual(['Sunita Rao']); // prefix search on the names too
    // Editing the profile in the form (which knows nothing of aliases) keeps them; so does a rebuilt index.
    updateTalent(db, c.existingId, { fullName: 'Sunita Rao', city: 'Nashik' });
    expect(getTalent(db, c.existingId).aliases).toEqual(['Bubbly Rao']);
    rebuildTalentIndexes(db);
    expect(namesFound('Bubbly')).toEqual(['Sunita Rao']);
  });

  it('a merge too large for one profile waits for a person, under the merge policy too', async () => {
    const skills = (from: number) => Array.from({ length: 35 }, (_, i) => `Skill ${from + i}`).join('; ');
    const lines = [
      'Name,Phone,Skills',
      `Anil Verma,9820077777,${skills(0)}`,
      `Anil Varma,9820077777,${skills(100)}`,
    ];
    const { report, jobId } = await importCsv('verma.csv', lines, 'merge');
    expect(report).toMatchObject({ imported: 1, merged: 0, skippedDuplicates: 1 });
    expect(report.problems[0]!.message).toMatch(/^Not merged: .*70 skills, more than a profile holds \(60\)/);
    const c = pending(jobId).items[0]!;
    expect(decide(c.id, 'merge').error).toMatch(/70 skills/);
    expect(getTalent(db, c.existingId).skills).toHaveLength(35);
    expect(decide(c.id, 'keepBoth')).toMatchObject({ action: 'keepBoth', error: null });
    expect(talentCount(db)).toBe(2);
  });

  it('merge: one profile, newest non-empty values win, lists united, both spellings searchable', async () => {
    const { jobId } = await importCsv('meher.csv', MEHER);
    const c = pending(jobId).items[0]!;
    const before = getTalent(db, c.existingId);
    const r = decide(c.id, 'merge');
    expect(r).toEqual({ id: c.id, action: 'merge', talentId: c.existingId, error: null });
    expect(talentCount(db)).toBe(1);
    const t = getTalent(db, c.existingId);
    expect(t.fullName).toBe('Meher Bhatia');
    expect(t.aliases).toEqual(['Meher Bhatiya']);
    expect(t.city).toBe('Pune'); // the row is newer
    expect(t.email).toBe('meher@example.in'); // empty before
    expect(t.agency).toBe('Star Talent'); // the row's empty cell does not erase it
    expect(t.languages.map((l) => l.language).sort()).toEqual(['Hindi', 'Marathi']);
    expect(t.skills).toEqual(['Kathak', 'Swimming']);
    expect(namesFound('Bhatiya')).toEqual(['Meher Bhatia']);
    expect(namesFound('Bhatia')).toEqual(['Meher Bhatia']);
    expect(searchTalent(db, { filters: { languages: [{ language: 'Marathi' }] } }).total).toBe(1);
    expect(pending(jobId).pending).toBe(0);
    const decided = listDuplicates(db, { jobId, includeResolved: true, limit: 10 }).items[0]!;
    expect(decided).toMatchObject({ resolution: 'merge', resultId: c.existingId });

    // Deciding again (or otherwise) answers the first decision and changes nothing.
    const after = getTalent(db, c.existingId);
    expect(decide(c.id, 'merge')).toEqual(r);
    expect(decide(c.id, 'keepBoth')).toEqual(r);
    expect(getTalent(db, c.existingId)).toEqual(after);
    expect(talentCount(db)).toBe(1);
    expect(after.updatedAt).toBeGreaterThanOrEqual(before.updatedAt);
  });

  it('keep both: two profiles; skip: the row is dropped', async () => {
    const { jobId } = await importCsv('meher.csv', MEHER);
    const c = pending(jobId).items[0]!;
    const kept = decide(c.id, 'keepBoth');
    expect(kept).toMatchObject({ action: 'keepBoth', error: null });
    expect(kept.talentId).not.toBe(c.existingId);
    expect(talentCount(db)).toBe(2);
    expect(getTalent(db, kept.talentId!)).toMatchObject({ fullName: 'Meher Bhatiya', city: 'Pune' });
    expect(decide(c.id, 'keepBoth')).toEqual(kept);
    expect(talentCount(db)).toBe(2);

    const again = await importCsv('meher-again.csv', [HEADER, 'Meher B.,+91 98200 33333,,,,,']);
    const skip = pending(again.jobId).items[0]!;
    expect(decide(skip.id, 'skip')).toEqual({ id: skip.id, action: 'skip', talentId: null, error: null });
    expect(talentCount(db)).toBe(2);
    expect(namesFound('Meher')).toHaveLength(2);
  });

  it('the merge policy merges within the file too', async () => {
    const { report } = await importCsv('meher.csv', MEHER, 'merge');
    expect(report).toMatchObject({ imported: 1, merged: 1, skippedDuplicates: 0 });
    expect(talentCount(db)).toBe(1);
    expect(namesFound('Bhatiya')).toEqual(['Meher Bhatia']);
    expect(pending().pending).toBe(0);
    // Listed as decided, so that the report shows who was merged into whom.
    const listed = listDuplicates(db, { includeResolved: true, limit: 10 }).items;
    expect(listed.map((d) => [d.row, d.resolution, d.summary])).toEqual([
      [3, 'merge', 'same phone, different spelling: Meher Bhatia / Meher Bhatiya'],
    ]);
  });
});

describe('duplicates across files', () => {
  it('match a profile already in the office, and a merged spelling with its birth date matches later', async () => {
    const first = await importCsv('agency-a.csv', [
      'Name,Email,DOB,City',
      'Ritika Joshi,ritika@example.in,12/06/1995,Mumbai',
    ]);
    expect(first.report.imported).toBe(1);
    const { report, jobId } = await importCsv('agency-b.csv', [
      'Name,Email,DOB,City',
      'Rithika Joshi,RITIKA@example.in,12/06/1995,Thane',
      'Arjun Mehta,arjun@example.in,,Pune',
    ]);
    expect(report).toMatchObject({ imported: 1, skippedDuplicates: 1 });
    const c = pending(jobId).items[0]!;
    expect(c).toMatchObject({
      matchRow: null,
      summary: 'same email, different spelling: Ritika Joshi / Rithika Joshi',
      existingName: 'Ritika Joshi',
      fileName: 'agency-b.csv',
    });
    expect(report.duplicates[0]!.existingId).toBe(c.existingId);
    decide(c.id, 'merge');
    expect(getTalent(db, c.existingId)).toMatchObject({ city: 'Thane', aliases: ['Rithika Joshi'] });

    // The alias with the same date of birth is the same person, even with another email.
    const third = await importCsv('agency-c.csv', [
      'Name,Email,DOB',
      'Rithika Joshi,rj@example.in,1995-06-12',
    ]);
    expect(pending(third.jobId).items.map((d) => d.summary)).toEqual([
      'same name and date of birth, different spelling: Ritika Joshi / Rithika Joshi',
    ]);
  });

  it('says why when the matched profile was deleted, and keeps the row for keep both', async () => {
    await importCsv('a.csv', [HEADER, MEHER[1]!]);
    const { jobId } = await importCsv('b.csv', [HEADER, MEHER[2]!]);
    const c = pending(jobId).items[0]!;
    deleteTalent(db, c.existingId);
    expect(pending(jobId).items[0]).toMatchObject({ existingName: null });
    const r = decide(c.id, 'merge');
    expect(r.error).toMatch(/has been deleted: keep both/);
    expect(pending(jobId).pending).toBe(1);
    expect(decide(c.id, 'keepBoth')).toMatchObject({ action: 'keepBoth', error: null });
    expect(namesFound('Bhatiya')).toEqual(['Meher Bhatiya']);
  });

  it('decides every candidate of an import at once, and an unknown id is an error for that one only', async () => {
    await importCsv('a.csv', [HEADER, 'Kabir Khan,9820044444,,,,,', 'Zoya Ali,9820055555,,,,,']);
    const { jobId } = await importCsv('b.csv', [
      HEADER,
      'Kabeer Khan,9820044444,,,,,',
      'Zoya Aly,9820055555,,,,,',
    ]);
    const out = resolveDuplicates(db, {
      decisions: [{ id: 'no-such-candidate', action: 'skip' }],
      all: { jobId, action: 'merge' },
    });
    expect(out.results.map((r) => [r.action, r.error === null])).toEqual([
      ['skip', false],
      ['merge', true],
      ['merge', true],
    ]);
    expect(out.changedIds).toHaveLength(2);
    expect(talentCount(db)).toBe(2);
    expect(namesFound('Kabeer')).toEqual(['Kabir Khan']);
    expect(namesFound('Aly')).toEqual(['Zoya Ali']);
  });

  it('candidates earlier imports left undecided are listed together and can be decided later', async () => {
    await importCsv('a.csv', [HEADER, 'Kabir Khan,9820044444,,,,,', 'Zoya Ali,9820055555,,,,,']);
    const first = await importCsv('b.csv', [HEADER, 'Kabeer Khan,9820044444,,,,,']);
    const second = await importCsv('c.csv', [
      HEADER,
      'Zoya Aly,9820055555,,,,,',
      'Meera Rao,9820066666,,,,,',
    ]);
    // Both imports' reports were closed without a decision: the list without a job has both, oldest first.
    const all = pending();
    expect(all.pending).toBe(2);
    expect(all.items.map((c) => [c.jobId, c.incomingName])).toEqual([
      [first.jobId, 'Kabeer Khan'],
      [second.jobId, 'Zoya Aly'],
    ]);
    decide(all.items[0]!.id, 'skip');
    expect(pending().items.map((c) => c.incomingName)).toEqual(['Zoya Aly']);
    // "Merge all" on that screen: every import's candidates still to decide.
    const out = resolveDuplicates(db, { decisions: [], all: { action: 'merge' } });
    expect(out.results).toMatchObject([{ action: 'merge', error: null }]);
    expect(pending().pending).toBe(0);
    expect(namesFound('Aly')).toEqual(['Zoya Ali']);
    expect(namesFound('Kabeer')).toEqual([]);
  });

  it('the other spellings a row carries are kept when it is merged or kept later', async () => {
    const H = 'Name,Phone,Other spellings';
    await importCsv('a.csv', [H, 'Kabir Khan,9820044444,', 'Zoya Ali,9820055555,']);
    const { jobId } = await importCsv('b.csv', [
      H,
      'Kabeer Khan,9820044444,"Kabir Kh., ""Khan, Kabir"""',
      'Zoya Aly,9820055555,Zoyaa Ali',
    ]);
    const [kabeer, zoya] = pending(jobId).items;
    expect(kabeer!.fields.find((f) => f.field === 'aliases')).toMatchObject({
      incoming: 'Kabir Kh., Khan, Kabir',
    });
    expect(decide(kabeer!.id, 'merge').error).toBeNull();
    expect(getTalent(db, kabeer!.existingId).aliases).toEqual(['Kabeer Khan', 'Kabir Kh.', 'Khan, Kabir']);
    const kept = decide(zoya!.id, 'keepBoth');
    expect(getTalent(db, kept.talentId!).aliases).toEqual(['Zoyaa Ali']);
    expect(namesFound('Zoyaa')).toEqual(['Zoya Aly']);
  });
});

describe('sync capture', () => {
  it('sends the merged cells, aliases included, and never the local candidates', async () => {
    enableCapture(db, { node: '00000000000000ab' });
    const { jobId } = await importCsv('meher.csv', MEHER);
    const c = pending(jobId).items[0]!;
    const seq = (
      db.sqlite.prepare('SELECT coalesce(max(seq), 0) AS s FROM sync_outbox').get() as { s: number }
    ).s;
    decide(c.id, 'merge');
    const sent = db.sqlite
      .prepare('SELECT tbl, row_id, col, value FROM sync_outbox WHERE seq > ?')
      .all(seq) as { tbl: string; row_id: string; col: string; value: string }[];
    const cell = (col: string) =>
      sent.find((s) => s.tbl === 'talent' && s.row_id === c.existingId && s.col === col);
    expect(JSON.parse(cell('aliases')!.value)).toBe('Meher Bhatiya');
    expect(JSON.parse(cell('city')!.value)).toBe('Pune');
    const tables = db.sqlite.prepare('SELECT DISTINCT tbl FROM sync_outbox').all() as { tbl: string }[];
    expect(tables.map((t) => t.tbl)).toEqual(['talent']);
  });
});

describe('the line a person reads', () => {
  it('says whether the names are the same, another spelling, or another name', () => {
    expect(describeDuplicate('same phone number', 'Meher Bhatia', 'Meher Bhatiya')).toBe(
      'same phone, different spelling: Meher Bhatia / Meher Bhatiya',
    );
    expect(describeDuplicate('same phone number', 'Meher Bhatia', 'MEHER  BHATIA')).toBe(
      'same phone, same name: Meher Bhatia',
    );
    expect(describeDuplicate('same email', 'Priya Sharma', 'P. Sharma')).toBe(
      'same email, different spelling: Priya Sharma / P. Sharma',
    );
    expect(describeDuplicate('same phone number', 'Meher Bhatia', 'Rohan Kapoor')).toBe(
      'same phone, different name: Meher Bhatia / Rohan Kapoor',
    );
    expect(describeDuplicate('same name and date of birth', 'Zoya Ali', 'Zoya Ali')).toBe(
      'same name and date of birth: Zoya Ali',
    );
  });
});
