// Prints the plain `N passed, N failed` line CI reads, from vitest JSON reports:
//   node .ci/summary.mjs [--exit-code N] [--check "name=exitcode"]... report.json...
// A missing report counts as one failure (the step never got to write it), and
// so does a test file that failed with no failed test in it (it did not load,
// or a hook threw). With --exit-code, a step that failed while every counted
// test passed (e.g. an unhandled error) also counts as one failure. Each --check is
// one more test: passed when its exit code is 0.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const exitCodeAt = args.indexOf('--exit-code');
const exitCode = exitCodeAt >= 0 ? Number(args.splice(exitCodeAt, 2)[1]) : 0;

let passed = 0, failed = 0, skipped = 0;
for (let at = args.indexOf('--check'); at >= 0; at = args.indexOf('--check')) {
    const [name, code] = args.splice(at, 2)[1].split(/=(?=[^=]*$)/);
    if (Number(code) === 0) passed++;
    else { failed++; console.log(`failed check: ${name} (exit ${code})`); }
}
for (const file of args) {
    if (!existsSync(file)) { failed++; continue; }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.testResults.filter(fileFailedWithoutFailedTest).length;
    skipped += report.numPendingTests + report.numTodoTests;
}
if (exitCode !== 0 && failed === 0) failed = 1;
if (skipped) console.log(`${skipped} skipped`);
// CI reads the last line: exactly "N passed, N failed".
console.log(`${passed} passed, ${failed} failed`);

function fileFailedWithoutFailedTest(result) {
    return result.status === 'failed' && !result.assertionResults.some(test => test.status === 'failed');
}
