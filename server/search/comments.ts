import type { EventBus } from '../events/bus.ts'
import type {} from '../comments/events.ts'
import type { DerivedRow } from './extract.ts'
import type { SqliteSearchStore } from './search-store.ts'

/**
 * Comments live outside documents, so their rows come from the comments feature's event, not a
 * document pass: created and edited write the comment's text (and the quote it is anchored to),
 * deleted removes it. Resolving or reopening a thread does not change what it says.
 */
export function indexComments(bus: EventBus, index: SqliteSearchStore, now: () => number = Date.now): () => void {
  return bus.on('comments.changed', (e) => {
    if (e.change === 'resolved' || e.change === 'reopened') return
    const key = `comment:${e.commentId}`
    const text = e.text.trim()
    const row: DerivedRow | null =
      e.change === 'deleted' || text === ''
        ? null
        : {
            key,
            unit: `comment:${e.threadId}`,
            kind: 'comment',
            blockId: e.blockId,
            title: e.quote.trim().slice(0, 500),
            body: text,
            status: null,
            assignee: null,
            stage: null,
            pageTypes: '',
          }
    index.putComment(e.docId, e.projectId, row, key, e.actorId, now())
  })
}
