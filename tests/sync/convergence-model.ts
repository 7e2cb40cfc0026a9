// The property-based convergence model shared by tests/sync/convergence-random.test.ts (bounded, in `npm test`)
// and scripts/convergence.ts (`npm run test:convergence`, long): random operations on four or more simulated
// desktops (harness.ts: real local stores with capture and a SyncClient each) against one or two real server
// instances behind the same Postgres (and Redis when REDIS_URL is set), with faults injected in each desktop's
// fetch: offline periods, duplicated and replayed (reordered) pushes, a process killed after the server committed
// its push and before it recorded the answer, server restarts and clock skew within the drift limit.
// At the end every replica must equal every other, the last-writer-wins oracle, and the server; and every cell a
// desktop ever queued must be on the server, as the winner or in its history (no acknowledged write is lost).
import fc from 'fast-check';
import type { AppDatabase } from '../../src/backend/store/db.ts';
import { demoTalent } from '../../src/backend/talent/demo.ts';
import {
  createTalent,
  deleteTalent,
  getTalent,
  insertTalentRows,
  restoreTalent,
  updateTalent,
} from '../../src/backend/talent/repo.ts';
import { formatHlc, makeHlc, parseHlc } from '../../src/shared/sync/hlc.ts';
import type { CellChange } from '../../src/shared/sync/protocol.ts';
import { createOffice, inviteUser, type SessionInfo, type TestDatabase } from '../server/helpers.ts';
import {
  applyCasting,
  type CastingOp,
  castingOpArb,
  clashArb,
  isCastingOp,
  seedOffice,
} from './convergence-casting.ts';
import { type Cluster, type Events, FaultyNet, PLACEHOLDER } from './convergence-net.ts';
import { type Desktop, disagreements, makeDesktop, oracle, snapshot, stripped } from './harness.ts';

export const FIELDS = ['city', 'notes', 'agency', 'stageName', 'rating', 'heightCm'] as const;
type Field = (typeof FIELDS)[number];
const CITIES = ['Mumbai', 'Thane', 'Navi Mumbai', 'Pune', 'Bengaluru', 'मुंबई', 'Kochi'];
/** Clock skew stays within the server's drift limit (5 min) with a margin for the run's own duration. */
export const MAX_SKEW_MS = 4 * 60_000;

export type Op =
  | { kind: 'create'; desk: number; name: string }
  | { kind: 'edit'; desk: number; row: number; field: Field; pick: number }
  | { kind: 'delete'; desk: number; row: number }
  | { kind: 'restore'; desk: number; row: number }
  | { kind: 'bulk'; desk: number; size: number }
  | { kind: 'sync'; desk: number }
  | { kind: 'offline'; desk: number; on: boolean }
  | { kind: 'duplicate'; desk: number }
  | { kind: 'replay'; desk: number; pick: number }
  | { kind: 'kill'; desk: number }
  | { kind: 'restartServer'; instance: number }
  | { kind: 'skew'; desk: number; aheadMs: number }
  | CastingOp;

/** Operations on `desks` desktops; `bulkSizes` are the sizes a bulk import draws from. */
export function opArb(desks: number, bulkSizes: readonly number[]): fc.Arbitrary<Op> {
  const desk = fc.nat(desks - 1);
  const row = fc.nat(40);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('create' as const),
        desk,
        name: fc.constantFrom('Aarav', 'Diya', 'Ishaan', 'Zoya', "D'Souza", 'Ñiño'),
      }),
    },
    {
      weight: 12,
      arbitrary: fc.record({
        kind: fc.constant('edit' as const),
        desk,
        row,
        field: fc.constantFrom(...FIELDS),
        pick: fc.nat(6),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), desk, row }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('restore' as const), desk, row }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('bulk' as const), desk, size: fc.constantFrom(...bulkSizes) }),
    },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('sync' as const), desk }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('offline' as const), desk, on: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), desk }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), desk, pick: fc.nat(20) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('kill' as const), desk }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('skew' as const), desk, aheadMs: fc.nat(MAX_SKEW_MS) }),
    },
    { weight: 14, arbitrary: castingOpArb(desks) },
  );
}

/**
 * A run's operations: the random ones, with the faults every run must meet spliced in at random places: a server
 * restart, a desktop killed between the server's commit and its answer, a duplicated push, a bulk import (the
 * largest of `bulkSizes`), and one person shortlisted for the same role on two desktops before either syncs.
 */
export function scenarioArb(desks: number, bulkSizes: readonly number[], minOps: number, maxOps: number) {
  // The largest size (the bulk path, at BULK_THRESHOLD and over) once a run; the random imports draw the others.
  const bulk = Math.max(...bulkSizes);
  const small = bulkSizes.length > 1 ? bulkSizes.filter((s) => s !== bulk) : bulkSizes;
  const must = fc.tuple(
    fc.record({ kind: fc.constant('restartServer' as const), instance: fc.nat(1) }),
    fc.record({ kind: fc.constant('kill' as const), desk: fc.nat(desks - 1) }),
    fc.record({ kind: fc.constant('duplicate' as const), desk: fc.nat(desks - 1) }),
    fc.record({
      kind: fc.constant('bulk' as const),
      desk: fc.nat(desks - 1),
      size: fc.constant(bulk),
    }),
    clashArb(desks),
  );
  return fc
    .tuple(
      fc.array(opArb(desks, small), { minLength: minOps, maxLength: maxOps }),
      must,
      fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
    )
    .map(([ops, extra, at]) => {
      const out: Op[] = [...ops];
      extra.forEach((op, i) => {
        out.splice(at[i]! % (out.length + 1), 0, op);
      });
      return out;
    });
}

/** The value an edit of `field` writes (`pick` chooses among a few, Devanagari and a null rating included). */
export function valueFor(field: Field, pick: number): unknown {
  switch (field) {
    case 'city':
      return CITIES[pick % CITIES.length];
    case 'rating':
      return pick % 6 === 0 ? null : pick % 6;
    case 'heightCm':
      return 150 + pick * 5;
    default:
      return `${field} ${pick} — “quoted”`;
  }
}

interface SimDesktop {
  d: Desktop;
  net: FaultyNet;
}

export interface RunResult {
  ops: number;
  /** Replicas (desktops, and the server) that differ from the oracle or from the first desktop. */
  divergent: number;
  /** Cells a desktop queued that the server holds neither as the winner nor in its history. */
  lost: number;
  problems: string[];
  /** How often each fault really happened (a kill with nothing to push, for one, kills nothing). */
  events: Events;
}

async function office(
  cluster: Cluster,
  desks: number,
  instances: number,
  events: Events,
): Promise<SimDesktop[]> {
  const admin = await createOffice(cluster.servers[0]!.base, 'Juhu Casting');
  const sessions: SessionInfo[] = [admin];
  for (let i = 1; i < desks; i++)
    sessions.push(await inviteUser(cluster.servers[0]!.base, admin, 'casting_director'));
  const sims = await Promise.all(
    sessions.map(async (s, i) => {
      const net = new FaultyNet(cluster, instances, events);
      const d = await makeDesktop(`d${i}`, PLACEHOLDER, s, { fetch: net.fetch });
      return { d, net };
    }),
  );
  // The office's shared starting point: a project, roles and people every desktop holds.
  seedOffice(sims[0]!.d.db);
  for (const { d } of sims) await d.sync();
  return sims;
}

function liveIds(d: Desktop, deleted: boolean): string[] {
  const where = deleted ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL';
  return (
    d.db.sqlite.prepare(`SELECT id FROM talent WHERE ${where} ORDER BY id`).all() as { id: string }[]
  ).map((r) => r.id);
}

/** Moves this desktop's clock ahead (as a computer whose clock runs fast): never backwards. */
function skewClock(d: Desktop, aheadMs: number): void {
  const { hlc } = d.db.sqlite.prepare('SELECT hlc FROM sync_state WHERE id = 1').get() as { hlc: string };
  const now = parseHlc(hlc);
  const ahead = makeHlc(Date.now() + aheadMs, 0, now.node);
  if (formatHlc(ahead) > hlc)
    d.db.sqlite.prepare('UPDATE sync_state SET hlc = ? WHERE id = 1').run(formatHlc(ahead));
}

async function apply(
  op: Op,
  sims: SimDesktop[],
  cluster: Cluster,
  instances: number,
  problems: string[],
  events: Events,
) {
  if (op.kind === 'restartServer') {
    events.serverRestarts++;
    return cluster.restart(op.instance % instances);
  }
  if (isCastingOp(op)) {
    events.castingOps += applyCasting(
      op,
      sims.map((s) => s.d.db),
    );
    return;
  }
  const { d, net } = sims[op.desk % sims.length]!;
  const pick = (deleted: boolean, row: number) => {
    const ids = liveIds(d, deleted);
    return ids.length > 0 ? ids[row % ids.length] : undefined;
  };
  switch (op.kind) {
    case 'create':
      createTalent(d.db, { fullName: `${op.name} ${op.desk}` });
      return;
    case 'edit': {
      const id = pick(false, op.row);
      if (id)
        updateTalent(d.db, id, { ...stripped(getTalent(d.db, id)), [op.field]: valueFor(op.field, op.pick) });
      return;
    }
    case 'delete': {
      const id = pick(false, op.row);
      if (id) deleteTalent(d.db, id);
      return;
    }
    case 'restore': {
      const id = pick(true, op.row);
      if (id) restoreTalent(d.db, id);
      return;
    }
    case 'bulk':
      insertTalentRows(d.db, demoTalent(op.size, op.desk * 1000 + liveIds(d, false).length));
      events.bulkRows += op.size;
      return;
    case 'offline':
      net.offline = op.on;
      return;
    case 'duplicate':
      net.duplicateNext = true;
      return;
    case 'replay':
      return net.replay(op.pick);
    case 'skew':
      skewClock(d, op.aheadMs);
      return;
    case 'sync': {
      const r = await d.sync();
      const want = net.offline ? 'offline' : 'idle';
      if (r.state !== want) problems.push(`${d.name} sync: ${r.state} ${r.message ?? ''} (expected ${want})`);
      return;
    }
    case 'kill': {
      if (net.offline) return;
      net.killNext = true;
      const r = await d.sync();
      net.killNext = false;
      if (net.dead) {
        if (r.state !== 'offline') problems.push(`${d.name} killed mid-push: ${r.state}`);
        // Restarted from its files: the batch the server committed is still queued and goes again.
        await d.restart();
        net.dead = false;
      }
      return;
    }
  }
}

/** Syncs everyone until nothing is left to push and a full round pulled nothing new. */
async function settle(sims: SimDesktop[], problems: string[]): Promise<void> {
  for (const s of sims) {
    s.net.offline = false;
    s.net.duplicateNext = false;
  }
  for (let round = 0; round < 6; round++) {
    let pulled = 0;
    let queued = 0;
    for (const { d } of sims) {
      const r = await d.sync();
      if (r.state !== 'idle') problems.push(`${d.name} final sync: ${r.state} ${r.message ?? ''}`);
      pulled += r.pulledCells;
    }
    for (const { d } of sims)
      queued += (d.db.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
    if (round > 0 && pulled === 0 && queued === 0) return;
  }
  problems.push('did not settle in 6 rounds');
}

interface ServerCell {
  tbl: string;
  row_id: string;
  col: string;
  value: unknown;
  hlc: string;
}

const cellKey = (c: { table: string; rowId: string; column: string }) => `${c.table}|${c.rowId}|${c.column}`;

/** Checks the server against the oracle and every queued cell against the server's winners and history. */
async function checkServer(
  tdb: TestDatabase,
  officeId: string,
  win: Map<string, CellChange>,
  all: CellChange[],
) {
  const q = (sql: string) => tdb.admin.query<ServerCell>(sql, [officeId]).then((r) => r.rows);
  const cells = await q('SELECT tbl, row_id, col, value, hlc FROM castmatch.cells WHERE office_id = $1');
  const history = await q(
    'SELECT tbl, row_id, col, value, hlc FROM castmatch.cell_history WHERE office_id = $1',
  );
  const stored = new Map<string, string>();
  for (const c of [...history, ...cells])
    stored.set(`${c.tbl}|${c.row_id}|${c.col}|${c.hlc}`, JSON.stringify(c.value));
  const winners = new Map(cells.map((c) => [`${c.tbl}|${c.row_id}|${c.col}`, c]));
  const serverWrong: string[] = [];
  for (const [k, c] of win) {
    const s = winners.get(k);
    if (!s || s.hlc !== c.hlc || JSON.stringify(s.value) !== JSON.stringify(c.value))
      serverWrong.push(
        `${k}: server ${JSON.stringify(s?.value)}@${s?.hlc} vs ${JSON.stringify(c.value)}@${c.hlc}`,
      );
  }
  const lost = all.filter((c) => stored.get(`${cellKey(c)}|${c.hlc}`) !== JSON.stringify(c.value));
  return { serverWrong, lost };
}

export interface RunOptions {
  desks: number;
  /** 1: every desktop talks to one instance; 2: each request goes to either of two behind the same database. */
  instances: 1 | 2;
  /** Looks at every desktop's settled store before the run closes them. */
  inspect?: (dbs: AppDatabase[]) => void;
}

/** One run: a fresh office, the operations, a final settle, and the checks. Closes its desktops. */
export async function runScenario(
  tdb: TestDatabase,
  cluster: Cluster,
  ops: readonly Op[],
  opts: RunOptions,
): Promise<RunResult> {
  const events: Events = {
    killedAfterCommit: 0,
    duplicatedPushes: 0,
    replayedPushes: 0,
    serverRestarts: 0,
    bulkRows: 0,
    castingOps: 0,
  };
  const sims = await office(cluster, opts.desks, opts.instances, events);
  const problems: string[] = [];
  try {
    for (const op of ops) await apply(op, sims, cluster, opts.instances, problems, events);
    await settle(sims, problems);
    for (const s of sims) problems.push(...s.net.problems.map((p) => `${s.d.name}: ${p}`));
    const ds = sims.map((s) => s.d);
    const win = oracle(ds);
    const first = JSON.stringify(snapshot(ds[0]!.db));
    let divergent = 0;
    for (const d of ds) {
      const wrong = disagreements(d.db, win);
      const same = JSON.stringify(snapshot(d.db)) === first;
      if (wrong.length > 0 || !same) {
        divergent++;
        problems.push(
          `${d.name} diverged: ${wrong.slice(0, 5).join('; ')}${same ? '' : ' (differs from d0)'}`,
        );
      }
    }
    const all = ds.flatMap((d) => d.captured);
    const { serverWrong, lost } = await checkServer(tdb, sims[0]!.d.session.user.officeId, win, all);
    if (serverWrong.length > 0) {
      divergent++;
      problems.push(`server diverged: ${serverWrong.slice(0, 5).join('; ')}`);
    }
    for (const c of lost.slice(0, 5))
      problems.push(`lost: ${cellKey(c)}@${c.hlc} = ${JSON.stringify(c.value)}`);
    opts.inspect?.(ds.map((d) => d.db));
    return { ops: ops.length, divergent, lost: lost.length, problems, events };
  } finally {
    for (const s of sims) s.d.close();
  }
}
