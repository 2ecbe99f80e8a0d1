// Writes the run's counts for scripts/test.mjs, which prints the closing "N passed, N failed" line last.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS reporter for jest */
const { writeFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.JEST_SUMMARY_FILE;
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    if (file) writeFileSync(file, JSON.stringify(summary));
    else process.stdout.write(`\n${summary.passed} passed, ${summary.failed} failed\n`);
  }
}
module.exports = SummaryReporter;
