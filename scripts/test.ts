// `npm test`: every stage runs, even after one fails (a lint error must not hide the end-to-end tests), and the
// counts come from the runners' JSON reports, never from their text. Ends with one plain closing line,
// "N passed, N failed, N skipped", and exits non-zero when a stage failed, a count could not be read, or a test
// stage ran no test. Electron tests that cannot run here (no binary) are named as left out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reports = join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const bin = (name: string) => join(root, 'node_modules/.bin', name);

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
interface Stage {
  name: string;
  ok: boolean;
  counts?: Counts;
  problem?: string;
}
const stages: Stage[] = [];

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** A stage whose tests are counted: fails when it exited non-zero, its report is unreadable, or it ran none. */
function counted(name: string, status: number, counts: Counts | undefined): void {
  let problem: string | undefined;
  if (!counts) problem = 'its JSON report could not be read';
  else if (counts.passed + counts.failed === 0) problem = 'it ran no test';
  else if (status !== 0 && counts.failed === 0) problem = `it exited ${status} with no failed test`;
  stages.push({ name, ok: status === 0 && !problem, counts, problem });
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
const v = readJson<{
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}>(vitestReport);
counted(
  'unit (vitest)',
  unitStatus,
  v && { passed: v.numPassedTests, failed: v.numFailedTests, skipped: v.numPendingTests + v.numTodoTests },
);

// 4. End-to-end tests (Playwright, through the browser host; Electron where a binary exists).
interface PwStats {
  expected: number;
  unexpected: number;
  flaky: number;
  skipped: number;
}
const pwReport = join(reports, 'playwright.json');
rmSync(pwReport, { force: true });
let e2eStatus = run('npm', ['run', '--silent', 'build']);
if (e2eStatus === 0) e2eStatus = run(process.execPath, ['scripts/ensure-browser.ts']);
// Playwright writes its JSON report to test-results/playwright.json (playwright.config.ts).
if (e2eStatus === 0) e2eStatus = run(bin('playwright'), ['test']);
const pw = readJson<{ stats: PwStats }>(pwReport)?.stats;
counted(
  'end-to-end (playwright)',
  e2eStatus,
  pw && { passed: pw.expected + pw.flaky, failed: pw.unexpected, skipped: pw.skipped },
);

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
  const list = spawnSync(bin('playwright'), ['test', '--list', '--reporter=json'], {
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
  for (const s of listed?.suites ?? []) if (s.title.startsWith('electron/')) walk(s, s.title);
  if (!listed)
    stages.push({ name: 'electron list', ok: false, problem: 'could not list the Electron tests' });
}

// The summary.
const total = { passed: 0, failed: 0, skipped: 0 };
console.log('\nTest summary');
for (const s of stages) {
  const c = s.counts;
  if (c) {
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  const figures = c ? `: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : '';
  console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name}${figures}${s.problem ? ` (${s.problem})` : ''}`);
}
if (leftOut.length) {
  console.log(
    `  left out: ${leftOut.length} Electron test(s), no Electron binary here (ELECTRON_OVERRIDE_DIST_PATH):`,
  );
  for (const t of leftOut) console.log(`    - ${t}`);
}
const failedStages = stages.filter((s) => !s.ok).length;
// A failed stage with no failed test (lint, types, an unreadable report) still counts as one failure.
const failed = total.failed + stages.filter((s) => !s.ok && !s.counts?.failed).length;
console.log(`${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
process.exit(failedStages ? 1 : 0);
