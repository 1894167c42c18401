import { afterEach, describe, expect, it } from 'vitest'
import { TASK_DEFAULTS } from '#shared/blocks/task'
import type { TaskRow } from './extract.ts'
import type { TaskStore } from './task-store.ts'

/**
 * The documents and projects a contract store must hold before the first test writes (the task
 * index references both): `open` creates them. D1 and D2 belong to P1, D3 to P2.
 */
export const TASK_STORE_FIXTURE = {
  projects: ['P1', 'P2'],
  docs: [
    { id: 'D1', projectId: 'P1' },
    { id: 'D2', projectId: 'P1' },
    { id: 'D3', projectId: 'P2' },
  ],
} as const

const row = (id: string, docId: string, fields: Partial<TaskRow> = {}): TaskRow => ({
  ...TASK_DEFAULTS,
  id,
  docId,
  title: `Task ${id}`,
  position: '000000',
  unverifiedOverride: null,
  ...fields,
})

const override = { by: 'u-ada', at: '2026-03-01T10:00:00.000Z', reason: 'shipped behind a flag' }
const gate = { at: '2026-03-02T10:00:00.000Z', blockedBy: [{ id: 'tB', title: 'Task tB' }] }

/**
 * What every TaskStore must do, run against each implementation (SQLite today; PostgreSQL for
 * issue #17). `open` gives a fresh, empty store holding TASK_STORE_FIXTURE, and its `close`.
 */
export function describeTaskStore(label: string, open: () => { store: TaskStore; close: () => void }): void {
  describe(`TaskStore contract: ${label}`, () => {
    const closers: (() => void)[] = []
    afterEach(() => closers.splice(0).forEach((fn) => fn()))
    const fresh = (): TaskStore => {
      const { store, close } = open()
      closers.push(close)
      return store
    }

    it('apply creates rows and reads every field back as written, deps sorted', () => {
      const store = fresh()
      const full = row('tA', 'D1', {
        status: 'in_review',
        assignee: 'u-ada',
        due: '2026-04-01',
        estimate: 2.5,
        priority: 'high',
        stage: 'training',
        deps: ['tZ', 'tB'],
        override,
        unverifiedOverride: { ...override, by: 'u-eve' },
        gate,
      })
      expect(store.apply('P1', 'D1', [full], [], 1000)).toEqual([{ id: 'tA', kind: 'created' }])
      expect(store.get('tA')).toEqual({ ...full, deps: ['tB', 'tZ'], projectId: 'P1', updatedAt: 1000 })
      expect(store.get('nope')).toBeNull()
    })

    it('apply writes only differences: an unchanged row is neither written nor reported', () => {
      const store = fresh()
      store.apply('P1', 'D1', [row('tA', 'D1', { deps: ['tB', 'tC'] })], [], 1000)
      // The same deps in another order are the same row.
      expect(store.apply('P1', 'D1', [row('tA', 'D1', { deps: ['tC', 'tB'] })], [], 2000)).toEqual([])
      expect(store.get('tA')!.updatedAt).toBe(1000)
      expect(store.apply('P1', 'D1', [row('tA', 'D1', { deps: ['tB'] })], [], 3000)).toEqual([{ id: 'tA', kind: 'changed' }])
      expect(store.get('tA')).toMatchObject({ deps: ['tB'], updatedAt: 3000 })
    })

    it('reports a move to done as completed, any other change as changed; the gate fields count as changes', () => {
      const store = fresh()
      store.apply('P1', 'D1', [row('tA', 'D1'), row('tB', 'D1')], [])
      expect(store.apply('P1', 'D1', [row('tA', 'D1', { status: 'done', override })], [])).toEqual([{ id: 'tA', kind: 'completed' }])
      expect(store.apply('P1', 'D1', [row('tA', 'D1', { status: 'done' })], [])).toEqual([{ id: 'tA', kind: 'changed' }])
      expect(store.get('tA')!.override).toBeNull()
      expect(store.apply('P1', 'D1', [row('tB', 'D1', { gate })], [])).toEqual([{ id: 'tB', kind: 'changed' }])
      expect(store.apply('P1', 'D1', [row('tB', 'D1', { gate, unverifiedOverride: override })], [])).toEqual([{ id: 'tB', kind: 'changed' }])
      expect(store.get('tB')).toMatchObject({ gate, unverifiedOverride: override, override: null })
    })

    it('apply deletes removed ids of its own document only', () => {
      const store = fresh()
      store.apply('P1', 'D1', [row('tA', 'D1')], [])
      store.apply('P1', 'D2', [row('tB', 'D2')], [])
      expect(store.apply('P1', 'D1', [], ['tA', 'tB', 'never-indexed'])).toEqual([{ id: 'tA', kind: 'deleted' }])
      expect(store.get('tA')).toBeNull()
      expect(store.owner('tA')).toBeNull()
      expect(store.get('tB')).not.toBeNull()
    })

    it('a task id indexed in another document keeps its row (a pasted copy is not indexed)', () => {
      const store = fresh()
      store.apply('P1', 'D1', [row('tA', 'D1', { title: 'Original' })], [])
      expect(store.apply('P1', 'D2', [row('tA', 'D2', { title: 'Pasted copy' })], [])).toEqual([])
      expect(store.replaceDoc('P1', 'D2', [row('tA', 'D2', { title: 'Pasted copy' })])).toEqual([])
      expect(store.get('tA')).toMatchObject({ docId: 'D1', title: 'Original' })
    })

    it('replaceDoc makes a document hold exactly the given rows and reports the differences', () => {
      const store = fresh()
      store.apply('P1', 'D1', [row('tA', 'D1'), row('tB', 'D1', { deps: ['tA'] }), row('tC', 'D1')], [])
      store.apply('P1', 'D2', [row('tD', 'D2')], [])
      const changes = store.replaceDoc('P1', 'D1', [row('tA', 'D1'), row('tB', 'D1', { deps: ['tA'], status: 'done' }), row('tE', 'D1')])
      expect(changes).toEqual(
        expect.arrayContaining([
          { id: 'tC', kind: 'deleted' },
          { id: 'tB', kind: 'completed' },
          { id: 'tE', kind: 'created' },
        ]),
      )
      expect(changes).toHaveLength(3)
      expect(
        store
          .ofDoc('D1')
          .map((t) => t.id)
          .sort(),
      ).toEqual(['tA', 'tB', 'tE'])
      expect(store.get('tB')!.deps).toEqual(['tA'])
      expect(store.ofDoc('D2').map((t) => t.id)).toEqual(['tD'])
      // Unchanged: nothing to report.
      expect(store.replaceDoc('P1', 'D1', [row('tA', 'D1'), row('tB', 'D1', { deps: ['tA'], status: 'done' }), row('tE', 'D1')])).toEqual([])
      expect(store.replaceDoc('P1', 'D1', [])).toHaveLength(3)
      expect(store.ofDoc('D1')).toEqual([])
    })

    it('owner names the document and project a task lives in', () => {
      const store = fresh()
      store.apply('P2', 'D3', [row('tA', 'D3')], [])
      expect(store.owner('tA')).toEqual({ docId: 'D3', projectId: 'P2' })
      expect(store.owner('missing')).toBeNull()
    })

    it('lists a document in document order, a project by document then position, an assignee by due date', () => {
      const store = fresh()
      store.apply('P1', 'D2', [row('t2b', 'D2', { position: '000003' }), row('t2a', 'D2', { position: '000001', assignee: 'u-ada', due: '2026-05-01' })], [])
      store.apply(
        'P1',
        'D1',
        [row('t1b', 'D1', { position: '000002.000001', assignee: 'u-ada' }), row('t1a', 'D1', { position: '000002', assignee: 'u-ada', due: '2026-04-01' })],
        [],
      )
      store.apply('P2', 'D3', [row('t3', 'D3', { assignee: 'u-ada', due: '2026-01-01', deps: ['t1a'] })], [])
      expect(store.ofDoc('D1').map((t) => t.id)).toEqual(['t1a', 't1b'])
      expect(store.ofProject('P1').map((t) => t.id)).toEqual(['t1a', 't1b', 't2a', 't2b'])
      expect(store.ofProject('P2')).toEqual([expect.objectContaining({ id: 't3', projectId: 'P2', deps: ['t1a'] })])
      expect(store.ofProject('nothing-here')).toEqual([])
      expect(store.ofAssignee('u-ada').map((t) => t.id)).toEqual(['t3', 't1a', 't2a', 't1b'])
      expect(store.ofAssignee('u-nobody')).toEqual([])
    })

    it('keeps a self-dependency (the graph reports it as a cycle)', () => {
      const store = fresh()
      store.apply('P1', 'D1', [row('tA', 'D1', { deps: ['tA'] })], [])
      expect(store.get('tA')!.deps).toEqual(['tA'])
      expect(store.ofProject('P1')[0]!.deps).toEqual(['tA'])
    })
  })
}
