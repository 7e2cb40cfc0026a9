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
  // A failed stage with no failed test of its own (lint, types, an unreadable report) counts as one failure.
  const failed = total.failed + stages.filter((s) => !s.ok && !s.counts?.failed).length;
  lines.push(`${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
  return { lines, ok: stages.every((s) => s.ok) };
}
