import type { KeelEvents } from '../events/bus.ts'
import type {} from '../comments/events.ts'
import type { Notifier } from './notifier.ts'

const MAX_QUOTE = 80

/**
 * 'comments.changed' → inbox entries: a created or edited comment notifies the members it newly
 * mentions ('mention'), and a new comment notifies everyone who wrote in the thread before
 * ('reply'), once: someone both mentioned and a participant gets the mention only.
 */
export function onCommentChanged(notifier: Notifier, e: KeelEvents['comments.changed']): void {
  if (e.change !== 'created' && e.change !== 'edited') return
  const where = e.quote ? ` on “${e.quote.length > MAX_QUOTE ? `${e.quote.slice(0, MAX_QUOTE)}…` : e.quote}”` : ''
  const base = { docId: e.docId, threadId: e.threadId, blockId: e.blockId, actorId: e.actorId }
  const mentioned = new Set(e.mentioned)
  for (const userId of mentioned) notifier.notify({ ...base, userId, kind: 'mention', summary: `mentioned you in a comment${where}` })
  if (e.change !== 'created') return
  for (const userId of new Set(e.participants)) {
    if (mentioned.has(userId)) continue
    notifier.notify({ ...base, userId, kind: 'reply', summary: `replied in a thread${where}` })
  }
}
