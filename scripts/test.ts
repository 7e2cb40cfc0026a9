// `npm test`: every stage runs, even after one fails (a lint error must not hide the end-to-end tests), and the
// counts come from the runners' JSON reports, never from their text. Ends with one plain closing line,
// "N passed, N failed, N skipped", and exits non-zero when a stage failed, a count could not be read, or a test
// stage ran no test. Electron tests that cannot run here (no binary) are named as left out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  countedStage,
  playwrightCounts,
  playwrightFailures,
  type Stage,
  summarize,
  vitestCounts,
  vitestFailures,
} from './test-summary.ts';

const root = join(import.meta.dirname, '..');
const reports = join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const bin = (name: string) => join(root, 'node_modules/.bin', name);

const stages: Stage[] = [];

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

// 1. Format, lint and import boundaries; 2. types.
stages.push({ name: 'lint', ok: run('npm', ['run', '--silent', 'lint']) === 0 });
stages.push({ name: 'typecheck', ok: run('npm', ['run', '--silent', 'typecheck']) === 0 });

// 3. Unit tests (Vitest).
const vitestReport = join(reports, 'vitest.json');
rmSync(vitestReport, { force: true });
const unitStatus = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
const unitJson = readJson(vitestReport);
stages.push({
  ...countedStage('unit (vitest)', unitStatus, vitestCounts(unitJson)),
  failures: vitestFailures(unitJson),
});

// 4. End-to-end tests (Playwright, through the browser host; Electron where a binary exists).
const pwReport = join(reports, 'playwright.json');
rmSync(pwReport, { force: true });
let e2eStatus = run('npm', ['run', '--silent', 'build']);
if (e2eStatus === 0) e2eStatus = run(process.execPath, ['scripts/ensure-browser.ts']);
// Playwright writes its JSON report to test-results/playwright.json (playwright.config.ts).
if (e2eStatus === 0) e2eStatus = run(bin('playwright'), ['test']);
const pwJson = readJson(pwReport);
stages.push({
  ...countedStage('end-to-end (playwright)', e2eStatus, playwrightCounts(pwJson)),
  failures: playwrightFailures(pwJson),
});

// 5. Electron tests left out here, by name (listed, not run).
const electronHere =
  Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH) || existsSync(join(root, 'node_modules/electron/dist'));
const leftOut: string[] = [];
if (!electronHere) {
  interface Suite {
    title: string;
    specs?: { title: string }[];
    suites?: Suite[];
  }
  // The `electron` project: the journeys of tests/e2e run again in the desktop app, plus tests/electron.
  const list = spawnSync(bin('playwright'), ['test', '--list', '--reporter=json', '--project=electron'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CASTMATCH_LIST_ELECTRON: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  let listed: { suites: Suite[] } | undefined;
  try {
    listed = JSON.parse(list.stdout) as { suites: Suite[] };
  } catch {
    listed = undefined;
  }
  const walk = (s: Suite, file: string) => {
    for (const spec of s.specs ?? []) leftOut.push(`${file} › ${spec.title}`);
    for (const child of s.suites ?? []) walk(child, file);
  };
  for (const s of listed?.suites ?? []) walk(s, s.title);
  if (!listed)
    stages.push({ name: 'electron list', ok: false, problem: 'could not list the Electron tests' });
}

const summary = summarize(stages, leftOut);
console.log(`\n${summary.lines.join('\n')}`);
process.exit(summary.ok ? 0 : 1);
