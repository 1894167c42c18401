// Runs vitest in a child process with a JSON report and returns its counts, for the scripts that
// end with the plain `N passed, N failed` line CI reads (test.mjs, reliability.mjs).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

/** @returns {Promise<{ passed: number, failed: number, skipped: number }>} */
export function runVitest(args, env = {}) {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keel-vitest-')), 'report.json')
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  )
  return new Promise((resolve) => {
    child.on('exit', (status) => resolve(countsOf(report, status)))
  })
}

function countsOf(report, status) {
  let passed = 0
  let failed = 0
  let skipped = 0
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'))
    passed = json.numPassedTests
    // A file that failed without a failing test (an import error, a crash in a hook) counts once.
    const brokenFiles = (json.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
    ).length
    failed = json.numFailedTests + brokenFiles
    skipped = json.numPendingTests + json.numTodoTests
  }
  if (status !== 0 && failed === 0) failed = 1 // the runner itself failed (crash, no report)
  return { passed, failed, skipped }
}

/** Prints the summary line and exits: non-zero when anything failed or nothing ran. */
export function finish(...results) {
  const sum = (k) => results.reduce((n, r) => n + r[k], 0)
  const [passed, failed, skipped] = [sum('passed'), sum('failed'), sum('skipped')]
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exit(failed > 0 || passed === 0 ? 1 : 0)
}
