// `npm test`: the whole suite — unit, integration, end-to-end in Chromium — in one vitest run,
// then one plain summary line `N passed, N failed` that CI reads.
import { buildIfStale } from './build-if-stale.mjs'
import { finish, runVitest } from './vitest-run.mjs'

buildIfStale() // the end-to-end tests drive the built app
finish(await runVitest(process.argv.slice(2)))
