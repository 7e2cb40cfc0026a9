// `npm run bench -- sync-capture [rows]`: what capturing local writes for sync costs a 100k-row CSV import, sync on
// over sync off, best of 3 each (bench/_sync-import.ts). Target ≤ 1.3×. `bench -- sync` reports it too.
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { measureImportOverhead } from './_sync-import.ts';

const N = Number(process.argv[2] ?? 100_000);
const root = resolve('bench/.tmp/sync-capture');
rmSync(root, { recursive: true, force: true });
const load = () => execSync('uptime').toString().trim();
console.log(`machine: ${load()}`);
const r = await measureImportOverhead(root, N, 3, false, (s) => console.log(s));
rmSync(root, { recursive: true, force: true });
console.log(`machine: ${load()}`);
console.log(
  `BENCH sync-capture import_overhead_ratio=${r.ratio.toFixed(2)} import_off_s=${r.offS.toFixed(2)} import_on_s=${r.onS.toFixed(2)}`,
);
