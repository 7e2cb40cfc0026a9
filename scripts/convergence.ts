// `npm run test:convergence [-- --ops N --desks D --seed S]`: the property-based convergence model of
// tests/sync/convergence-model.ts, run long: random operations and faults on D desktops (default 4) against two
// real server instances on Postgres (DATABASE_URL, else an embedded one) and Redis (REDIS_URL, when set), run
// after run (every other run through both instances) until N operations (default 10,000) were done. One line
// per run, then exactly one summary line:
//   CONVERGENCE runs=<n> ops=<n> divergent=<n> lost=<n>
// Exits 1 when any replica diverged or any acknowledged write was lost.
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { BULK_THRESHOLD } from '../src/backend/talent/repo.ts';
import { createTestDatabase } from '../tests/server/helpers.ts';
import { runScenario, scenarioArb } from '../tests/sync/convergence-model.ts';
import { Cluster } from '../tests/sync/convergence-net.ts';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '10000' },
    desks: { type: 'string', default: '4' },
    seed: { type: 'string' },
  },
});
const target = Number(values.ops);
const desks = Number(values.desks);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(target) || target < 1)
  throw new Error(`--ops must be a positive integer, not ${values.ops}`);
if (!Number.isInteger(desks) || desks < 4)
  throw new Error(`--desks must be an integer ≥ 4, not ${values.desks}`);

const tdb = await createTestDatabase('convlong');
const cluster = await Cluster.start(tdb);
let runs = 0;
let ops = 0;
let divergent = 0;
let lost = 0;
try {
  console.log(`convergence: ${desks} desktops, seed ${seed}, until ${target} operations`);
  while (ops < target) {
    const [scenario] = fc.sample(scenarioArb(desks, [1, 3, 20, BULK_THRESHOLD], 150, 250), {
      numRuns: 1,
      seed: seed + runs,
    });
    const instances = runs % 2 === 0 ? 1 : 2;
    const started = performance.now();
    const r = await runScenario(tdb, cluster, scenario!, { desks, instances });
    runs++;
    ops += r.ops;
    divergent += r.divergent;
    lost += r.lost;
    const ev = Object.entries(r.events)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    console.log(
      `run ${runs} (seed ${seed + runs - 1}, ${instances} instance${instances > 1 ? 's' : ''}): ${r.ops} ops, divergent ${r.divergent}, lost ${r.lost}, ${ev}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const p of r.problems.slice(0, 10)) console.log(`  ${p}`);
  }
} finally {
  await cluster.close();
  await tdb.drop();
}
console.log(`CONVERGENCE runs=${runs} ops=${ops} divergent=${divergent} lost=${lost}`);
process.exitCode = divergent > 0 || lost > 0 ? 1 : 0;
