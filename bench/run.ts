// `npm run bench -- NAME [args]` runs bench/NAME.ts in its own process, so each benchmark's peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
const names = name ? [name] : available;
for (const n of names) {
  const file = join(here, `${n}.ts`);
  if (!existsSync(file)) {
    console.error(`Unknown benchmark "${n}". Available: ${available.join(', ')}`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, ['--expose-gc', file, ...rest], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
