/**
 * Summarises a V8 CPU profile (.cpuprofile, as Chrome DevTools' Profiler.stop returns it) by
 * function: self time (samples whose top frame is the function) and total time (samples with the
 * function anywhere on the stack, counted once per sample even when it recurses). Self-time totals
 * are what to compare between runs on a busy machine: other processes stretch wall-clock
 * latencies, not the CPU time the page itself spends.
 *
 *   node --import tsx scripts/bench/keypress/profile-summary.ts page.cpuprofile [--per 300] [--top 25] [--callees _typeChanged]
 */
import fs from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
export interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}
export interface FunctionTime {
  name: string
  selfMs: number
  totalMs: number
}

const label = (n: ProfileNode): string => {
  const f = n.callFrame
  const file = f.url ? f.url.slice(f.url.lastIndexOf('/') + 1) : ''
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`
}

/** Self and total milliseconds per function (name + file:line), largest self first. */
export function summariseProfile(profile: CpuProfile): FunctionTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const rows = new Map<string, FunctionTime>()
  const row = (name: string): FunctionTime => {
    let r = rows.get(name)
    if (!r) rows.set(name, (r = { name, selfMs: 0, totalMs: 0 }))
    return r
  }
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time since the previous sample: it belongs to this sample's stack.
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    row(label(byId.get(id)!)).selfMs += ms
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!)
      if (seen.has(name)) continue
      seen.add(name)
      row(name).totalMs += ms
    }
  })
  return [...rows.values()].sort((a, b) => b.selfMs - a.selfMs)
}

/**
 * Where the time under `prefix` goes: for every sample with that function on its stack, the
 * frame just below its outermost occurrence, summed (inclusive).
 */
export function calleesOf(profile: CpuProfile, prefix: string): FunctionTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const rows = new Map<string, FunctionTime>()
  const matches = (n: ProfileNode) => label(n).startsWith(prefix + ' ') || label(n) === prefix
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    let below: ProfileNode | null = null
    let hit: ProfileNode | null = null
    for (let at: number | undefined = id, prev: ProfileNode | null = null; at !== undefined; prev = byId.get(at)!, at = parent.get(at)) {
      const n = byId.get(at)!
      if (matches(n)) {
        hit = n
        below = prev
      }
    }
    if (!hit) return
    const name = below ? label(below) : '(self)'
    let r = rows.get(name)
    if (!r) rows.set(name, (r = { name, selfMs: 0, totalMs: 0 }))
    r.totalMs += ms
  })
  return [...rows.values()].sort((a, b) => b.totalMs - a.totalMs)
}

/** Busy time: every sample that is not the idle node. */
export function busyMs(rows: readonly FunctionTime[]): number {
  return rows.filter((r) => r.name !== '(idle)' && r.name !== '(root)').reduce((s, r) => s + r.selfMs, 0)
}

/** Total (inclusive) milliseconds of the first function whose name starts with `prefix`. */
export function totalOf(rows: readonly FunctionTime[], prefix: string): number {
  return rows.filter((r) => r.name.startsWith(prefix + ' ') || r.name === prefix).reduce((m, r) => Math.max(m, r.totalMs), 0)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [--per N] [--top N]')
  const opt = (name: string, def: number): number => {
    const i = process.argv.indexOf(`--${name}`)
    return i >= 0 ? Number(process.argv[i + 1]) : def
  }
  const per = opt('per', 1)
  const top = opt('top', 30)
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile
  const rows = summariseProfile(profile)
  const f = (ms: number) => (ms / per).toFixed(per === 1 ? 0 : 2).padStart(9)
  const calleesAt = process.argv.indexOf('--callees')
  if (calleesAt >= 0) {
    const name = process.argv[calleesAt + 1]!
    console.log(`under ${name} (inclusive, per 1/${per}):`)
    for (const r of calleesOf(profile, name).slice(0, top)) console.log(`${f(r.totalMs)}  ${r.name}`)
    process.exit(0)
  }
  console.log(`busy ${f(busyMs(rows))} ms${per === 1 ? '' : ` per 1/${per}`}`)
  console.log('     self     total  function')
  for (const r of rows.slice(0, top)) console.log(`${f(r.selfMs)} ${f(r.totalMs)}  ${r.name}`)
  console.log('\nlargest totals:')
  for (const r of [...rows].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(`${f(r.selfMs)} ${f(r.totalMs)}  ${r.name}`)
}
