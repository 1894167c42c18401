import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mentionToken } from '#shared/comments/body'
import { COMMENT_LIMITS } from '#shared/limits'
import { openDatabase } from '../db/open.ts'
import { EventBus } from '../events/bus.ts'
import { tempDir } from '../test/harness.ts'
import { Comments } from './service.ts'
import { SqliteCommentStore } from './sqlite-comment-store.ts'

const anchor = { start: { item: { client: 1, clock: 1 }, assoc: 0 }, end: { item: { client: 1, clock: 4 }, assoc: -1 } }

describe('comment limits', () => {
  let close: () => void
  let comments: Comments
  beforeEach(() => {
    const { dir, cleanup } = tempDir('keel-comment-limits-')
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    db.prepare('INSERT INTO documents (id, created_at, updated_at) VALUES (?, 0, 0)').run('d1')
    comments = new Comments({
      store: new SqliteCommentStore(db),
      bus: new EventBus(),
      projectOf: () => 'p1',
      isMember: (_p, id) => id.startsWith('member'),
      nameOf: (id) => id,
    })
    close = () => {
      db.close()
      cleanup()
    }
  })
  afterEach(() => close())

  const create = (body = 'why?') => comments.create('d1', 'member-ana', { anchor, quote: 'x', body })

  it(`refuses thread ${COMMENT_LIMITS.maxThreadsPerDoc + 1} of a document, saying so`, () => {
    for (let i = 0; i < COMMENT_LIMITS.maxThreadsPerDoc; i++) create()
    expect(create).toThrow(`at most ${COMMENT_LIMITS.maxThreadsPerDoc} comment threads`)
  })

  it(`refuses comment ${COMMENT_LIMITS.maxCommentsPerThread + 1} of a thread`, () => {
    const { thread } = create()
    for (let i = 1; i < COMMENT_LIMITS.maxCommentsPerThread; i++) comments.reply('d1', thread.id, 'member-bo', { body: `${i}` })
    expect(() => comments.reply('d1', thread.id, 'member-bo', { body: 'one more' })).toThrow(`at most ${COMMENT_LIMITS.maxCommentsPerThread} comments`)
  })

  it(`refuses more than ${COMMENT_LIMITS.maxMentions} mentions, and a non-member on edit too`, () => {
    const many = Array.from({ length: COMMENT_LIMITS.maxMentions + 1 }, (_, i) => mentionToken(`M${i}`, `member-${i}`)).join(' ')
    expect(() => create(many)).toThrow(`at most ${COMMENT_LIMITS.maxMentions} people`)
    const { thread } = create()
    expect(() => comments.edit('d1', thread.id, thread.comments[0]!.id, 'member-ana', `${mentionToken('Eve', 'eve')} look`)).toThrow(
      'only members of this project',
    )
  })
})
