// The counting half of `npm test` (scripts/test.ts), pure so that tests/setup/test-summary.test.ts can feed it
// reports: what a stage's JSON report says, when a stage counts as failed, and the closing line.

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
export interface Stage {
  name: string;
  ok: boolean;
  counts?: Counts;
  problem?: string;
  /** The failed tests by name, with the first line of each error: printed next to the closing line. */
  failures?: string[];
}

const firstLine = (m: unknown): string =>
  typeof m === 'string' ? (m.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 200) : '';

/** The failed tests in Vitest's JSON report. */
export function vitestFailures(report: unknown): string[] {
  const files = (report as { testResults?: unknown })?.testResults;
  if (!Array.isArray(files)) return [];
  const out: string[] = [];
  for (const f of files as {
    name?: string;
    message?: string;
    status?: string;
    assertionResults?: unknown;
  }[]) {
    const file = typeof f.name === 'string' ? f.name.replace(/^.*?\/tests\//, 'tests/') : '?';
    const tests = Array.isArray(f.assertionResults)
      ? (f.assertionResults as { fullName?: string; status?: string; failureMessages?: unknown[] }[])
      : [];
    for (const t of tests)
      if (t.status === 'failed')
        out.push(`${file} › ${t.fullName ?? '?'}: ${firstLine(t.failureMessages?.[0])}`);
    // A file that failed to load has no failed test of its own.
    if (f.status === 'failed' && !tests.some((t) => t.status === 'failed'))
      out.push(`${file}: ${firstLine(f.message) || 'failed to run'}`);
  }
  return out;
}

/** The failed tests in Playwright's JSON report (status "unexpected": failed on every try). */
export function playwrightFailures(report: unknown): string[] {
  interface Suite {
    title?: string;
    file?: string;
    specs?: {
      title?: string;
      tests?: { projectName?: string; status?: string; results?: { error?: { message?: unknown } }[] }[];
    }[];
    suites?: Suite[];
  }
  const out: string[] = [];
  const walk = (s: Suite, file: string) => {
    for (const spec of s.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected') {
          const last = t.results?.[t.results.length - 1];
          out.push(
            `[${t.projectName ?? '?'}] ${file} › ${spec.title ?? '?'}: ${firstLine(last?.error?.message)}`,
          );
        }
    for (const c of s.suites ?? []) walk(c, file);
  };
  const suites = (report as { suites?: Suite[] })?.suites;
  for (const s of Array.isArray(suites) ? suites : []) walk(s, s.file ?? s.title ?? '?');
  return out;
}

/** Vitest's JSON reporter. */
export function vitestCounts(report: unknown): Counts | undefined {
  const r = report as Partial<
    Record<'numPassedTests' | 'numFailedTests' | 'numPendingTests' | 'numTodoTests', unknown>
  >;
  const n = [r?.numPassedTests, r?.numFailedTests, r?.numPendingTests, r?.numTodoTests];
  if (!n.every((x) => typeof x === 'number')) return undefined;
  const [passed, failed, pending, todo] = n as number[];
  return { passed: passed!, failed: failed!, skipped: pending! + todo! };
}

/** Playwright's JSON reporter: a flaky test passed on a retry. */
export function playwrightCounts(report: unknown): Counts | undefined {
  const s = (report as { stats?: Partial<Record<'expected' | 'unexpected' | 'flaky' | 'skipped', unknown>> })
    ?.stats;
  const n = [s?.expected, s?.unexpected, s?.flaky, s?.skipped];
  if (!n.every((x) => typeof x === 'number')) return undefined;
  const [expected, unexpected, flaky, skipped] = n as number[];
  return { passed: expected! + flaky!, failed: unexpected!, skipped: skipped! };
}

/** A stage whose tests are counted: failed when it exited non-zero, its report is unreadable, or it ran none. */
export function countedStage(name: string, status: number, counts: Counts | undefined): Stage {
  let problem: string | undefined;
  if (!counts) problem = 'its JSON report could not be read';
  else if (counts.passed + counts.failed === 0) problem = 'it ran no test';
  else if (status !== 0 && counts.failed === 0) problem = `it exited ${status} with no failed test`;
  return { name, ok: status === 0 && !problem, counts, problem };
}

/** The summary's lines, the closing line last, and whether the run passed. */
export function summarize(
  stages: readonly Stage[],
  leftOut: readonly string[],
): { lines: string[]; ok: boolean } {
  const lines = ['Test summary'];
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const s of stages) {
    const c = s.counts;
    if (c) {
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    }
    const figures = c ? `: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : '';
    lines.push(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name}${figures}${s.problem ? ` (${s.problem})` : ''}`);
  }
  if (leftOut.length) {
    lines.push(
      `  left out: ${leftOut.length} Electron test(s), no Electron binary here (ELECTRON_OVERRIDE_DIST_PATH):`,
    );
    for (const t of leftOut) lines.push(`    - ${t}`);
  }
  // Failures last, next to the closing line, so that the tail of a CI log names them.
  for (const s of stages)
    if (s.failures?.length) {
      lines.push(`  failed in ${s.name}:`);
      for (const f of s.failures) lines.push(`    x ${f}`);
    }
  // A failed stage with no failed test of its own (lint, types, an unreadable report) counts as one failure.
  const failed = total.failed + stages.filter((s) => !s.ok && !s.counts?.failed).length;
  lines.push(`${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
  return { lines, ok: stages.every((s) => s.ok) };
}
