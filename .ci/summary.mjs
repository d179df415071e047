// Sums every test report under reports/ into the single line the CI reader expects.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const npmStatus = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;

if (existsSync('reports')) {
  for (const file of readdirSync('reports')) {
    if (!file.endsWith('.json') || file === 'bench.json') continue;
    const data = JSON.parse(readFileSync(`reports/${file}`, 'utf8'));
    if ('numPassedTests' in data) {
      // vitest / jest JSON report
      reports++;
      passed += data.numPassedTests;
      failed += data.numFailedTests;
      skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
      // A suite that failed to load has no tests but must still count as a failure.
      for (const suite of data.testResults ?? []) {
        if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed++;
      }
    } else if (data.stats && 'expected' in data.stats) {
      // Playwright JSON report
      reports++;
      passed += data.stats.expected + (data.stats.flaky ?? 0);
      failed += data.stats.unexpected;
      skipped += data.stats.skipped;
    }
  }
}
// Lint, typecheck or build failing before any test ran is still a failure.
if (npmStatus !== 0 && failed === 0) failed = 1;
if (reports === 0 && npmStatus === 0) failed = 1;

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
