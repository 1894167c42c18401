import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MENTION_NODE } from '#shared/doc/rich-nodes'
import { INBOX_LIMITS } from '#shared/limits'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { anchorOf, mentionIdsIn, newlyMentioned } from './mentions.ts'
import { Notifier, foldSummary } from './notifier.ts'
import { SqliteInboxStore } from './sqlite-inbox-store.ts'

describe('watch batching', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => cleanups.splice(0).forEach((f) => f()))

  function notifier(readers = new Set(['bob', 'cleo'])) {
    const { dir, cleanup } = tempDir('keel-notifier-')
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    cleanups.push(() => {
      db.close()
      cleanup()
    })
    const store = new SqliteInboxStore(db)
    const clock = { now: 1_000_000 }
    const n = new Notifier({ store, projectOf: () => 'p1', canRead: (u) => readers.has(u), now: () => clock.now })
    return { n, store, clock }
  }

  it('one entry per follower, page and author per window, counting the changes', () => {
    const { n, store, clock } = notifier()
    expect(n.watched(['bob', 'cleo', 'ada'], 'd1', 'ada', null, 'edited the page')).toBe(2)
    clock.now += INBOX_LIMITS.watchBatchMs - 1
    expect(n.watched(['bob', 'cleo'], 'd1', 'ada', null, 'edited the page')).toBe(0)
    expect(store.unread('bob').map((e) => e.summary)).toEqual(['edited the page (2 changes)'])
    // Another author, another page, another task: their own entries.
    expect(n.watched(['bob'], 'd1', 'cleo', null, 'edited the page')).toBe(1)
    expect(n.watched(['bob'], 'd2', 'ada', null, 'edited the page')).toBe(1)
    expect(n.watched(['bob'], 'd1', 'ada', 't1', 'changed the task')).toBe(1)
    // The window runs from the batch's first change: the next one after it opens a new batch.
    clock.now += 1
    expect(n.watched(['bob'], 'd1', 'ada', null, 'edited the page')).toBe(1)
    expect(store.unread('bob').filter((e) => e.docId === 'd1' && e.actorId === 'ada' && !e.blockId)).toHaveLength(2)
  })

  it('a batch that was read is not folded into: the next change is news', () => {
    const { n, store } = notifier()
    n.watched(['bob'], 'd1', 'ada', null, 'edited the page')
    store.markAllRead('bob', 1)
    expect(n.watched(['bob'], 'd1', 'ada', null, 'edited the page')).toBe(1)
  })

  it('nobody who cannot read the page hears of it, and never the author', () => {
    const { n, store } = notifier(new Set(['bob']))
    expect(n.watched(['cleo', 'bob'], 'd1', 'bob', null, 'edited the page')).toBe(0)
    expect(n.notify({ userId: 'cleo', kind: 'mention', docId: 'd1', actorId: 'ada', summary: 'mentioned you' })).toBeNull()
    expect(n.notify({ userId: 'bob', kind: 'mention', docId: 'd1', actorId: 'bob', summary: 'mentioned you' })).toBeNull()
    expect(store.unread('cleo')).toEqual([])
  })

  it('counts folded changes in the summary', () => {
    expect(foldSummary('edited the page', 'edited the page')).toBe('edited the page (2 changes)')
    expect(foldSummary('edited the page (2 changes)', 'edited the page')).toBe('edited the page (3 changes)')
  })
})

describe('mention diffing', () => {
  function block(ids: string[]): Y.XmlElement {
    const doc = new Y.Doc()
    const p = new Y.XmlElement('paragraph')
    doc.getXmlFragment('default').push([p])
    for (const id of ids) {
      const m = new Y.XmlElement(MENTION_NODE)
      p.push([m, new Y.XmlText(' ')])
      m.setAttribute('id', id)
    }
    return p
  }

  it('finds mentions at any depth and only the new ones count', () => {
    const doc = new Y.Doc()
    const table = new Y.XmlElement('table')
    doc.getXmlFragment('default').push([table])
    const row = new Y.XmlElement('tableRow')
    const cell = new Y.XmlElement('tableCell')
    const p = new Y.XmlElement('paragraph')
    const m = new Y.XmlElement(MENTION_NODE)
    table.push([row])
    row.push([cell])
    cell.push([p])
    p.push([m])
    m.setAttribute('id', 'bob')
    expect([...mentionIdsIn(table)]).toEqual(['bob'])
    expect([...mentionIdsIn(block(['bob', 'cleo', 'bob']))].sort()).toEqual(['bob', 'cleo'])
    expect(newlyMentioned(new Set(['bob']), new Set(['bob', 'cleo']))).toEqual(['cleo'])
    expect(newlyMentioned(undefined, new Set(['cleo', 'bob']))).toEqual(['bob', 'cleo'])
    expect(newlyMentioned(new Set(['bob', 'cleo']), new Set(['bob']))).toEqual([])
  })

  it('points at a task by its id, and at nothing for a paragraph (the reader’s mention is found instead)', () => {
    const doc = new Y.Doc()
    const task = new Y.XmlElement('task')
    doc.getXmlFragment('default').push([task])
    task.setAttribute('id', 'task-1234')
    expect(anchorOf(task)).toBe('task-1234')
    expect(anchorOf(block(['bob']))).toBeNull()
  })
})
