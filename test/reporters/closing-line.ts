import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `N passed, N failed`, as the very last line of the run.
 * CI reads exactly that line (nothing before or after it on the line) to know how many tests
 * ran; vitest's coloured summary table is not a format it recognises. Skipped tests count in
 * neither number.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = [], reason?: string): void {
    let passed = 0;
    let failed = 0;
    for (const module of testModules) {
      const failedBefore = failed;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
      }
      // A file that failed to load, or whose setup hook failed (its tests then read as skipped),
      // must not read as green.
      if (module.state() === 'failed' && failed === failedBefore) failed += 1;
    }
    // Errors outside any test (an unhandled rejection, a failing global setup) fail the run too.
    failed += unhandledErrors.length;
    // A run that failed before any test (its global setup) is no green run either.
    if (reason === 'failed' && failed === 0) failed = 1;
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
