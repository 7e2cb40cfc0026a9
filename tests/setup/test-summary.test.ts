// The closing line of `npm test` comes from the runners' JSON reports and fails a run that ran nothing.
import { describe, expect, it } from 'vitest';
import { countedStage, playwrightCounts, summarize, vitestCounts } from '../../scripts/test-summary.ts';

describe('npm test summary', () => {
  it('reads Vitest and Playwright reports, skipped and flaky included', () => {
    expect(
      vitestCounts({ numPassedTests: 40, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1 }),
    ).toEqual({
      passed: 40,
      failed: 1,
      skipped: 3,
    });
    expect(playwrightCounts({ stats: { expected: 20, unexpected: 0, flaky: 1, skipped: 2 } })).toEqual({
      passed: 21,
      failed: 0,
      skipped: 2,
    });
    expect(vitestCounts(undefined)).toBeUndefined();
    expect(vitestCounts({ numPassedTests: '40' })).toBeUndefined();
    expect(playwrightCounts({ suites: [] })).toBeUndefined();
  });

  it('fails a stage that ran no test, could not be read, or exited badly with nothing failed', () => {
    expect(countedStage('unit', 0, { passed: 0, failed: 0, skipped: 5 })).toMatchObject({
      ok: false,
      problem: 'it ran no test',
    });
    expect(countedStage('unit', 0, undefined)).toMatchObject({
      ok: false,
      problem: 'its JSON report could not be read',
    });
    expect(countedStage('e2e', 1, { passed: 3, failed: 0, skipped: 0 })).toMatchObject({ ok: false });
    expect(countedStage('e2e', 1, { passed: 3, failed: 2, skipped: 0 })).toMatchObject({
      ok: false,
      problem: undefined,
    });
    expect(countedStage('e2e', 0, { passed: 3, failed: 0, skipped: 1 })).toMatchObject({ ok: true });
  });

  it('adds the stages up, names the Electron tests left out, and counts a failed lint as a failure', () => {
    const { lines, ok } = summarize(
      [
        { name: 'lint', ok: false },
        { name: 'typecheck', ok: true },
        countedStage('unit', 0, { passed: 10, failed: 0, skipped: 1 }),
        countedStage('e2e', 1, { passed: 5, failed: 2, skipped: 0 }),
      ],
      ['electron/app.spec.ts › starts'],
    );
    expect(ok).toBe(false);
    expect(lines).toContain('  FAIL lint');
    expect(lines).toContain('    - electron/app.spec.ts › starts');
    expect(lines.at(-1)).toBe('15 passed, 3 failed, 1 skipped');
    expect(summarize([countedStage('unit', 0, { passed: 2, failed: 0, skipped: 0 })], []).ok).toBe(true);
  });
});
