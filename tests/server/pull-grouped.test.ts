// The grouped pull format (docs/SYNC.md): the same cells as the cell format, page for page, a row's cells that
// share HLC and device sent once with a `values` map; and the page read along the (office_id, seq) index even
// when the table's statistics are stale (right after a large push).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_ONLY_FOR_THIS_TRANSACTION, PAGE_SQL } from '../../src/server/sync/store.ts';
import { CURRENT_SCHEMA_VERSION } from '../../src/shared/sync/protocol.ts';
import {
  call,
  createOffice,
  createTestDatabase,
  hlcAt,
  type PulledCell,
  pull,
  push,
  type Running,
  type SessionInfo,
  startServer,
  type TestDatabase,
} from './helpers.ts';

let db: TestDatabase;
let srv: Running;

beforeAll(async () => {
  db = await createTestDatabase('pullgrouped');
  srv = await startServer(db.url);
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

interface Group {
  table: string;
  rowId: string;
  hlc: string;
  deviceId: string;
  values: Record<string, unknown>;
}
interface GroupedPage {
  groups: Group[];
  count: number;
  cursor: number;
  hasMore: boolean;
  seq: number;
}

function pullGrouped(s: SessionInfo, cursor: number, limit: number) {
  return call<GroupedPage>(srv.base, 'POST', '/v1/sync/pull', {
    token: s.accessToken,
    body: { schemaVersion: CURRENT_SCHEMA_VERSION, cursor, limit, format: 'grouped' },
  });
}

const key = (c: { table: string; rowId: string; column: string }) => `${c.table}/${c.rowId}/${c.column}`;

describe('the grouped pull format', () => {
  it('answers every page with the same cells, cursor and hasMore as the cell format', async () => {
    const office = await createOffice(srv.base, 'Grouped');
    // Ten whole rows (one HLC each), then edits of single cells of some of them and a tombstone.
    const rows = Array.from(
      { length: 10 },
      (_, i) => `0193b000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    );
    const whole = rows.flatMap((id, i) => [
      { table: 'talent', rowId: id, column: 'full_name', value: `Person ${i}`, hlc: hlcAt(i) },
      { table: 'talent', rowId: id, column: 'notes', value: null, hlc: hlcAt(i) },
      { table: 'talent', rowId: id, column: 'languages', value: '["Marathi"]', hlc: hlcAt(i) },
      { table: 'talent', rowId: id, column: 'rating', value: i, hlc: hlcAt(i) },
    ]);
    expect((await push(srv.base, office, whole)).status).toBe(200);
    const edits = [
      {
        table: 'talent',
        rowId: rows[2]!,
        column: 'notes',
        value: 'has "quotes" \\ and ünïcode',
        hlc: hlcAt(100),
      },
      { table: 'talent', rowId: rows[5]!, column: '_deleted', value: true, hlc: hlcAt(101) },
      { table: 'role', rowId: 'role-1', column: 'name', value: { nested: [1, 'two'] }, hlc: hlcAt(102) },
    ];
    expect((await push(srv.base, office, edits)).status).toBe(200);

    for (const limit of [7, 13, 1000]) {
      let cursor = 0;
      for (;;) {
        const [plain, grouped] = await Promise.all([
          pull(srv.base, office, cursor, limit),
          pullGrouped(office, cursor, limit),
        ]);
        expect(grouped.status).toBe(200);
        const g = grouped.body;
        const expanded = g.groups.flatMap((grp) =>
          Object.entries(grp.values).map(([column, value]) => ({
            table: grp.table,
            rowId: grp.rowId,
            column,
            value,
            hlc: grp.hlc,
            deviceId: grp.deviceId,
          })),
        );
        const strip = ({ seq: _seq, ...c }: PulledCell) => c;
        const byKey = <T extends { table: string; rowId: string; column: string }>(xs: T[]) =>
          [...xs].sort((a, b) => key(a).localeCompare(key(b)));
        expect(byKey(expanded)).toEqual(byKey(plain.body.cells.map(strip)));
        expect(g.count).toBe(plain.body.cells.length);
        expect({ cursor: g.cursor, hasMore: g.hasMore, seq: g.seq }).toEqual({
          cursor: plain.body.cursor,
          hasMore: plain.body.hasMore,
          seq: plain.body.seq,
        });
        // One group per row and clock within the page.
        expect(new Set(g.groups.map((grp) => `${grp.table}/${grp.rowId}/${grp.hlc}`)).size).toBe(
          g.groups.length,
        );
        cursor = g.cursor;
        if (!g.hasMore) break;
      }
    }
    // A whole row is one group.
    const all = await pullGrouped(office, 0, 1000);
    const first = all.body.groups.find((grp) => grp.rowId === rows[0]);
    expect(first?.values).toEqual({
      full_name: 'Person 0',
      notes: null,
      languages: '["Marathi"]',
      rating: 0,
    });
  });

  it('refuses an unknown format', async () => {
    const office = await createOffice(srv.base, 'Unknown format');
    const r = await call(srv.base, 'POST', '/v1/sync/pull', {
      token: office.accessToken,
      body: { schemaVersion: CURRENT_SCHEMA_VERSION, cursor: 0, format: 'rows' },
    });
    expect(r.status).toBe(400);
  });

  it('reads a page along the seq index even when the statistics say the office is small', async () => {
    const office = await createOffice(srv.base, 'Plan');
    const cells = Array.from({ length: 3000 }, (_, i) => ({
      table: 'talent',
      rowId: `0193c000-0000-7000-8000-${String(Math.floor(i / 30)).padStart(12, '0')}`,
      column: `c${i % 30}`,
      value: i,
      hlc: hlcAt(i),
    }));
    expect((await push(srv.base, office, cells)).status).toBe(200);
    // The settings and the page query of pullPage, inside one transaction.
    const c = await db.admin.connect();
    try {
      await c.query('BEGIN');
      await c.query(INDEX_ONLY_FOR_THIS_TRANSACTION);
      const plan = await c.query(`EXPLAIN (FORMAT JSON) ${PAGE_SQL}`, [office.user.officeId, 0, 1000]);
      const text = JSON.stringify(plan.rows[0]);
      expect(text).toContain('cells_office_seq_idx');
      expect(text).not.toContain('"Sort"');
      await c.query('ROLLBACK');
    } finally {
      c.release();
    }
  });
});
