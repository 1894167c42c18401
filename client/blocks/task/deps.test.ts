import { describe, expect, it } from 'vitest'
import type { GraphTask } from '#shared/tasks/graph'
import { checkDependency, cycleWith } from './deps.ts'

const t = (id: string, deps: string[] = []): GraphTask => ({ id, status: 'todo', stage: 'none', estimate: null, due: null, deps })
const index = (...list: GraphTask[]) => new Map(list.map((x) => [x.id, x]))

describe('the dependency picker', () => {
  const tasks = index(t('tA'), t('tB', ['tA']), t('tC', ['tB']), t('tD'))

  it('refuses the task itself, an existing dependency, and a task not saved yet', () => {
    expect(checkDependency('tA', [], 'tA', tasks)).toEqual({ ok: false, reason: 'A task cannot depend on itself.' })
    expect(checkDependency('tC', ['tB'], 'tB', tasks)).toEqual({ ok: false, reason: 'Already a dependency.' })
    expect(checkDependency(null, [], 'tB', tasks).ok).toBe(false)
  })

  it('accepts an unrelated task with no cycle', () => {
    expect(checkDependency('tA', [], 'tD', tasks)).toEqual({ ok: true, cycle: null })
  })

  it('reports the cycle a dependency would close, as the server graph does (A → C → B → A)', () => {
    expect(checkDependency('tA', [], 'tC', tasks)).toEqual({ ok: true, cycle: ['tA', 'tB', 'tC'] })
  })

  it('uses the block’s live dependencies, not the index’s older copy of them', () => {
    // The index still says tD has no dependencies; the block just added tA: tA → tD closes a loop.
    expect(cycleWith('tD', ['tA'], tasks)).toBeNull()
    expect(checkDependency('tA', [], 'tD', index(t('tA'), t('tD', ['tA'])))).toEqual({ ok: true, cycle: ['tA', 'tD'] })
  })
})
