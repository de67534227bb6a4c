// Prints the run's total as one plain line, `N passed, N failed`, from Vitest's JSON report(s).
// Usage: node scripts/print-total.mjs [report.json ...]
import { existsSync, readFileSync } from 'node:fs'

const reports = process.argv.slice(2)
let passed = 0
let failed = 0
let found = 0
for (const file of reports) {
  if (!existsSync(file)) continue
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests ?? 0
  failed += report.numFailedTests ?? 0
  // A suite that failed to load has no tests to count: count it as one failure.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1
  }
  // An unhandled error or a startup error fails the run without failing a test: count it.
  if (report.success === false && (report.numFailedTests ?? 0) === 0) failed += 1
  found += 1
}
// No report means the run stopped before the tests (lint or typecheck failed): say so as a failure.
if (found === 0) failed += 1
console.log(`${passed} passed, ${failed} failed`)
