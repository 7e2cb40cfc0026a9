// Every API method, run through createBackend + dispatch with capture on: whatever a call changed in a synced
// table must be in the outbox afterwards, cell by cell, with the value now stored. A new method fails the first
// test until it is listed here, and a write path that bypasses capture fails the second.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from '../../src/backend/api/backend.ts';
import { OFFICE_WRITES } from '../../src/backend/api/viewer-guard.ts';
import { disposeScriptWorker } from '../../src/backend/script/index.ts';
import { enableCapture } from '../../src/backend/sync/capture.ts';
import { entryCells } from '../../src/backend/sync/outbox.ts';
import { readSyncedTables } from '../../src/backend/sync/tables.ts';
import { METHOD_NAMES, type MethodName, type Result } from '../../src/shared/api.ts';
import { jpeg } from '../headshots/helpers.ts';
import { renderScreenplay } from '../script/fixtures/render.ts';
import { generateScreenplay } from '../script/fixtures/screenplay.ts';
import { tempDir } from '../support/db.ts';

let backend: Backend;
let dir: string;
beforeAll(async () => {
  dir = tempDir('castmatch-capture-api-');
  backend = await createBackend({
    dataDir: join(dir, 'office'),
    transport: 'browser',
    version: 't',
    log: (msg, err) => console.error(msg, err),
  });
  enableCapture(backend.db, { node: '00000000000000aa' });
});
afterAll(async () => {
  backend.close();
  await disposeScriptWorker();
});

/** Methods not run here, and why. Each reason must hold: none of them writes a synced table. */
const NOT_RUN: Partial<Record<MethodName, string>> = {
  'chat.send':
    'needs a model; writes conversation/chat_message (not synced), memories only via memory.* code',
  'chat.regenerate': 'needs a model; as chat.send',
  'chat.editAndResend': 'needs a model; as chat.send',
  'chat.stop': 'stops a model stream; writes chat_message only',
  'chat.testConnection': 'calls the Anthropic API; writes nothing',
  'chat.apiKey.set': 'stores the key in the secret store, not the database',
  'breakdown.claude': 'needs a model; its one write is the cached answer, as breakdown.draft shows none',
  'match.rerank': 'needs a model; its one write is the cached answer in setting',
  'breakdown.batch.start':
    'runs in the background; each character is written as breakdown.regenerate (run here) writes it',
  'breakdown.batch.cancel': 'stops a running batch; writes nothing',
  // The sync service (tests/sync/service.test.ts runs them against a server): setting and sync_* tables only.
  'sync.status': 'reads the sync status; writes nothing synced',
  'sync.configure': 'writes the setting row sync.config only',
  'sync.createOffice': 'needs a sync server; turns capture on (queues existing rows: that is the point)',
  'sync.join': 'needs a sync server; setting and sync_state only',
  'sync.signIn': 'needs a sync server; setting and sync_state only',
  'sync.signOut': 'needs a sync server; setting only',
  'sync.now': 'needs a sync server; applies pulled cells, which are never captured',
  'sync.invite': 'needs a sync server; writes nothing locally',
  'sync.problems.list': 'reads sync_parked',
  'sync.problems.retry': 'moves a refused cell from sync_parked back to sync_outbox, no synced table',
  'sync.problems.discard': 'deletes from sync_parked only',
  'sync.team.list':
    'needs a sync server (tests/sync/team-activity.test.ts); writes the setting row sync.team only',
  'sync.team.update': 'needs a sync server; changes the server, then as sync.team.list',
  'sync.activity.list': 'reads sync_activity',
  'sync.activity.resolve':
    'needs an overwrite a pull recorded; its restore is a captured write (tests/sync/activity.test.ts checks the outbox)',
  'sync.firstJoin.choose':
    'needs a sync server (tests/sync/first-join.test.ts): "upload" queues every local row into the outbox; "start from the office" empties the synced tables with capture held off on purpose, so that the office is not sent deletions (checked there), after a backup',
  'sync.firstJoin.cancel':
    'needs a sync server; revokes the new sign-in and writes the setting row sync.config only',
  'sync.firstJoin.duplicates': 'reads, or with dismiss clears, the setting row of the look-alike list only',
  'headshots.fetchFullSize':
    'needs a sync server (tests/sync/blobs.test.ts); writes media files and media_blob, never a synced table',
};

type Ctx = Record<string, string>;
type Step = [MethodName, (c: Ctx) => unknown, ((value: unknown, c: Ctx) => void)?];

let n = 0;
function handle(name: string, data: Uint8Array | string): string {
  const p = join(dir, `${n++}-${name}`);
  writeFileSync(p, data);
  return backend.files.register(p, name);
}
const job = () => `job_${n++}_abcdefgh`;
const field = (k: string) => (v: unknown, c: Ctx) => {
  c[k] = (v as { id: string }).id;
};

function steps(files: {
  csv: string;
  dupes: string;
  photo: string;
  photo2: string;
  unmatched: string;
  pdf: string;
}): Step[] {
  return [
    ['app.info', () => ({})],
    ['demo.seed', () => ({ count: 3, seed: 7 })],
    [
      'talent.create',
      () => ({ fullName: 'Sneha Patil', city: 'Kolhapur', skills: ['Lavani'] }),
      field('talent'),
    ],
    [
      'talent.update',
      (c) => ({ id: c.talent, patch: { fullName: 'Sneha Patil', city: 'Mumbai', notes: 'Callback 12 Dec' } }),
    ],
    ['talent.get', (c) => ({ id: c.talent })],
    ['talent.search', () => ({ text: 'sneha' })],
    ['talent.facets', () => ({})],
    ['talent.delete', (c) => ({ id: c.talent })],
    ['talent.restore', (c) => ({ id: c.talent })],
    ['talentImport.preview', () => ({ file: files.csv })],
    [
      'talentImport.run',
      () => ({
        file: files.csv,
        jobId: job(),
        mapping: { '0': 'fullName', '1': 'city', '2': 'phone' },
        duplicates: 'create',
      }),
    ],
    ['talentImport.cancel', () => ({ jobId: job() })],
    // The same people again, spelt differently: candidates (local only), then a merge and a keep both.
    [
      'talentImport.run',
      () => ({
        file: files.dupes,
        jobId: 'job_dupes_abcdefgh',
        mapping: { '0': 'fullName', '1': 'city', '2': 'phone' },
        duplicates: 'skip',
      }),
    ],
    [
      'talentImport.duplicates.list',
      () => ({ jobId: 'job_dupes_abcdefgh' }),
      (v, c) => {
        const items = (v as { items: { id: string }[] }).items;
        c.dup1 = items[0]!.id;
        c.dup2 = items[1]!.id;
      },
    ],
    [
      'talentImport.duplicates.resolve',
      (c) => ({
        decisions: [
          { id: c.dup1, action: 'merge' },
          { id: c.dup2, action: 'keepBoth' },
        ],
      }),
    ],
    ['talentImport.problemsCsv', () => ({ file: files.csv, mapping: { '0': 'fullName', '1': 'city' } })],
    ['talentExport.run', () => ({ format: 'csv', query: {} })],
    ['projects.create', () => ({ name: 'Monsoon Diaries (web series)' }), field('project')],
    ['projects.list', () => ({})],
    ['roles.create', (c) => ({ projectId: c.project, name: 'Inspector Rane' }), field('role')],
    ['roles.list', (c) => ({ projectId: c.project })],
    ['projects.update', (c) => ({ id: c.project, patch: { name: 'Monsoon Diaries S2', status: 'on_hold' } })],
    [
      'roles.update',
      (c) => ({ id: c.role, patch: { name: 'Inspector Rane (lead)', ageMin: 35, ageMax: 50 } }),
    ],
    [
      'shortlist.add',
      (c) => ({ roleId: c.role, talentId: c.talent, notes: 'Strong Marathi' }),
      (v, c) => {
        c.entry = (v as { id: string }[])[0]!.id;
      },
    ],
    ['shortlist.get', (c) => ({ roleId: c.role })],
    ['shortlist.move', (c) => ({ entryId: c.entry, status: 'callback', beforeId: null })],
    ['shortlist.update', (c) => ({ entryId: c.entry, rating: 4, notes: null })],
    [
      'auditions.create',
      (c) => ({
        roleId: c.role,
        talentId: c.talent,
        startsAt: '2026-12-14T10:00',
        endsAt: '2026-12-14T10:30',
        place: 'Andheri studio',
      }),
      field('audition'),
    ],
    [
      'auditions.clashes',
      (c) => ({
        talentId: c.talent,
        startsAt: '2026-12-14T10:15',
        endsAt: '2026-12-14T10:45',
        place: 'Juhu',
      }),
    ],
    ['auditions.list', (c) => ({ projectId: c.project, day: '2026-12-14' })],
    [
      'auditions.update',
      (c) => ({
        id: c.audition,
        patch: { startsAt: '2026-12-14T11:00', endsAt: '2026-12-14T11:30', status: 'confirmed' },
      }),
    ],
    ['auditions.export', (c) => ({ projectId: c.project, day: '2026-12-14', format: 'csv' })],
    ['auditions.export', (c) => ({ projectId: c.project, day: '2026-12-14', format: 'pdf' })],
    ['auditions.delete', (c) => ({ id: c.audition })],
    ['auditions.restore', (c) => ({ id: c.audition })],
    ['match.brief.get', (c) => ({ roleId: c.role })],
    ['match.brief.set', (c) => ({ roleId: c.role, brief: {} })],
    // Saved searches: setting rows only, local to the office's store.
    ['savedSearches.list', () => ({})],
    ['savedSearches.save', () => ({ name: 'Sneha', search: { text: 'sneha', filters: {}, sort: 'name' } })],
    [
      'savedSearches.importLocal',
      () => ({ searches: [{ name: 'Older', search: { text: 'x', filters: {}, sort: 'name' } }] }),
    ],
    ['savedSearches.delete', () => ({ name: 'Sneha' })],
    ['match.rank', (c) => ({ roleId: c.role })],
    [
      'headshots.import',
      (c) => ({
        files: [files.photo, files.photo2],
        target: { mode: 'profile', talentId: c.talent },
        batchId: job(),
      }),
    ],
    [
      'headshots.import',
      () => ({ files: [files.unmatched], target: { mode: 'match' }, batchId: job() }),
      (v, c) => {
        c.reviewSha = (v as { review: { sha256: string }[] }).review[0]!.sha256;
      },
    ],
    [
      'headshots.resolveReview',
      (c) => ({ decisions: [{ action: 'create-profile', sha256: c.reviewSha, name: 'Zubin Irani' }] }),
    ],
    ['headshots.cancelImport', () => ({ batchId: job() })],
    [
      'headshots.list',
      (c) => ({ talentId: c.talent }),
      (v, c) => {
        const items = (v as { items: { id: string }[] }).items;
        c.h1 = items[0]!.id;
        c.h2 = items[1]!.id;
      },
    ],
    ['headshots.setPrimary', (c) => ({ talentId: c.talent, headshotId: c.h2 })],
    ['headshots.reorder', (c) => ({ talentId: c.talent, headshotIds: [c.h1, c.h2] })],
    ['headshots.delete', (c) => ({ headshotId: c.h2 })],
    [
      'script.analyze',
      () => ({ file: files.pdf, jobId: job() }),
      (v, c) => {
        c.script = (v as { script: { id: string } }).script.id;
      },
    ],
    ['script.cancel', () => ({ jobId: job() })],
    ['script.list', () => ({})],
    ['script.get', (c) => ({ id: c.script })],
    ['script.pdf', (c) => ({ id: c.script })],
    [
      'script.notes.add',
      (c) => ({ scriptId: c.script, target: { kind: 'scene', index: 0 }, body: 'Night shoot' }),
      field('note'),
    ],
    ['script.notes.update', (c) => ({ id: c.note, body: 'Night shoot, Versova' })],
    ['script.notes.list', (c) => ({ scriptId: c.script })],
    ['script.notes.delete', (c) => ({ id: c.note })],
    [
      'script.makeRoles',
      (c) => ({
        scriptId: c.script,
        projectId: c.project,
        characters: [{ name: firstCharacter(c.script!) }],
      }),
    ],
    ['breakdown.draft', (c) => ({ scriptId: c.script, character: firstCharacter(c.script!) })],
    ['breakdown.list', (c) => ({ scriptId: c.script })],
    ['breakdown.batch.estimate', (c) => ({ scriptId: c.script, characters: [firstCharacter(c.script!)] })],
    [
      'breakdown.regenerate',
      (c) => ({ scriptId: c.script, character: firstCharacter(c.script!), mode: 'draft' }),
    ],
    [
      'breakdown.edit',
      (c) => ({ scriptId: c.script, character: firstCharacter(c.script!), set: { personality: 'Wry' } }),
    ],
    // A synced write: the role takes the breakdown as its brief.
    [
      'breakdown.applyToRole',
      (c) => ({ scriptId: c.script, character: firstCharacter(c.script!), projectId: c.project }),
    ],
    [
      'breakdown.export',
      (c) => ({ scriptId: c.script, characters: [firstCharacter(c.script!)], format: 'text' }),
    ],
    ['deck.export', (c) => ({ projectId: c.project, roleId: c.role, fields: ['playingAge', 'city'] })],
    ['script.sides', (c) => ({ scriptId: c.script, character: firstCharacter(c.script!) })],
    ['script.compare', (c) => ({ beforeId: c.script, afterId: c.script })],
    ['script.export', (c) => ({ id: c.script, kind: 'cast-list', format: 'csv' })],
    ['memory.create', () => ({ text: 'The office prefers Marathi speakers for Pune ads' }), field('memory')],
    ['memory.update', (c) => ({ id: c.memory, pinned: true })],
    ['memory.list', () => ({})],
    ['memory.delete', (c) => ({ id: c.memory })],
    ['chat.settings.get', () => ({})],
    ['chat.settings.update', () => ({})],
    ['chat.conversations.create', () => ({ title: 'Casting for Monsoon' }), field('conv')],
    ['chat.conversations.rename', (c) => ({ id: c.conv, title: 'Monsoon casting' })],
    ['chat.conversations.list', () => ({})],
    ['chat.conversations.open', (c) => ({ id: c.conv })],
    ['chat.conversations.export', (c) => ({ id: c.conv, format: 'markdown' })],
    ['chat.conversations.delete', (c) => ({ id: c.conv })],
    ['shortlist.remove', (c) => ({ entryId: c.entry })],
    ['roles.delete', (c) => ({ id: c.role })],
    ['roles.restore', (c) => ({ id: c.role })],
    ['roles.delete', (c) => ({ id: c.role })],
    ['script.delete', (c) => ({ id: c.script })],
    ['projects.delete', (c) => ({ id: c.project })],
    ['projects.restore', (c) => ({ id: c.project })],
    ['projects.delete', (c) => ({ id: c.project })],
  ];
}

function firstCharacter(scriptId: string): string {
  const r = backend.db.sqlite.prepare('SELECT analysis FROM script WHERE id = ?').get(scriptId) as {
    analysis: string;
  };
  return (JSON.parse(r.analysis) as { characters: { name: string }[] }).characters[0]!.name;
}

type Cells = Map<string, unknown>;

/** Every synced cell in the database: table|row|column → value (deleted_at also as the `_deleted` tombstone). */
function allCells(): Cells {
  const out: Cells = new Map();
  for (const t of readSyncedTables(backend.db.sqlite).values()) {
    for (const row of backend.db.sqlite.prepare(`SELECT * FROM "${t.name}"`).all() as Record<
      string,
      unknown
    >[]) {
      for (const c of t.columns) out.set(`${t.name}|${row.id}|${c.name}`, row[c.name]);
      out.set(`${t.name}|${row.id}|_deleted`, row.deleted_at != null);
    }
  }
  return out;
}

/** What the outbox says each cell now is (the latest entry per cell), after `afterSeq`. */
function outboxCells(afterSeq: number): Cells {
  const out: Cells = new Map();
  const rows = backend.db.sqlite
    .prepare('SELECT seq, tbl, row_id, col, value, hlc FROM sync_outbox WHERE seq > ? ORDER BY seq')
    .all(afterSeq) as Parameters<typeof entryCells>[0][];
  for (const r of rows) {
    for (const c of entryCells(r)) out.set(`${c.table}|${c.rowId}|${c.column}`, c.value);
    if (r.col === '*') out.set(`${r.tbl}|${r.row_id}|_deleted`, JSON.parse(r.value).deleted_at != null);
  }
  return out;
}

const lastSeq = () =>
  (backend.db.sqlite.prepare('SELECT coalesce(max(seq), 0) AS s FROM sync_outbox').get() as { s: number }).s;

describe('capture of every API write', () => {
  it('lists every method of the contract, run or with a reason', async () => {
    const files = { csv: 'x', dupes: 'x', photo: 'x', photo2: 'x', unmatched: 'x', pdf: 'x' };
    const run = new Set(steps(files).map((s) => s[0]));
    const missing = METHOD_NAMES.filter((m) => !run.has(m) && !NOT_RUN[m]);
    expect(missing).toEqual([]);
  });

  it('puts every cell a call changed into the outbox, with the value stored', async () => {
    const csv =
      'Name,City,Phone\nAmit Kumar,Nagpur,9820012345\n"Fatima Sheikh, Jr.",Mumbai,+91 98200 54321\n';
    const pdf = await renderScreenplay(generateScreenplay({ seed: 5, scenes: 6 }), 'us-letter');
    const files = {
      csv: handle('talent.csv', csv),
      dupes: handle(
        'talent-again.csv',
        'Name,City,Phone\nAmit Kumaar,Pune,9820012345\nFatima Shaikh,Thane,+91 98200 54321\n',
      ),
      photo: handle('sneha-1.jpg', await jpeg(320, 400, 1)),
      photo2: handle('sneha-2.jpg', await jpeg(320, 400, 2)),
      unmatched: handle('zubin irani.jpg', await jpeg(320, 400, 3)),
      pdf: handle('monsoon.pdf', pdf),
    };
    const ctx: Ctx = {};
    let wrote = 0;
    const writers = new Set<string>();
    const failed: string[] = [];
    for (const [method, input, after] of steps(files)) {
      const before = allCells();
      const seq = lastSeq();
      const r: Result = await backend.dispatch(method, input(ctx));
      // A failed call is reported at the end; what it wrote (nothing, if it rolled back) is still checked.
      if (r.ok) after?.(r.value, ctx);
      else failed.push(`${method}: ${r.error.code} ${r.error.message}`);
      const now = allCells();
      const sent = outboxCells(seq);
      const uncaptured: string[] = [];
      for (const [k, v] of now) {
        if (before.has(k) && Object.is(before.get(k), v)) continue;
        if (k.endsWith('|_deleted') && !before.has(k) && v === false) continue; // a new live row: no tombstone cell
        if (!sent.has(k) || JSON.stringify(sent.get(k)) !== JSON.stringify(v)) {
          uncaptured.push(`${k} = ${JSON.stringify(v)} (outbox: ${JSON.stringify(sent.get(k))})`);
        }
      }
      expect(uncaptured, method).toEqual([]);
      for (const k of before.keys()) expect(now.has(k), `${method} removed ${k}`).toBe(true);
      if (sent.size > 0) {
        wrote++;
        writers.add(method);
      }
    }
    expect(failed).toEqual([]);
    // Every method that wrote the office's data is one a viewer's desktop refuses (api/viewer-guard.ts).
    expect([...writers].filter((m) => !(OFFICE_WRITES as readonly string[]).includes(m))).toEqual([]);
    // The writes really happened (a broken step that wrote nothing would pass the loop above).
    expect(wrote).toBeGreaterThanOrEqual(25);
  });
});
