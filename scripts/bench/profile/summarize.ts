/**
 * Summarises a V8 .cpuprofile (node --cpu-prof, or the bench's `--keel-node-arg --cpu-prof`):
 * the top functions by self time, and the inclusive time of every function whose name matches a
 * filter. Self time says where the CPU went; inclusive time says what a call on the hot path
 * costs with everything under it (a profile viewer's "total").
 *
 *   node --import tsx scripts/bench/profile/summarize.ts <file.cpuprofile> [top=40] [inclusive-filter-regex]
 */
import fs from 'node:fs'
import path from 'node:path'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

const [file, topArg, filter] = process.argv.slice(2)
if (!file) throw new Error('usage: summarize.ts <file.cpuprofile> [top] [filter]')
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile
const top = Number(topArg ?? 40)
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const label = (n: Node): string => {
  const f = n.callFrame
  const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''
  return `${f.functionName || '(anonymous)'} ${where}`.trim()
}

// Sample i lasts timeDeltas[i + 1] (the delta before the next sample).
const selfUs = new Map<string, number>()
const inclUs = new Map<string, number>()
let totalUs = 0
let idleUs = 0
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0
  totalUs += dt
  const node = byId.get(profile.samples[i]!)!
  const name = label(node)
  if (node.callFrame.functionName === '(idle)') idleUs += dt
  selfUs.set(name, (selfUs.get(name) ?? 0) + dt)
  if (filter) {
    // Each matching frame counted once per sample, however deep the recursion.
    const seen = new Set<string>()
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const l = label(byId.get(id)!)
      if (!seen.has(l) && new RegExp(filter).test(l)) {
        seen.add(l)
        inclUs.set(l, (inclUs.get(l) ?? 0) + dt)
      }
    }
  }
}

const ms = (us: number): string => (us / 1000).toFixed(1).padStart(8)
console.log(`${path.basename(file)}: ${ms(totalUs)} ms sampled, ${ms(totalUs - idleUs)} ms busy`)
console.log('self time:')
for (const [name, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms  ${name}`)
if (filter) {
  console.log(`inclusive time of /${filter}/:`)
  for (const [name, us] of [...inclUs].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms  ${name}`)
}

// CALLERS=<regex>: for each function matching it, the callers its self time came through.
if (process.env.CALLERS) {
  const re = new RegExp(process.env.CALLERS)
  const via = new Map<string, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)!
    if (!re.test(label(node))) continue
    const chain: string[] = []
    for (let id = parent.get(node.id); id !== undefined && chain.length < Number(process.env.DEPTH ?? 4); id = parent.get(id)) chain.push(label(byId.get(id)!))
    const key = `${label(node)} <- ${chain.join(' <- ')}`
    via.set(key, (via.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0))
  }
  console.log(`callers of /${process.env.CALLERS}/:`)
  for (const [k, us] of [...via].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms  ${k}`)
}

// UNDER=<regex>: self time of everything called (at any depth) under a function matching it.
if (process.env.UNDER) {
  const re = new RegExp(process.env.UNDER)
  const under = new Map<string, number>()
  let sum = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)!
    let inside = false
    for (let id: number | undefined = node.id; id !== undefined && !inside; id = parent.get(id)) inside = re.test(label(byId.get(id)!))
    if (!inside) continue
    const dt = profile.timeDeltas[i + 1] ?? 0
    sum += dt
    under.set(label(node), (under.get(label(node)) ?? 0) + dt)
  }
  console.log(`self time under /${process.env.UNDER}/ (${ms(sum)} ms in all):`)
  for (const [k, us] of [...under].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms  ${k}`)
}
