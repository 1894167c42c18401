import type { ServerUnderTest } from './servers.ts'
import { fmt, medianOrNull } from './stats.ts'
import type { MetricDef, RoundResult } from './types.ts'

/** Every round's figures for one case, per server, and the medians the report shows. */
export interface CaseReport {
  scenario: string
  case: string
  rounds: number
  metrics: (MetricDef & {
    /** Per server: the figure of each round (null = n/a). */
    values: Record<string, (number | null)[]>
    median: Record<string, number | null>
    /** keel median / peer median, per peer. */
    ratio: Record<string, number | null>
    /** keel median / the best peer median (by the metric's direction), and which peer that is. */
    best: { peer: string; ratio: number } | null
    notes: Record<string, string>
  })[]
  errors: Record<string, string[]>
}

export function summarize(
  scenario: string,
  label: string,
  metricDefs: MetricDef[],
  servers: readonly Pick<ServerUnderTest, 'name' | 'floor'>[],
  results: Map<string, RoundResult[]>,
  errors: Record<string, string[]>,
  rounds: number,
): CaseReport {
  const [base, ...peers] = servers
  return {
    scenario,
    case: label,
    rounds,
    errors,
    metrics: metricDefs.map((def) => {
      const values: Record<string, (number | null)[]> = {}
      const med: Record<string, number | null> = {}
      const notes: Record<string, string> = {}
      for (const s of servers) {
        const rs = results.get(s.name) ?? []
        values[s.name] = rs.map((r) => r.metrics[def.key] ?? null)
        med[s.name] = medianOrNull(values[s.name]!)
        const note = rs.find((r) => r.notes?.[def.key])?.notes?.[def.key]
        if (note) notes[s.name] = note
      }
      const ratio: Record<string, number | null> = {}
      for (const p of peers) {
        const a = med[base!.name]
        const b = med[p.name]
        ratio[p.name] = a != null && b != null ? (a === b ? 1 : b !== 0 ? a / b : null) : null
      }
      // The best peer by median; its ratio is n/a when keel > 0 and that peer's median is 0.
      let bestPeer: string | null = null
      for (const p of peers) {
        if (p.floor) continue // a floor (the relay) shows what no server can beat; it is not a peer
        const b = med[p.name]
        if (b == null) continue
        const current = bestPeer ? med[bestPeer]! : null
        if (current === null || (def.better === 'lower' ? b < current : b > current)) bestPeer = p.name
      }
      const a = med[base!.name]
      const bestRatio = bestPeer && a != null ? (a === med[bestPeer] ? 1 : ratio[bestPeer]) : null
      const best = bestPeer && bestRatio != null ? { peer: bestPeer, ratio: bestRatio } : null
      return { ...def, values, median: med, ratio, best, notes }
    }),
  }
}

/** Markdown: one table per scenario; the first server is Keel, the others are peers. */
export function markdown(reports: CaseReport[], servers: readonly Pick<ServerUnderTest, 'name' | 'floor'>[]): string {
  const [base, ...peers] = servers
  const out: string[] = []
  const header = [
    'case',
    'metric',
    ...servers.map((s) => s.name),
    ...(peers.length > 1 ? [`${base!.name}/best peer`] : []),
    ...peers.map((p) => `${base!.name}/${p.name}`),
  ]
  let current = ''
  for (const r of reports) {
    if (r.scenario !== current) {
      current = r.scenario
      out.push('', `### ${r.scenario}`, '', `| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`)
    }
    const caseLabel = `${r.case} (median of ${r.rounds})`
    r.metrics.forEach((m, i) => {
      const cells = servers.map((s) => {
        const v = fmt(m.median[s.name])
        const note = m.notes[s.name]
        return note ? `${v} (${note})` : v
      })
      const ratios = peers.map((p) => {
        const x = m.ratio[p.name]
        return x == null ? 'n/a' : `${x.toFixed(2)}x`
      })
      if (peers.length > 1) ratios.unshift(m.best ? `${m.best.ratio.toFixed(2)}x (${m.best.peer})` : 'n/a')
      const arrow = m.better === 'lower' ? '↓' : '↑'
      out.push(`| ${i === 0 ? caseLabel : ''} | ${m.label} (${m.unit}) ${arrow} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`)
    })
    for (const [server, errs] of Object.entries(r.errors)) {
      if (errs.length > 0) out.push(`| | **errors (${server})** | ${errs.map((e) => e.replace(/\|/g, '/').replace(/\n/g, ' ')).join('; ')} | |`)
    }
  }
  out.push(
    '',
    '↓ lower is better, ↑ higher is better; ratio = keel median / peer median' +
      (peers.length > 1 ? '; "best peer" = the peer with the better median on that row (named in brackets)' : '') +
      (peers.some((p) => p.floor)
        ? '; the relay is a floor (keeps nothing, forwards bytes), never the best peer, and runs only where a floor means something.'
        : '.'),
  )
  return out.join('\n')
}
