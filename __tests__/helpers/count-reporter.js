/**
 * Prints the plain closing line CI reads ("N passed, N failed"), since Jest's own summary is not
 * in that form. It is written as the process exits, so it comes after Jest's summary.
 */
export default class CountReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
    const line = `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
    process.once('exit', () => process.stderr.write(`\n${line}\n`))
  }
}
