// Prints the plain closing line CI reads: "N passed, N failed" (skipped tests are counted apart).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${failed} failed`;
    process.stdout.write(`\n${results.numPendingTests ? `${line}, ${results.numPendingTests} skipped` : line}\n`);
  }
}
module.exports = SummaryReporter;
