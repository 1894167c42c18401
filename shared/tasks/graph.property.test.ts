import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isOpen, TASK_STAGES, TASK_STATUSES } from '../blocks/task.ts'
import { analyse, type GraphTask } from './graph.ts'

/**
 * Property tests of the task graph (fast-check), against brute-force definitions: any project
 * (cycles, self-dependencies, dangling and repeated ids) gives an answer; the order respects every
 * dependency outside cycles; cycles are exactly the sets of mutually reachable tasks; blockers,
 * schedule and critical path follow their definitions; and nothing depends on the order the
 * tasks come in (every replica and the server list them differently).
 */
const TODAY = '2026-11-26'
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']

const project: fc.Arbitrary<GraphTask[]> = fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 0, maxLength: IDS.length }).chain((ids) =>
  fc.tuple(
    ...ids.map((id) =>
      fc.record({
        id: fc.constant(id),
        status: fc.constantFrom(...TASK_STATUSES),
        stage: fc.constantFrom(...TASK_STAGES),
        estimate: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
        due: fc.option(fc.constantFrom('2026-11-20', '2026-11-30', '2026-12-15'), { nil: null }),
        // Any ids, including its own, missing ones ('zz') and repeats.
        deps: fc.array(fc.constantFrom(...IDS, 'zz'), { maxLength: 4 }),
      }),
    ),
  ),
)

/** Every id reachable from `from` by one or more dependency edges. */
function reachable(tasks: readonly GraphTask[], from: string): Set<string> {
  const known = new Set(tasks.map((t) => t.id))
  const deps = new Map(tasks.map((t) => [t.id, t.deps.filter((d) => known.has(d))]))
  const out = new Set<string>()
  const todo = [...(deps.get(from) ?? [])]
  while (todo.length > 0) {
    const id = todo.pop()!
    if (out.has(id)) continue
    out.add(id)
    todo.push(...(deps.get(id) ?? []))
  }
  return out
}

describe('task graph (property)', () => {
  it('cycles are exactly the mutually reachable sets; the order respects every other dependency', () => {
    fc.assert(
      fc.property(project, (tasks) => {
        const g = analyse(tasks, TODAY)
        const reach = new Map(tasks.map((t) => [t.id, reachable(tasks, t.id)]))
        const inCycle = new Set(g.cycles.flat())
        for (const t of tasks) expect(inCycle.has(t.id), `${t.id} in a cycle`).toBe(reach.get(t.id)!.has(t.id))
        for (const cycle of g.cycles) for (const x of cycle) for (const y of cycle) expect(x === y || reach.get(x)!.has(y)).toBe(true)
        expect([...g.order].sort()).toEqual(tasks.map((t) => t.id).sort())
        const at = new Map(g.order.map((id, i) => [id, i]))
        for (const t of tasks) {
          for (const d of t.deps) if (at.has(d) && !inCycle.has(d) && !inCycle.has(t.id)) expect(at.get(d)!).toBeLessThan(at.get(t.id)!)
        }
      }),
    )
  })

  it('blockers, missing ids, schedule and critical path follow their definitions', () => {
    fc.assert(
      fc.property(project, (tasks) => {
        const g = analyse(tasks, TODAY)
        const byId = new Map(tasks.map((t) => [t.id, t]))
        const inCycle = new Set(g.cycles.flat())
        const duration = (t: GraphTask) => (isOpen(t.status) ? (t.estimate ?? 0) : 0)
        for (const t of tasks) {
          const open = [...new Set(t.deps.filter((d) => d !== t.id && byId.has(d) && isOpen(byId.get(d)!.status)))].sort()
          expect([...new Set(g.blockers.get(t.id) ?? [])].sort(), `blockers of ${t.id}`).toEqual(open)
          expect([...new Set(g.missing.get(t.id) ?? [])].sort()).toEqual([...new Set(t.deps.filter((d) => !byId.has(d)))].sort())
          const s = g.schedule.get(t.id)!
          expect(s.finish).toBe(s.start + duration(t))
          if (inCycle.has(t.id)) continue
          for (const d of t.deps) if (byId.has(d) && !inCycle.has(d)) expect(s.start).toBeGreaterThanOrEqual(g.schedule.get(d)!.finish)
          expect(s.finish).toBeLessThanOrEqual(g.projectFinish)
        }
        const path = g.criticalPath
        for (let i = 1; i < path.length; i++) expect(byId.get(path[i]!)!.deps).toContain(path[i - 1]!)
        if (path.length > 0) expect(g.schedule.get(path[path.length - 1]!)!.finish).toBe(g.projectFinish)
      }),
    )
  })

  it('the answer does not depend on the order the tasks are listed in', () => {
    fc.assert(
      fc.property(
        project.chain((tasks) => fc.tuple(fc.constant(tasks), fc.shuffledSubarray(tasks, { minLength: tasks.length }))),
        ([tasks, shuffled]) => {
          const a = analyse(tasks, TODAY)
          const b = analyse(shuffled, TODAY)
          expect(b.order).toEqual(a.order)
          expect(b.criticalPath).toEqual(a.criticalPath)
          expect(b.projectFinish).toBe(a.projectFinish)
          expect(b.cycles.map((c) => c.join()).sort()).toEqual(a.cycles.map((c) => c.join()).sort())
          expect(new Map([...b.schedule].sort())).toEqual(new Map([...a.schedule].sort()))
        },
      ),
    )
  })
})
