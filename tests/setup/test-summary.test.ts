// The closing line of `npm test` comes from the runners' JSON reports and fails a run that ran nothing.
import { describe, expect, it } from 'vitest';
import {
  countedStage,
  playwrightCounts,
  playwrightFailures,
  summarize,
  vitestCounts,
  vitestFailures,
} from '../../scripts/test-summary.ts';

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

  it('names each failed test with the first line of its error, just above the closing line', () => {
    const unit = vitestFailures({
      testResults: [
        {
          name: '/tmp/ci/tests/sync/pull.test.ts',
          status: 'failed',
          assertionResults: [
            { fullName: 'pull › applies a page', status: 'passed', failureMessages: [] },
            {
              fullName: 'pull › resumes',
              status: 'failed',
              failureMessages: ['AssertionError: expected 3 to be 4\n    at pull.test.ts:10'],
            },
          ],
        },
        {
          name: '/tmp/ci/tests/talent/csv.test.ts',
          status: 'failed',
          message: 'SyntaxError: bad',
          assertionResults: [],
        },
        { name: '/tmp/ci/tests/talent/ok.test.ts', status: 'passed', assertionResults: [] },
      ],
    });
    expect(unit).toEqual([
      'tests/sync/pull.test.ts › pull › resumes: AssertionError: expected 3 to be 4',
      'tests/talent/csv.test.ts: SyntaxError: bad',
    ]);
    const e2e = playwrightFailures({
      suites: [
        {
          file: 'e2e/chat.spec.ts',
          specs: [],
          suites: [
            {
              title: 'inner',
              specs: [
                {
                  title: 'streams',
                  tests: [
                    {
                      projectName: 'browser',
                      status: 'unexpected',
                      results: [{ error: { message: 'Timeout 5000ms' } }],
                    },
                    { projectName: 'browser', status: 'flaky', results: [] },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(e2e).toEqual(['[browser] e2e/chat.spec.ts › streams: Timeout 5000ms']);
    const { lines } = summarize(
      [{ ...countedStage('unit', 1, { passed: 1, failed: 1, skipped: 0 }), failures: unit.slice(0, 1) }],
      ['electron/app.spec.ts › starts'],
    );
    expect(lines.slice(-3)).toEqual([
      '  failed in unit:',
      '    x tests/sync/pull.test.ts › pull › resumes: AssertionError: expected 3 to be 4',
      '1 passed, 1 failed, 0 skipped',
    ]);
    expect(vitestFailures(undefined)).toEqual([]);
    expect(playwrightFailures({})).toEqual([]);
  });
});
