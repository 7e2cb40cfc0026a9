// The applier's fast paths: a page of new talent builds their search index set-based (BulkTalentInsert), and a
// row arriving whole is clocked as one '*' entry. Both must leave exactly what the row-by-row path leaves, and
// last-writer-wins must judge later cells the same way.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { applyPage, type RemoteCell } from '../../src/backend/sync/apply.ts';
import { enableCapture } from '../../src/backend/sync/capture.ts';
import { entryCells, type OutboxRow } from '../../src/backend/sync/outbox.ts';
import { demoTalent } from '../../src/backend/talent/demo.ts';
import { insertTalentRows } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import { memoryDb } from '../support/db.ts';
import { snapshot } from './harness.ts';

const ROWS = 260; // above the applier's bulk threshold (200 new talent in one page)
const open: AppDatabase[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

async function desk(node: string): Promise<AppDatabase> {
  const db = await memoryDb();
  open.push(db);
  enableCapture(db, { node });
  return db;
}

/** ROWS demo talent inserted on a source desktop, as the cells its outbox sends (one '*' entry per row). */
async function sourceCells(): Promise<{ source: AppDatabase; cells: RemoteCell[] }> {
  const source = await desk('aaaaaaaaaaaaaaaa');
  insertTalentRows(source, demoTalent(ROWS, 7));
  const rows = source.sqlite.prepare('SELECT * FROM sync_outbox ORDER BY seq').all() as OutboxRow[];
  expect(rows).toHaveLength(ROWS);
  return { source, cells: rows.flatMap(entryCells).map((c) => ({ ...c, deviceId: 'dev-aaaaaaaa' })) };
}

/** The derived search tables, by talent id (rowids differ between desktops). */
function derived(db: AppDatabase): Record<string, unknown[]> {
  const q = (sql: string) => db.sqlite.prepare(sql).all();
  return {
    fts: q(
      'SELECT t.id, f.names, f.stage_name, f.skills, f.languages, f.city, f.tags, f.notes FROM talent_fts f JOIN talent t ON t.rowid = f.rowid ORDER BY t.id',
    ),
    filter: q(
      'SELECT t.id, f.gender, f.age_from, f.age_to, f.height_cm, f.city, f.availability, f.sort_name FROM talent_filter f JOIN talent t ON t.rowid = f.talent_rowid ORDER BY t.id',
    ),
    language: q(
      'SELECT t.id, l.language, l.fluency FROM talent_language l JOIN talent t ON t.rowid = l.talent_rowid ORDER BY t.id, l.language',
    ),
    skill: q(
      'SELECT t.id, s.skill FROM talent_skill s JOIN talent t ON t.rowid = s.talent_rowid ORDER BY t.id, s.skill',
    ),
    tag: q(
      'SELECT t.id, g.tag FROM talent_tag g JOIN talent t ON t.rowid = g.talent_rowid ORDER BY t.id, g.tag',
    ),
  };
}

describe('applying a page of new rows', () => {
  it('leaves the same rows and search index set-based as row by row, with one clock entry per whole row', async () => {
    const { source, cells } = await sourceCells();
    const bulk = await desk('bbbbbbbbbbbbbbbb');
    const r = applyPage(bulk, cells, 1);
    expect(r).toMatchObject({ applied: cells.length, stale: 0, parked: 0 });

    // Row by row: one page per row, far below the bulk threshold, so the insert trigger indexes each row.
    const single = await desk('cccccccccccccccc');
    const byRow = new Map<string, RemoteCell[]>();
    for (const c of cells) byRow.set(c.rowId, [...(byRow.get(c.rowId) ?? []), c]);
    let cursor = 0;
    for (const page of byRow.values()) applyPage(single, page, ++cursor);

    expect(snapshot(bulk)).toEqual(snapshot(source));
    expect(snapshot(single)).toEqual(snapshot(source));
    expect(derived(bulk)).toEqual(derived(single));
    expect(derived(bulk)).toEqual(derived(source));
    expect(derived(bulk).fts).toHaveLength(ROWS);

    // Every row arrived whole: one '*' clock each, as on the desktop that inserted them.
    const clocks = (db: AppDatabase) =>
      db.sqlite.prepare('SELECT row_id, col, hlc FROM sync_clock ORDER BY row_id, col').all();
    expect(clocks(bulk)).toHaveLength(ROWS);
    expect(clocks(bulk)).toEqual(clocks(source));
    expect(clocks(single)).toEqual(clocks(source));

    const someone = cells.find((c) => c.column === 'full_name')!;
    expect(searchTalent(bulk, { text: String(someone.value) }).total).toBeGreaterThan(0);
    // The insert trigger and the capture trigger are back after the bulk page, and nothing was captured.
    const triggers = bulk.sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN ('talent_ai', 'sync_capture_talent_ai')",
      )
      .all();
    expect(triggers).toHaveLength(2);
    expect(bulk.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get()).toEqual({ n: 0 });
  });

  it('judges later cells against a whole row’s clock exactly as against per-cell clocks', async () => {
    const { cells } = await sourceCells();
    const d = await desk('bbbbbbbbbbbbbbbb');
    applyPage(d, cells, 1);
    const id = cells[0]!.rowId;
    const born = cells[0]!.hlc;
    const at = (delta: number) =>
      `${new Date(Date.parse(born.slice(0, 24)) + delta).toISOString()}-0000-dddddddddddddddd`;
    const cityOf = () =>
      (d.sqlite.prepare('SELECT city FROM talent WHERE id = ?').get(id) as { city: string | null }).city;
    const before = cityOf();
    const older = applyPage(d, [{ ...cells[0]!, column: 'city', value: 'Older', hlc: at(-1000) }], 2);
    expect(older).toMatchObject({ applied: 0, stale: 1 });
    const same = applyPage(d, [{ ...cells[0]!, column: 'city', value: 'Same clock', hlc: born }], 3);
    expect(same).toMatchObject({ applied: 0, stale: 1 });
    expect(cityOf()).toBe(before);
    const newer = applyPage(d, [{ ...cells[0]!, column: 'city', value: 'Newer', hlc: at(1000) }], 4);
    expect(newer).toMatchObject({ applied: 1, stale: 0 });
    expect(cityOf()).toBe('Newer');
    // The newer cell has its own clock now; a cell between the two loses, another column still follows '*'.
    const between = applyPage(
      d,
      [
        { ...cells[0]!, column: 'city', value: 'Between', hlc: at(500) },
        { ...cells[0]!, column: 'notes', value: 'Later note', hlc: at(500) },
      ],
      5,
    );
    expect(between).toMatchObject({ applied: 1, stale: 1 });
    expect(cityOf()).toBe('Newer');
    expect(d.sqlite.prepare('SELECT notes FROM talent WHERE id = ?').get(id)).toEqual({
      notes: 'Later note',
    });
  });

  it('clocks a row that arrives in parts cell by cell', async () => {
    const { cells } = await sourceCells();
    const d = await desk('bbbbbbbbbbbbbbbb');
    const id = cells[0]!.rowId;
    const own = cells.filter((c) => c.rowId === id);
    const half = Math.floor(own.length / 2);
    applyPage(d, own.slice(0, half), 1);
    applyPage(d, own.slice(half), 2);
    const clocks = d.sqlite.prepare('SELECT col FROM sync_clock WHERE row_id = ? ORDER BY col').all(id) as {
      col: string;
    }[];
    expect(clocks.map((c) => c.col)).toEqual(own.map((c) => c.column).sort());
  });

  it('does not record a first pull in the activity feed, on any of its pages', async () => {
    const { cells } = await sourceCells();
    const activity = (db: AppDatabase) =>
      (db.sqlite.prepare('SELECT count(*) AS n FROM sync_activity').get() as { n: number }).n;
    const first = await desk('bbbbbbbbbbbbbbbb');
    const later = await desk('cccccccccccccccc');
    const pages = [cells.slice(0, 1000), cells.slice(1000)];
    for (const [i, p] of pages.entries()) {
      applyPage(first, p, i + 1, Date.now(), { firstPull: true });
      applyPage(later, p, i + 1);
    }
    expect(activity(first)).toBe(0);
    expect(activity(later)).toBeGreaterThan(0); // its second page is news to it (cursor no longer 0)
    expect(snapshot(first)).toEqual(snapshot(later));
  });
});
