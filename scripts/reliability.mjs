// `npm run test:reliability`: every reliability suite at full size (docs/RELIABILITY.md), within
// 20 minutes. The 10-minute soak only waits on its own child server, so it runs beside the
// crash loop and the convergence seeds (no timing thresholds in either). The suites that judge
// latency and event-loop gaps (malformed input above all) run after both, on a quiet machine.
// Extra arguments go to every vitest run (e.g. -t <name>).
import fs from 'node:fs'
import path from 'node:path'
import { finish, runVitest } from './vitest-run.mjs'

const BESIDE_THE_SOAK = ['crash-loop', 'convergence']
const TIMED = ['malformed', 'offline-crash', 'disk', 'storm', 'slow-consumer']
// A new suite must be placed in one of the groups, or it would silently not run.
const dir = path.resolve(import.meta.dirname, '..', 'test', 'reliability')
const unplaced = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.rel.test.ts'))
  .map((f) => f.replace('.rel.test.ts', ''))
  .filter((n) => n !== 'soak' && !BESIDE_THE_SOAK.includes(n) && !TIMED.includes(n))
if (unplaced.length > 0) throw new Error(`scripts/reliability.mjs: place ${unplaced.join(', ')} in a group`)

const env = { KEEL_RELIABILITY: 'full' }
const suite = (...names) => ['--project', 'reliability', ...names.map((n) => `test/reliability/${n}.rel.test.ts`), ...process.argv.slice(2)]
const started = Date.now()
const beside = await Promise.all([runVitest(suite('soak'), env), runVitest(suite(...BESIDE_THE_SOAK), env)])
const timed = await runVitest(suite(...TIMED), env)
console.log(`\nreliability: full suites in ${((Date.now() - started) / 60_000).toFixed(1)} min`)
finish(...beside, timed)
