import * as Y from 'yjs'
import type { EditTimeSpan, EditTimesResult } from '#shared/api/history'
import { EDIT_TIME_LIMITS } from '#shared/limits'
import type { Store } from '../store/store.ts'
import type { EditTimeRow } from './history-store.ts'

/** Log rows read per step, newest first: offline work that was just saved sits at the end of the log. */
const CHUNK = 500

/**
 * Matches a client's offline edit spans to the log rows that carried those clocks and were
 * written by `userId` (a span naming someone else's clocks matches nothing), looking back at most
 * `editTimeScanRows` rows from `lastSeq` and stopping at the first chunk with no match once
 * something matched (the spans are one recent run). Times are clamped to the row's commit time
 * and to `maxOfflineAgeMs` before it: a client's clock may be wrong; what it says is shown beside
 * the merge time, and history is never ordered by it.
 */
export function matchEditTimes(
  store: Store,
  docId: string,
  userId: string,
  lastSeq: number,
  spans: readonly EditTimeSpan[],
): { rows: EditTimeRow[]; result: EditTimesResult } {
  const floor = Math.max(0, lastSeq - EDIT_TIME_LIMITS.editTimeScanRows)
  const rows: EditTimeRow[] = []
  const matched = new Set<number>()
  for (let upTo = lastSeq; upTo > floor; upTo -= CHUNK) {
    const before = rows.length
    for (const row of store.readLog(docId, Math.max(floor, upTo - CHUNK), upTo)) {
      if (!row.data || row.userId !== userId) continue
      const { from, to } = Y.parseUpdateMeta(row.data)
      spans.forEach((span, i) => {
        const start = from.get(span.client) ?? 0
        const end = to.get(span.client)
        if (end === undefined || end <= span.clockStart || start >= span.clockEnd) return
        matched.add(i)
        const oldest = row.at - EDIT_TIME_LIMITS.maxOfflineAgeMs
        const editedTo = Math.max(Math.min(span.editedTo, row.at), oldest)
        const editedFrom = Math.min(Math.max(span.editedFrom, oldest), editedTo)
        rows.push({ seq: row.seq, userId, editedFrom, editedTo })
      })
    }
    if (rows.length === before && matched.size > 0) break
  }
  return { rows, result: { recorded: matched.size, ignored: spans.length - matched.size } }
}
