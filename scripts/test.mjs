// `npm test`: the whole suite — unit, integration, end-to-end in Chromium — in one vitest run,
// then one plain summary line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildIfStale } from './build-if-stale.mjs'

const root = path.resolve(import.meta.dirname, '..')
buildIfStale() // the end-to-end tests drive the built app
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keel-vitest-')), 'report.json')
const args = process.argv.slice(2)
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
  { cwd: root, stdio: 'inherit' },
)
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
if (result.status !== 0 && failed === 0) failed = 1 // the runner itself failed (crash, no report)
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
