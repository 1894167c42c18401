import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TASK_DEFAULTS } from '#shared/blocks/task'
import { analyse } from '#shared/tasks/graph'
import { openDatabase } from '../db/open.ts'
import type { StoredTask, TaskChange } from '../tasks/task-store.ts'
import { tempDir } from '../test/harness.ts'
import { Notifier } from './notifier.ts'
import { SqliteInboxStore } from './sqlite-inbox-store.ts'
import { onTasksChanged } from './task-notices.ts'

const task = (id: string, over: Partial<StoredTask> = {}): StoredTask => ({
  ...TASK_DEFAULTS,
  id,
  docId: 'd1',
  projectId: 'p1',
  title: `Task ${id}`,
  position: '0',
  unverifiedOverride: null,
  updatedAt: 0,
  ...over,
})

describe('task notices', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => cleanups.splice(0).forEach((f) => f()))

  function world() {
    const { dir, cleanup } = tempDir('keel-task-notices-')
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    cleanups.push(() => {
      db.close()
      cleanup()
    })
    const store = new SqliteInboxStore(db)
    let tasks: StoredTask[] = []
    let actor: string | null = 'ada'
    const deps = {
      store,
      notifier: new Notifier({ store, projectOf: () => 'p1', canRead: () => true }),
      project: () => ({ live: tasks, graph: analyse(tasks, '2026-01-01') }),
      actorOf: () => actor,
      followers: () => [],
    }
    const apply = (next: StoredTask[], changes: TaskChange[]) => {
      tasks = next
      onTasksChanged(deps, 'p1', changes)
    }
    const kinds = (userId: string) => store.list(userId, { unreadOnly: false, limit: 50 }).map((e) => `${e.kind} ${e.blockId}`)
    return { apply, kinds, setActor: (a: string | null) => (actor = a) }
  }

  it('an index seen for the first time notifies nobody; a task created assigned does', () => {
    const { apply, kinds } = world()
    apply([task('t1', { assignee: 'bob' }), task('t2', { assignee: 'bob', deps: ['t1'] })], [{ id: 't1', kind: 'changed' }])
    expect(kinds('bob')).toEqual([])
    apply([task('t1', { assignee: 'bob' }), task('t2', { assignee: 'bob', deps: ['t1'] }), task('t3', { assignee: 'bob' })], [{ id: 't3', kind: 'created' }])
    expect(kinds('bob')).toEqual(['assigned t3'])
  })

  it('a dependency done unblocks the dependent task’s assignee; reopened blocks it; the actor never hears', () => {
    const { apply, kinds, setActor } = world()
    const t1 = task('t1')
    const t2 = task('t2', { assignee: 'bob', deps: ['t1'] })
    apply([t1, t2], [{ id: 't1', kind: 'changed' }])
    apply([{ ...t1, status: 'done' }, t2], [{ id: 't1', kind: 'completed' }])
    expect(kinds('bob')).toEqual(['unblocked t2'])
    setActor('bob')
    apply([t1, t2], [{ id: 't1', kind: 'changed' }])
    expect(kinds('bob')).toEqual(['unblocked t2'])
    // A done task is not "blocked", whatever its dependencies.
    setActor('ada')
    apply([t1, { ...t2, status: 'done' }], [{ id: 't2', kind: 'completed' }])
    expect(kinds('bob')).toEqual(['unblocked t2'])
  })

  it('reassigning notifies the new assignee only', () => {
    const { apply, kinds } = world()
    apply([task('t1', { assignee: 'bob' })], [{ id: 't1', kind: 'changed' }])
    apply([task('t1', { assignee: 'cleo' })], [{ id: 't1', kind: 'changed' }])
    expect(kinds('cleo')).toEqual(['assigned t1'])
    expect(kinds('bob')).toEqual([])
  })
})
