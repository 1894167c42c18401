/**
 * keypress (issue #7 scenario 8): keydown → next frame in Chromium, as `runKeypress` in
 * scripts/bench/keypress.ts measures it (see that file: the built client on a Keel child process,
 * a document of `blocks` paragraphs, two remote typists, Keel's editor and a stock Tiptap +
 * Collaboration page in alternating rounds). It is a client figure: it runs once, in the Keel
 * column, and the other servers' cells are n/a. Its comparison point is the stock page on the
 * same server, shown in its own rows (and as Keel editor / stock page), and what the browser alone
 * costs for the same paragraphs (keypress/bare.ts: a plain contenteditable, no JavaScript).
 *
 * In the full run; not in a plain --quick run (no room in 60 s), where `--only keypress` runs it.
 * Smaller than keypress.ts's defaults (fewer keys and rounds); run keypress.ts on its own for
 * full-size figures. Skipped with a message when Chromium is absent (KEEL_CHROMIUM,
 * default /usr/bin/chromium). keypress.ts is imported only when the case runs, so the rest of the
 * suite does not depend on it. Its Keel is its own child process (server/test/child-server.ts):
 * --keel-root, --keel-env and --keel-node-arg do not apply to it.
 */
import fs from 'node:fs'
import type { BenchOptions, MetricDef, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { CHROMIUM } from '../../../test/e2e/browser.ts'

interface Size {
  keys: number
  blocks: number
  rounds: number
}

const METRICS: MetricDef[] = [
  { key: 'keelP50', label: 'Keel editor: keydown → next frame p50', unit: 'ms', better: 'lower' },
  { key: 'keelP95', label: 'Keel editor: p95', unit: 'ms', better: 'lower' },
  { key: 'peerP50', label: 'stock Tiptap + Collaboration page (same server): p50', unit: 'ms', better: 'lower' },
  { key: 'peerP95', label: 'stock page: p95', unit: 'ms', better: 'lower' },
  { key: 'ratioP95', label: 'Keel editor / stock page, p95', unit: 'x', better: 'lower' },
  { key: 'bareP50', label: 'plain contenteditable, same paragraphs, no JS: p50', unit: 'ms', better: 'lower' },
  { key: 'bareP95', label: 'plain contenteditable: p95', unit: 'ms', better: 'lower' },
]

async function runRound(size: Size, { sut, options }: RoundContext): Promise<RoundResult> {
  if (sut.name !== 'keel') return { metrics: {}, notes: Object.fromEntries(METRICS.map((m) => [m.key, 'Keel only (client)'])) }
  const { runKeypress } = await import('../keypress.ts')
  const r = await runKeypress({ ...size, log: (line) => options.log(`    keypress ${line}`) })
  const keel = r.variants.find((v) => v.name === 'keel')
  const peer = r.variants.find((v) => v.name === 'peer')
  const bare = r.variants.find((v) => v.name === 'bare')
  return {
    metrics: {
      keelP50: keel?.p50 ?? null,
      keelP95: keel?.p95 ?? null,
      peerP50: peer?.p50 ?? null,
      peerP95: peer?.p95 ?? null,
      ratioP95: r.ratios.keel?.p95 ?? null,
      bareP50: bare?.p50 ?? null,
      bareP95: bare?.p95 ?? null,
    },
  }
}

export const keypress: Scenario = {
  name: 'keypress',
  description: 'Chromium, built client: keydown → next frame, Keel editor vs a stock Tiptap page, 2 remote typists (Keel only)',
  cases(options: BenchOptions) {
    // --quick (<= 60 s) has no room for a browser round (~20 s even at 1,000 paragraphs); it runs
    // when named: --quick --only keypress.
    if (options.quick && !options.only?.includes('keypress')) {
      options.log('keypress: not in --quick (about 20 s); run it with --quick --only keypress')
      return []
    }
    if (!fs.existsSync(CHROMIUM)) {
      options.log(`keypress: no Chromium at ${CHROMIUM} (set KEEL_CHROMIUM); skipping`)
      return []
    }
    const size: Size = options.quick ? { keys: 40, blocks: 1000, rounds: 1 } : { keys: 80, blocks: 5000, rounds: 1 }
    return [
      {
        label: `${size.blocks.toLocaleString('en-US')} paragraphs, ${size.keys} keys per page, ${size.rounds} round(s) per page`,
        rounds: 1,
        metrics: METRICS,
        run: (ctx: RoundContext) => runRound(size, ctx),
      },
    ]
  },
}
