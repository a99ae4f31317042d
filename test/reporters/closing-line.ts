import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `N passed, N failed`, as the very last line of the run.
 * CI reads exactly that line (nothing before or after it on the line) to know how many tests
 * ran; vitest's coloured summary table is not a format it recognises. Skipped tests count in
 * neither number.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
      }
      // A file that failed to load has no tests but must not read as green.
      if (module.state() === 'failed' && ![...module.children.allTests()].length) failed += 1;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
