import { isOpen, type TaskStage, type TaskStatus } from '../blocks/task.ts'

/** What the graph needs of a task. */
export interface GraphTask {
  id: string
  status: TaskStatus
  stage: TaskStage
  /** Days of work; null counts as 0. */
  estimate: number | null
  /** YYYY-MM-DD or null. */
  due: string | null
  deps: readonly string[]
}

export interface TaskGraph {
  /** Dependents of each task (the reverse edges). */
  dependents: Map<string, string[]>
  /** Each cycle as the ids in it (strongly connected components of size > 1, or self-loops). */
  cycles: string[][]
  /** Open dependencies of each task that has any (the task is blocked). */
  blockers: Map<string, string[]>
  /** Dependency ids that name no task of the project. */
  missing: Map<string, string[]>
  /** Every task, dependencies before dependents; tasks in cycles come last, in id order. */
  order: string[]
  /** Critical path from the first task to the one that finishes last (ids), cycles excluded. */
  criticalPath: string[]
  /** Per task: earliest start and finish (days from `today`), and slack (null inside a cycle). */
  schedule: Map<string, { start: number; finish: number; slack: number | null }>
  /** Days from `today` until the last task finishes. */
  projectFinish: number
  /** Progress per stage: done out of counted (cancelled tasks are not counted). */
  progress: Map<TaskStage, { done: number; total: number }>
}

const DAY = 86_400_000
const dayIndex = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY)

/**
 * Everything the views ask of a project's tasks, computed in one pass over the graph. Pure and
 * total: any input (cycles, dangling ids, self-dependencies) gives an answer, never a throw.
 */
export function analyse(tasks: readonly GraphTask[], today: string): TaskGraph {
  const byId = new Map(tasks.map((t) => [t.id, t]))
  const deps = new Map<string, string[]>()
  const dependents = new Map<string, string[]>()
  const missing = new Map<string, string[]>()
  for (const t of tasks) {
    const known: string[] = []
    for (const d of t.deps) {
      if (byId.has(d)) known.push(d)
      else missing.set(t.id, [...(missing.get(t.id) ?? []), d])
    }
    deps.set(t.id, known)
    for (const d of known) dependents.set(d, [...(dependents.get(d) ?? []), t.id])
  }

  const blockers = new Map<string, string[]>()
  for (const t of tasks) {
    const open = deps.get(t.id)!.filter((d) => d !== t.id && isOpen(byId.get(d)!.status))
    if (open.length > 0) blockers.set(t.id, open)
  }

  const cycles = stronglyConnected(
    tasks.map((t) => t.id),
    deps,
  ).filter((c) => c.length > 1 || deps.get(c[0]!)!.includes(c[0]!))
  const inCycle = new Set(cycles.flat())

  // Kahn's algorithm over the acyclic part, ties in id order so every replica agrees.
  const indegree = new Map<string, number>()
  for (const t of tasks) if (!inCycle.has(t.id)) indegree.set(t.id, deps.get(t.id)!.filter((d) => !inCycle.has(d)).length)
  const ready = [...indegree]
    .filter(([, n]) => n === 0)
    .map(([id]) => id)
    .sort()
  const order: string[] = []
  while (ready.length > 0) {
    const id = ready.shift()!
    order.push(id)
    for (const next of dependents.get(id) ?? []) {
      if (inCycle.has(next)) continue
      const n = indegree.get(next)! - 1
      indegree.set(next, n)
      if (n === 0) insertSorted(ready, next)
    }
  }
  order.push(...[...inCycle].sort())

  // Critical path method: forward pass for earliest start/finish, backward for latest finish;
  // a due date caps a task's latest finish. Remaining work of a finished task is zero.
  const todayIndex = dayIndex(today)
  const duration = (t: GraphTask) => (isOpen(t.status) ? Math.max(0, t.estimate ?? 0) : 0)
  const schedule = new Map<string, { start: number; finish: number; slack: number | null }>()
  const driver = new Map<string, string | null>()
  for (const id of order) {
    const t = byId.get(id)!
    if (inCycle.has(id)) {
      schedule.set(id, { start: 0, finish: duration(t), slack: null })
      continue
    }
    let start = 0
    let by: string | null = null
    for (const d of deps.get(id)!) {
      // A dependency inside a cycle has no meaningful finish: it cannot drive a start.
      if (inCycle.has(d)) continue
      const f = schedule.get(d)!.finish
      if (f > start || (f === start && by === null && f > 0)) {
        start = f
        by = d
      }
    }
    schedule.set(id, { start, finish: start + duration(t), slack: 0 })
    driver.set(id, by)
  }
  const acyclic = order.filter((id) => !inCycle.has(id))
  const projectFinish = Math.max(0, ...acyclic.map((id) => schedule.get(id)!.finish))
  const latest = new Map<string, number>()
  for (const id of [...acyclic].reverse()) {
    const t = byId.get(id)!
    let lf = projectFinish
    for (const next of dependents.get(id) ?? []) {
      if (inCycle.has(next)) continue
      lf = Math.min(lf, latest.get(next)! - duration(byId.get(next)!))
    }
    if (t.due) lf = Math.min(lf, dayIndex(t.due) - todayIndex)
    latest.set(id, lf)
    const s = schedule.get(id)!
    s.slack = lf - s.finish
  }
  // The critical path: back from the task that finishes last, along the dependency that drove
  // each start.
  const criticalPath: string[] = []
  let end = acyclic.reduce<string | null>((best, id) => (best === null || schedule.get(id)!.finish > schedule.get(best)!.finish ? id : best), null)
  while (end !== null && criticalPath.length <= acyclic.length) {
    criticalPath.unshift(end)
    end = driver.get(end) ?? null
  }

  const progress = new Map<TaskStage, { done: number; total: number }>()
  for (const t of tasks) {
    if (t.status === 'cancelled') continue
    const p = progress.get(t.stage) ?? { done: 0, total: 0 }
    p.total++
    if (t.status === 'done') p.done++
    progress.set(t.stage, p)
  }

  return { dependents, cycles, blockers, missing, order, criticalPath, schedule, projectFinish, progress }
}

function insertSorted(list: string[], id: string): void {
  let i = 0
  while (i < list.length && list[i]! < id) i++
  list.splice(i, 0, id)
}

/** Tarjan's strongly connected components, iterative (no recursion limit on long chains). */
function stronglyConnected(ids: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const out: string[][] = []
  for (const root of ids) {
    if (idx.has(root)) continue
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }]
    idx.set(root, index)
    low.set(root, index++)
    stack.push(root)
    onStack.add(root)
    while (work.length > 0) {
      const frame = work[work.length - 1]!
      const next = edges.get(frame.id) ?? []
      if (frame.i < next.length) {
        const w = next[frame.i++]!
        if (!idx.has(w)) {
          idx.set(w, index)
          low.set(w, index++)
          stack.push(w)
          onStack.add(w)
          work.push({ id: w, i: 0 })
        } else if (onStack.has(w)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, idx.get(w)!))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!))
      if (low.get(frame.id) === idx.get(frame.id)) {
        const component: string[] = []
        let w: string
        do {
          w = stack.pop()!
          onStack.delete(w)
          component.push(w)
        } while (w !== frame.id)
        out.push(component.sort())
      }
    }
  }
  return out
}
