import { describe, expect, it } from 'vitest'
import { seeded } from '../testing/prng.ts'
import type { TaskStatus } from '../blocks/task.ts'
import { analyse, type GraphTask } from './graph.ts'

const task = (id: string, deps: string[] = [], more: Partial<GraphTask> = {}): GraphTask => ({
  id,
  deps,
  status: 'todo',
  stage: 'none',
  estimate: 1,
  due: null,
  ...more,
})
const TODAY = '2026-11-26'

describe('task graph', () => {
  it('ML pipeline: order, blocked, critical path, slack and progress', () => {
    const tasks = [
      task('collect', [], { stage: 'data', estimate: 3, status: 'done' }),
      task('clean', ['collect'], { stage: 'preprocessing', estimate: 2 }),
      task('label', ['collect'], { stage: 'data', estimate: 5 }),
      task('train', ['clean', 'label'], { stage: 'training', estimate: 4 }),
      task('docs', [], { estimate: 1 }),
      task('eval', ['train'], { stage: 'evaluation', estimate: 2, due: '2026-12-05' }),
      task('deploy', ['eval'], { stage: 'deployment', estimate: 1 }),
    ]
    const g = analyse(tasks, TODAY)
    expect(g.order).toEqual(['collect', 'clean', 'docs', 'label', 'train', 'eval', 'deploy'])
    expect(g.blockers.get('train')).toEqual(['clean', 'label'])
    expect(g.blockers.has('clean')).toBe(false) // collect is done
    // collect is done (0 days left): label 5 → train 4 → eval 2 → deploy 1 = 12 days.
    expect(g.criticalPath).toEqual(['label', 'train', 'eval', 'deploy'])
    expect(g.projectFinish).toBe(12)
    // eval's due date (day 9) pulls every latest finish before it forward: clean may slip 1 day.
    expect(g.schedule.get('clean')!.slack).toBe(1)
    // eval is due in 9 days but finishes on day 11: negative slack, it will be late.
    expect(g.schedule.get('eval')!.slack).toBe(-2)
    expect(g.progress.get('data')).toEqual({ done: 1, total: 2 })
    expect(g.cycles).toEqual([])
  })

  it('reports cycles (and self-dependencies) without failing, and keeps the rest analysable', () => {
    const g = analyse([task('a', ['c']), task('b', ['a']), task('c', ['b']), task('d', ['a']), task('e', ['e']), task('f', ['ghost'])], TODAY)
    expect(g.cycles.map((c) => c.join())).toEqual(expect.arrayContaining(['a,b,c', 'e']))
    expect(g.order.slice(-4)).toEqual(['a', 'b', 'c', 'e'])
    expect(g.missing.get('f')).toEqual(['ghost'])
    expect(g.schedule.get('a')!.slack).toBeNull()
  })

  it('random graphs (500 seeds): order respects every edge, schedules are consistent, the critical path is a chain ending last', () => {
    const statuses: TaskStatus[] = ['todo', 'in_progress', 'done', 'cancelled']
    for (let seed = 1; seed <= 500; seed++) {
      const rand = seeded(seed)
      const n = 1 + Math.floor(rand() * 40)
      const tasks: GraphTask[] = []
      for (let i = 0; i < n; i++) {
        const deps: string[] = []
        // Mostly backward edges (a DAG), sometimes a forward one (may close a cycle).
        for (let k = 0; k < 3; k++) {
          if (rand() < 0.5 && i > 0) deps.push(`t${Math.floor(rand() * i)}`)
          // Forward edges may close cycles; with dependents hanging off them (the case that once threw).
          if (rand() < (seed % 3 === 0 ? 0.2 : 0.05)) deps.push(`t${Math.floor(rand() * n)}`)
        }
        tasks.push(task(`t${i}`, deps, { estimate: Math.floor(rand() * 5), status: statuses[Math.floor(rand() * 4)]! }))
      }
      if (seed % 3 === 0 && n >= 4) {
        // Plant a cycle of three with a task depending on it (the case that once threw).
        const [a, b, c, d] = [0, 1, 2, 3].map((k) => tasks[(seed + k * 7) % n]!)
        if (new Set([a, b, c, d]).size === 4) {
          a!.deps = [...a!.deps, b!.id]
          b!.deps = [...b!.deps, c!.id]
          c!.deps = [...c!.deps, a!.id]
          d!.deps = [...d!.deps, a!.id]
        }
      }
      const g = analyse(tasks, TODAY)
      expect(new Set(g.order).size, `seed ${seed}`).toBe(n)
      const inCycle = new Set(g.cycles.flat())
      const pos = new Map(g.order.map((id, i) => [id, i]))
      for (const t of tasks) {
        for (const d of t.deps) {
          if (inCycle.has(t.id) || inCycle.has(d)) continue
          expect(pos.get(d)!, `seed ${seed}: ${d} before ${t.id}`).toBeLessThan(pos.get(t.id)!)
          expect(g.schedule.get(t.id)!.start, `seed ${seed}`).toBeGreaterThanOrEqual(g.schedule.get(d)!.finish)
        }
      }
      if (g.criticalPath.length > 0) {
        expect(g.schedule.get(g.criticalPath.at(-1)!)!.finish, `seed ${seed}`).toBe(g.projectFinish)
        for (let i = 1; i < g.criticalPath.length; i++) {
          const cur = tasks.find((t) => t.id === g.criticalPath[i])!
          expect(cur.deps, `seed ${seed}`).toContain(g.criticalPath[i - 1])
        }
        // With no due dates, the critical path has the least slack: zero.
        for (const id of g.criticalPath) expect(g.schedule.get(id)!.slack, `seed ${seed}`).toBe(0)
      }
    }
  })
})
