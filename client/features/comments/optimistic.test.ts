import { describe, expect, it } from 'vitest'
import type { ThreadView } from '#shared/api/comments'
import { createThreadWrite, deleteWrite, editWrite, replyWrite, resolveWrite } from './api.ts'
import { withQueue } from './optimistic.ts'

const me = { id: 'u1', name: 'Ada' }
const anchor = { start: { item: { client: 1, clock: 2 }, assoc: 0 }, end: { item: { client: 1, clock: 5 }, assoc: -1 } }
const server: ThreadView[] = [
  {
    id: 't1',
    docId: 'd',
    anchor,
    quote: 'split',
    blockId: null,
    createdBy: 'u2',
    createdAt: '2026-01-01T00:00:00.000Z',
    resolvedAt: null,
    resolvedBy: null,
    comments: [{ id: 'c1', authorId: 'u2', authorName: 'Bo', body: 'why?', createdAt: '2026-01-01T00:00:00.000Z', editedAt: null }],
  },
]

describe('unsent comment writes, as the panel shows them', () => {
  it('a thread created offline shows at once, with its replies, marked pending', () => {
    const shown = withQueue(
      server,
      [
        createThreadWrite('d', { id: 't2', commentId: 'c2', anchor, quote: 'label', blockId: null, body: 'which?' }),
        replyWrite('d', 't2', 'c3', 'the fine one'),
      ],
      'd',
      me,
    )
    expect(shown.map((t) => [t.id, t.pending, t.comments.map((c) => c.body)])).toEqual([
      ['t1', false, ['why?']],
      ['t2', true, ['which?', 'the fine one']],
    ])
  })

  it('edits, resolves and deletes apply in order; a replay of what the server has adds nothing', () => {
    const shown = withQueue(server, [replyWrite('d', 't1', 'c1', 'why?'), editWrite('d', 't1', 'c1', 'why not?'), resolveWrite('d', 't1', true)], 'd', me)
    expect(shown[0]!.comments.map((c) => c.body)).toEqual(['why not?'])
    expect(shown[0]!.resolvedAt).not.toBeNull()
    expect(withQueue(server, [deleteWrite('d', 't1', 'c1')], 'd', me)).toEqual([])
  })
})
