// Push and pull against the cells table, always scoped to one office (row-level security applies).
//
// Gap-safe cursors: a push first locks its office's row in office_state, then numbers its changes base+1..base+n
// (a change that loses leaves its number unused) and commits while still holding the lock. Pushes of one office
// therefore commit in sequence order, so a pull that has seen sequence S has seen every commit up to S.
import type pg from 'pg';
import type { CellChange, PullRequest } from '../../shared/sync/protocol.ts';

export type PullFormat = NonNullable<PullRequest['format']>;

export interface PushResult {
  seq: number;
  applied: number;
  ignored: number;
}

export type PushOutcome =
  | { status: 'ok'; result: PushResult }
  | { status: 'revoked' }
  | { status: 'forbidden' };

/**
 * Applies changes last-writer-wins; idempotent (a retried push changes nothing and records nothing twice).
 * One statement, in its own transaction: castmatch.sync_push (drizzle/server/0003_session_check.sql) scopes
 * to the office, re-checks the user (exists, enabled, token version, sign-in not revoked, not a viewer), locks
 * the office's sequence row, applies and commits, so the lock is never held across a network round trip.
 */
export async function pushChanges(
  pool: pg.Pool,
  claims: { officeId: string; userId: string; tokenVersion: number; sessionId: string },
  deviceId: string,
  changes: readonly CellChange[],
): Promise<PushOutcome> {
  // One change per cell goes to the upsert (the newest; on equal clocks the later one, as a replica applying
  // them in order would end up with); the older duplicates go straight to history.
  const n = changes.length;
  const winnerOf = new Map<string, number>();
  const superseded: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = changes[i]!;
    const key = `${c.table}\u0000${c.rowId}\u0000${c.column}`;
    const prev = winnerOf.get(key);
    if (prev === undefined) winnerOf.set(key, i);
    else if (c.hlc >= changes[prev]!.hlc) {
      superseded.push(prev);
      winnerOf.set(key, i);
    } else superseded.push(i);
  }
  const columns = (indexes: Iterable<number>) => {
    const tbl: string[] = [];
    const row: string[] = [];
    const col: string[] = [];
    const val: string[] = [];
    const hlc: string[] = [];
    for (const i of indexes) {
      const c = changes[i]!;
      tbl.push(c.table);
      row.push(c.rowId);
      col.push(c.column);
      val.push(JSON.stringify(c.value));
      hlc.push(c.hlc);
    }
    return [tbl, row, col, val, hlc];
  };
  const winners =
    superseded.length === 0
      ? Array.from({ length: n }, (_, i) => i)
      : [...winnerOf.values()].sort((x, y) => x - y);
  const r = await pool.query<{ out_status: string; out_seq: string | null; out_applied: number }>(
    `SELECT out_status, out_seq::text, out_applied
     FROM castmatch.sync_push($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      claims.officeId,
      claims.userId,
      claims.tokenVersion,
      claims.sessionId,
      deviceId,
      ...columns(winners),
      ...columns(superseded),
    ],
  );
  const out = r.rows[0];
  if (!out) throw new Error('sync_push returned no row');
  if (out.out_status === 'revoked') return { status: 'revoked' };
  if (out.out_status === 'forbidden') return { status: 'forbidden' };
  return {
    status: 'ok',
    result: { seq: Number(out.out_seq), applied: out.out_applied, ignored: n - out.out_applied },
  };
}

export async function officeHead(client: pg.PoolClient, officeId: string): Promise<number> {
  const r = await client.query<{ seq: string }>(
    'SELECT seq::text AS seq FROM castmatch.office_state WHERE office_id = $1',
    [officeId],
  );
  return Number(r.rows[0]?.seq ?? 0);
}

export interface PullPage {
  /** The response body. */
  json: string;
  count: number;
  cursor: number;
  hasMore: boolean;
}

/** The planner settings a pull runs under (see pullPage); exported for the test of the plan. */
export const INDEX_ONLY_FOR_THIS_TRANSACTION =
  "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)";
/** One page of cells: $1 office, $2 cursor, $3 limit. */
export const PAGE_SQL = `SELECT c.tbl, c.row_id, c.col, c.value, c.hlc, c.device_id, c.seq FROM castmatch.cells c
  WHERE c.office_id = $1 AND c.seq > $2 ORDER BY c.seq LIMIT $3`;

/**
 * One page of winning cells changed after `cursor`, as a ready-to-send JSON string (values are passed through
 * from Postgres as text, never parsed and re-encoded in Node). `grouped` writes the page's cells of one row
 * that share HLC and device as one object (docs/SYNC.md); the page is the same `limit` cells either way.
 */
export async function pullPage(
  client: pg.PoolClient,
  officeId: string,
  cursor: number,
  limit: number,
  format: PullFormat = 'cells',
): Promise<PullPage | { cursorAhead: number }> {
  // Read the head first: every commit up to it is visible to the next statement's (later) snapshot.
  // The page must be read along the (office_id, seq) index, stopping after `limit` rows. Right after a large push
  // the table's statistics still say the office has few cells, and the planner then fetches every cell after the
  // cursor and sorts them (on disk) to keep 20,000: measured 0.4 s a page at 360k cells, growing with the office.
  // Only the index scan is left to it, for this transaction (set in the same round trip as the head's read).
  const h = await client.query<{ seq: string | null }>(
    `SELECT (SELECT seq::text FROM castmatch.office_state WHERE office_id = $1) AS seq, s.*
     FROM (${INDEX_ONLY_FOR_THIS_TRANSACTION}) s`,
    [officeId],
  );
  const head = Number(h.rows[0]?.seq ?? 0);
  if (cursor > head) return { cursorAhead: head };
  // Postgres writes the page's JSON itself (escaping with to_json): one string per page reaches Node instead of
  // seven per cell, which keeps the garbage collector out of large pulls. Ordered by the column seq.
  const sql =
    format === 'grouped'
      ? `SELECT string_agg(g.j, ',' ORDER BY g.first) AS cells, max(g.last)::text AS last, sum(g.n)::int AS n
         FROM (SELECT '{"table":' || to_json(p.tbl)::text || ',"rowId":' || to_json(p.row_id)::text ||
                      ',"hlc":' || to_json(p.hlc)::text || ',"deviceId":' || to_json(p.device_id)::text ||
                      ',"values":{' || string_agg(to_json(p.col)::text || ':' || p.value::text, ',') || '}}' AS j,
                      min(p.seq) AS first, max(p.seq) AS last, count(*) AS n
               FROM (${PAGE_SQL}) p GROUP BY p.tbl, p.row_id, p.hlc, p.device_id) g`
      : `SELECT string_agg(
              '{"table":' || to_json(p.tbl)::text || ',"rowId":' || to_json(p.row_id)::text ||
              ',"column":' || to_json(p.col)::text || ',"value":' || p.value::text ||
              ',"hlc":' || to_json(p.hlc)::text || ',"deviceId":' || to_json(p.device_id)::text ||
              ',"seq":' || p.seq || '}', ',' ORDER BY p.seq) AS cells,
            max(p.seq)::text AS last, count(*)::int AS n
         FROM (${PAGE_SQL}) p`;
  const r = await client.query<{ cells: string | null; last: string | null; n: number | null }>(sql, [
    officeId,
    cursor,
    limit,
  ]);
  const row = r.rows[0];
  const count = row?.n ?? 0;
  const hasMore = count === limit;
  const last = count > 0 && row?.last ? Number(row.last) : cursor;
  const next = hasMore ? last : Math.max(last, head);
  const tail = `"cursor":${next},"hasMore":${hasMore},"seq":${Math.max(head, last)}}`;
  const json =
    format === 'grouped'
      ? `{"groups":[${row?.cells ?? ''}],"count":${count},${tail}`
      : `{"cells":[${row?.cells ?? ''}],${tail}`;
  return { json, count, cursor: next, hasMore };
}
