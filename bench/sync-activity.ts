// `npm run bench -- sync-activity [cells]`: what recording the activity feed costs the apply path (sync/activity.ts):
// a pulled page of `cells` remote edits (default 5,000, over 1,000 talent rows; two of five columns replacing values this
// desktop wrote, the notice's worst case) applied with the feed on, over the same page with it off (a desktop's
// first pull records nothing), in the same run, 7 rounds alternating, the median of
// each round's on/off ratio. Target ≤ 1.3×.
import { execSync } from 'node:child_process';
import { type AppDatabase, openDatabase } from '../src/backend/store/db.ts';
import { applyPage, type RemoteCell } from '../src/backend/sync/apply.ts';
import { enableCapture } from '../src/backend/sync/capture.ts';

const CELLS = Number(process.argv[2] ?? 5_000);
const ROWS = Math.max(1, Math.floor(CELLS / 5));
const COLS = ['city', 'phone', 'email', 'notes', 'build'];
const NODE_A = 'aaaaaaaaaaaaaaaa';

let tick = 0;
const start = Date.now();
/** Strictly increasing remote HLCs (desktop B), after this desktop's own writes, within the drift guard. */
const nextHlc = () => {
  tick++;
  return `${new Date(start + tick).toISOString()}-0000-bbbbbbbbbbbbbbbb`;
};

async function office(): Promise<{ db: AppDatabase; ids: string[] }> {
  const db = await openDatabase(':memory:');
  enableCapture(db, { node: NODE_A });
  const ids = Array.from(
    { length: ROWS },
    (_, i) => `0193a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
  );
  // The rows arrive from B first; then this desktop writes two of the five edited columns itself (its own clock,
  // stamped with the wall clock, so the page's cells, a few ms to seconds later, still win).
  const h = `${new Date(start - 60_000).toISOString()}-0000-bbbbbbbbbbbbbbbb`;
  applyPage(
    db,
    ids.flatMap((id) => [
      { table: 'talent', rowId: id, column: 'full_name', value: `Person ${id.slice(-5)}`, hlc: h },
      { table: 'talent', rowId: id, column: 'created_at', value: 1, hlc: h },
      { table: 'talent', rowId: id, column: 'updated_at', value: 1, hlc: h },
    ]),
    1,
  );
  const own = db.sqlite.prepare('UPDATE talent SET city = ?, phone = ? WHERE id = ?');
  db.sqlite.transaction(() => {
    for (const id of ids) own.run('Pune', '+919820000000', id);
  })();
  return { db, ids };
}

function page(ids: string[], round: number): RemoteCell[] {
  const out: RemoteCell[] = [];
  for (let i = 0; out.length < CELLS; i++) {
    const id = ids[i % ids.length]!;
    const col = COLS[Math.floor(i / ids.length) % COLS.length]!;
    out.push({
      table: 'talent',
      rowId: id,
      column: col,
      value: `${col} ${round}`,
      hlc: nextHlc(),
      deviceId: 'dev-b',
    });
  }
  return out;
}

function timed(db: AppDatabase, cells: RemoteCell[], feedOn: boolean): number {
  // The feed records nothing for a desktop's first pull (firstPull): the same apply with it off.
  db.sqlite.prepare('UPDATE sync_state SET cursor = 100 WHERE id = 1').run();
  const t0 = performance.now();
  applyPage(db, cells, 101, Date.now(), { firstPull: !feedOn });
  return performance.now() - t0;
}

console.log(`machine: ${execSync('uptime').toString().trim()}`);
const on: number[] = [];
const off: number[] = [];
const ratios: number[] = [];
let recorded = 0;
const ROUNDS = 7;
for (let round = 0; round < ROUNDS; round++) {
  // A fresh office each time, so both sides apply the same page to the same state (own values still there); the
  // order alternates, and each round's pair gives one ratio (the median of them is robust to a busy machine).
  const pair: Record<'on' | 'off', number> = { on: 0, off: 0 };
  for (const feedOn of round % 2 ? [true, false] : [false, true]) {
    const { db, ids } = await office();
    pair[feedOn ? 'on' : 'off'] = timed(db, page(ids, round), feedOn);
    if (feedOn)
      recorded = (db.sqlite.prepare('SELECT count(*) AS n FROM sync_activity').get() as { n: number }).n;
    db.close();
  }
  on.push(pair.on);
  off.push(pair.off);
  ratios.push(pair.on / pair.off);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
console.log(
  `feed on: ${on.map((x) => x.toFixed(0)).join(' ')} ms; off: ${off.map((x) => x.toFixed(0)).join(' ')} ms`,
);
console.log(`machine: ${execSync('uptime').toString().trim()}`);
console.log(
  `BENCH sync-activity apply_feed_ratio=${median(ratios).toFixed(2)} apply_on_ms=${median(on).toFixed(0)} apply_off_ms=${median(off).toFixed(0)} cells=${CELLS} recorded=${recorded}`,
);
