/**
 * Summarises a Chrome trace of scenario 8 (keypress.ts --trace): on the renderer's main thread,
 * the self time of every event name (complete events, nested ones subtracted from their parent),
 * thread CPU time where the trace has it (`tdur`), so the page's rendering work (style, layout,
 * pre-paint, paint, commit…) is split out of what a JS profile calls "(program)".
 *
 *   node --import tsx scripts/bench/keypress/trace-summary.ts trace.json [--per 150] [--top 30]
 */
import fs from 'node:fs'

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string }
}

export interface TraceRow {
  name: string
  selfMs: number
  selfCpuMs: number
  count: number
}

/** Self time per event name on the renderer main thread (CrRendererMain), largest first. */
export function summariseTrace(events: readonly TraceEvent[]): TraceRow[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  if (!main) throw new Error('no CrRendererMain thread in the trace')
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const rows = new Map<string, TraceRow>()
  const stack: Array<{ e: TraceEvent; child: number; childCpu: number }> = []
  const close = (until: number): void => {
    while (stack.length && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= until) {
      const top = stack.pop()!
      let r = rows.get(top.e.name)
      if (!r) rows.set(top.e.name, (r = { name: top.e.name, selfMs: 0, selfCpuMs: 0, count: 0 }))
      r.selfMs += (top.e.dur! - top.child) / 1000
      r.selfCpuMs += ((top.e.tdur ?? top.e.dur!) - top.childCpu) / 1000
      r.count++
      const parent = stack[stack.length - 1]
      if (parent) {
        parent.child += top.e.dur!
        parent.childCpu += top.e.tdur ?? top.e.dur!
      }
    }
  }
  for (const e of mine) {
    close(e.ts)
    stack.push({ e, child: 0, childCpu: 0 })
  }
  close(Number.POSITIVE_INFINITY)
  return [...rows.values()].sort((a, b) => b.selfCpuMs - a.selfCpuMs)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: trace-summary.ts <trace.json> [--per N] [--top N]')
  const opt = (name: string, def: number): number => {
    const i = process.argv.indexOf(`--${name}`)
    return i >= 0 ? Number(process.argv[i + 1]) : def
  }
  const per = opt('per', 1)
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[]
  const rows = summariseTrace(Array.isArray(raw) ? raw : raw.traceEvents)
  const f = (ms: number) => (ms / per).toFixed(2).padStart(8)
  console.log(`  self-cpu   self-wall  count  event (per 1/${per})`)
  for (const r of rows.slice(0, opt('top', 30)))
    console.log(`${f(r.selfCpuMs)}   ${f(r.selfMs)}  ${String(Math.round((r.count / per) * 10) / 10).padStart(5)}  ${r.name}`)
}
