import { dependsOnItself } from '#shared/blocks/task'
import { analyse, type GraphTask } from '#shared/tasks/graph'

/**
 * The dependency picker's rules, the server's own: a task may not name itself (the API refuses
 * it with 400), and a dependency that closes a loop is accepted but makes a cycle, which the
 * server's graph (shared/tasks/graph.ts) reports and every view marks "↻ Cycle". The picker runs
 * the same analysis on the project's index with the block's live dependencies, so it can say so
 * before the dependency is added.
 */
export type DepCheck = { ok: true; cycle: string[] | null } | { ok: false; reason: string }

export function checkDependency(selfId: string | null, deps: readonly string[], candidate: string, tasks: ReadonlyMap<string, GraphTask>): DepCheck {
  if (selfId === null) return { ok: false, reason: 'This task is not saved yet.' }
  if (dependsOnItself(selfId, [candidate])) return { ok: false, reason: 'A task cannot depend on itself.' }
  if (deps.includes(candidate)) return { ok: false, reason: 'Already a dependency.' }
  return { ok: true, cycle: cycleWith(selfId, [...deps, candidate], tasks) }
}

/** The cycle this task would be in with these dependencies (its ids), or null. */
export function cycleWith(selfId: string, deps: readonly string[], tasks: ReadonlyMap<string, GraphTask>): string[] | null {
  const self = tasks.get(selfId)
  const list: GraphTask[] = [...tasks.values()].filter((t) => t.id !== selfId)
  list.push({ id: selfId, status: self?.status ?? 'todo', stage: self?.stage ?? 'none', estimate: self?.estimate ?? null, due: self?.due ?? null, deps })
  const graph = analyse(list, '2000-01-01')
  return graph.cycles.find((c) => c.includes(selfId)) ?? null
}
