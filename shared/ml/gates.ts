import { isOpen, type TaskStage, type TaskStatus } from '../blocks/task.ts'
import { bestRun, type Run } from './runs.ts'

/**
 * Deployment gates: conditions on the task graph and on experiment metrics that must hold before
 * a model ships. Pure: the server and the checklist block evaluate the same way.
 */
export type Gate =
  | { kind: 'tasks'; stage: TaskStage; label?: string }
  | {
      kind: 'metric'
      metric: string
      op: '>=' | '>' | '<=' | '<'
      threshold: number
      dataset?: { name: string; version?: string }
      label?: string
    }

export interface ChecklistItem {
  id: string
  text: string
  required: boolean
  owner: string | null
  signedBy: string | null
  signedAt: string | null
  evidence: string | null
}

export interface GateResult {
  gate: Gate
  holds: boolean
  /** Why, in words a person can act on. */
  detail: string
}

export interface Readiness {
  ready: boolean
  gates: GateResult[]
  /** Everything standing between the team and "ready to ship". */
  blockers: string[]
}

export interface GateContext {
  tasks: readonly { id: string; title: string; status: TaskStatus; stage: TaskStage }[]
  runs: readonly Run[]
}

const compare = (v: number, op: '>=' | '>' | '<=' | '<', t: number): boolean => (op === '>=' ? v >= t : op === '>' ? v > t : op === '<=' ? v <= t : v < t)

export function gateLabel(g: Gate): string {
  if (g.label) return g.label
  if (g.kind === 'tasks') return `Every ${g.stage} task is done`
  const on = g.dataset ? ` on ${g.dataset.name}${g.dataset.version ? ` ${g.dataset.version}` : ''}` : ''
  return `Best ${g.metric} ${g.op} ${g.threshold}${on}`
}

export function evaluateGate(g: Gate, ctx: GateContext): GateResult {
  if (g.kind === 'tasks') {
    const stage = ctx.tasks.filter((t) => t.stage === g.stage && t.status !== 'cancelled')
    const open = stage.filter((t) => isOpen(t.status))
    if (stage.length === 0) return { gate: g, holds: false, detail: `no ${g.stage} tasks yet` }
    return open.length === 0
      ? { gate: g, holds: true, detail: `all ${stage.length} ${g.stage} tasks done` }
      : {
          gate: g,
          holds: false,
          detail: `${open.length} of ${stage.length} ${g.stage} tasks open: ${open
            .slice(0, 3)
            .map((t) => t.title)
            .join(', ')}${open.length > 3 ? '…' : ''}`,
        }
  }
  const lowerIsBetter = g.op === '<' || g.op === '<='
  const best = bestRun(ctx.runs, g.metric, { lowerIsBetter, ...(g.dataset ? { dataset: g.dataset } : {}) })
  if (!best) return { gate: g, holds: false, detail: `no run reports ${g.metric}${g.dataset ? ` on ${g.dataset.name}` : ''}` }
  const value = best.metrics[g.metric]!
  return {
    gate: g,
    holds: compare(value, g.op, g.threshold),
    detail: `best ${g.metric} = ${value} (${best.name})`,
  }
}

/** Ready to ship only when every required item is signed and every gate holds. */
export function readiness(items: readonly ChecklistItem[], gates: readonly Gate[], ctx: GateContext): Readiness {
  const results = gates.map((g) => evaluateGate(g, ctx))
  const blockers = [
    ...items.filter((i) => i.required && !i.signedBy).map((i) => `Not signed: ${i.text}`),
    ...results.filter((r) => !r.holds).map((r) => `Gate: ${gateLabel(r.gate)} (${r.detail})`),
  ]
  return { ready: blockers.length === 0, gates: results, blockers }
}
