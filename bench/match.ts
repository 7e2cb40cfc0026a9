// `npm run bench -- match`: rank a 100k-profile office for a role with a full brief (gender, playing age,
// two languages with a minimum fluency, skills, dialect, city, height, build, a description for text
// relevance, past shortlists), through the module the UI calls (match/rank.ts rankRole), against a plain
// filtered search of the same hard filters (talent/search.ts, the Talent screen's) in the same run.
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  addToShortlist,
  createProject,
  createRole,
  moveShortlistEntry,
} from '../src/backend/casting/repo.ts';
import { hardFilters, saveBrief } from '../src/backend/match/brief.ts';
import { rankRole } from '../src/backend/match/rank.ts';
import { databaseFile, openDatabase } from '../src/backend/store/db.ts';
import { seedDemo } from '../src/backend/talent/demo.ts';
import { analyzeAfterBulkInsert } from '../src/backend/talent/repo.ts';
import { searchTalent } from '../src/backend/talent/search.ts';

const N = 100_000;
const RUNS = 15;
const dir = resolve('bench/.tmp/match');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const db = await openDatabase(databaseFile(dir));
const t0 = performance.now();
seedDemo(db, N, 2026);
analyzeAfterBulkInsert(db);
console.log(`seeded ${N} demo profiles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const project = createProject(db, { name: 'Shadow Line' });
const role = createRole(db, {
  projectId: project.id,
  name: 'Inspector Meera Kale',
  description:
    'A tough, quiet police inspector from a Pune chawl who rides a motorbike and boxes at dawn; theatre training, ' +
    'comfortable with stage combat and long Marathi monologues.',
  ageMin: 28,
  ageMax: 38,
  gender: 'female',
  languages: ['Marathi', 'Hindi'],
});
saveBrief(db, role.id, {
  languages: [
    { language: 'Marathi', minFluency: 4 },
    { language: 'Hindi', minFluency: 3 },
  ],
  skills: ['Motorbike riding', 'Boxing', 'Stage combat'],
  dialects: ['Bambaiya'],
  cities: ['Mumbai', 'Pune'],
  heightMin: 155,
  heightMax: 172,
  build: 'Athletic',
});
// Past shortlists on other roles: 400 people considered, some booked.
const other = createRole(db, { projectId: project.id, name: 'Constable Pawar' });
const ids = db.sqlite.prepare('SELECT id FROM talent ORDER BY rowid LIMIT 400').all() as { id: string }[];
for (const [i, { id }] of ids.entries()) {
  const entries = addToShortlist(db, other.id, id);
  if (i % 10 === 0) {
    const e = entries.find((x) => x.talent.id === id)!;
    moveShortlistEntry(db, e.id, 'booked', null);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => unknown) => {
  fn(); // warm the statement cache and the page cache
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    fn();
    xs.push(performance.now() - s);
  }
  return median(xs);
};

const result = rankRole(db, { roleId: role.id, limit: 100 });
const filters = hardFilters(role, result.brief);
const searchMs = time(() => searchTalent(db, { filters, sort: 'name', limit: 100 }));
const rankMs = time(() => rankRole(db, { roleId: role.id, limit: 100 }));
const top = result.candidates[0]!;
console.log(
  `hard filters pass ${result.total} of ${N}; top score ${top.score}: ${top.talent.fullName} — ${top.reasons.map((r) => `${r.criterion} ${r.points}/${r.maxPoints}`).join(', ')}`,
);
console.log(
  `plain filtered search (same hard filters, first page): ${searchMs.toFixed(2)} ms (median of ${RUNS})`,
);
console.log(
  `rank (score every candidate, top 100 with reasons): ${rankMs.toFixed(2)} ms (median of ${RUNS})`,
);
db.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  `BENCH match rank_100k_ms=${rankMs.toFixed(1)} ratio_vs_search=${(rankMs / searchMs).toFixed(2)}`,
);
