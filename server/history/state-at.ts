import * as Y from 'yjs'
import type { Store } from '../store/store.ts'
import type { ClientRange } from './history-store.ts'

/**
 * The state of a document after update `seq`: the newest checkpoint at or before it, then the
 * log rows after the checkpoint up to `seq`, applied one by one inside one transaction (measured:
 * 10,000 small updates apply in ~0.4 s this way; `Y.mergeUpdates` of the same took 4 s, and
 * grows faster than linearly; docs/decisions/0006-version-history.md). The caller destroys the
 * doc. Throws if the log has no bytes where it needs them (a state from before the document's
 * history began: before its baseline checkpoint).
 */
export function stateAt(store: Store, docId: string, seq: number): Y.Doc {
  const doc = new Y.Doc()
  const checkpoint = store.checkpointAt(docId, seq)
  const rows = store.readLog(docId, checkpoint?.seq ?? 0, seq)
  for (const row of rows) if (!row.data) throw new Error(`update ${row.seq} of ${docId} was folded before history was kept`)
  doc.transact(() => {
    if (checkpoint) Y.applyUpdate(doc, checkpoint.data)
    for (const row of rows) Y.applyUpdate(doc, row.data!)
  })
  return doc
}

/**
 * Who wrote which clocks, from a burst's update rows: each update's clock span per client
 * (`Y.parseUpdateMeta`), adjacent spans of one user merged. Offline edits merged later come in
 * the merging connection's rows, so they belong to that user at merge time.
 */
export function clientRangesOf(rows: readonly { userId: string; data: Uint8Array | null }[]): ClientRange[] {
  const open = new Map<string, ClientRange>()
  const out: ClientRange[] = []
  for (const row of rows) {
    if (!row.data) continue
    const { from, to } = Y.parseUpdateMeta(row.data)
    for (const [client, end] of to) {
      const start = from.get(client) ?? 0
      if (end <= start) continue
      const key = `${client}`
      const last = open.get(key)
      if (last && last.userId === row.userId && last.clockEnd >= start) {
        last.clockEnd = Math.max(last.clockEnd, end)
        continue
      }
      const range = { client, clockStart: start, clockEnd: end, userId: row.userId }
      open.set(key, range)
      out.push(range)
    }
  }
  return out
}

/** Looks up the writer of a (client, clock) among ranges (sorted by client, then start). */
export class ClockAuthors {
  private readonly byClient = new Map<number, ClientRange[]>()
  /** Per client, the largest clockEnd among its ranges up to each index (ranges may overlap). */
  private readonly maxEnds = new Map<number, number[]>()

  constructor(ranges: readonly ClientRange[]) {
    for (const r of ranges) {
      const list = this.byClient.get(r.client)
      if (list) list.push(r)
      else this.byClient.set(r.client, [r])
    }
    for (const [client, list] of this.byClient) {
      list.sort((a, b) => a.clockStart - b.clockStart)
      let max = 0
      this.maxEnds.set(
        client,
        list.map((r) => (max = Math.max(max, r.clockEnd))),
      )
    }
  }

  userOf(client: number, clock: number): string | null {
    const list = this.byClient.get(client)
    if (!list) return null
    let lo = 0
    let hi = list.length - 1
    let found: ClientRange | null = null
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (list[mid]!.clockStart <= clock) {
        found = list[mid]!
        lo = mid + 1
      } else hi = mid - 1
    }
    return found && clock < found.clockEnd ? found.userId : null
  }

  /** Clock boundaries of a client's ranges inside [start, end), for splitting one item's text by writer. */
  cuts(client: number, start: number, end: number): number[] {
    const list = this.byClient.get(client)
    if (!list) return []
    const maxEnd = this.maxEnds.get(client)!
    const out: number[] = []
    const add = (r: ClientRange): void => {
      if (r.clockStart > start && r.clockStart < end) out.push(r.clockStart)
      if (r.clockEnd > start && r.clockEnd < end) out.push(r.clockEnd)
    }
    // Binary search for the first range starting after `start`; those from there on that start
    // before `end` cut the item, and of the earlier ones only those still open past `start` (the
    // running maximum of ends says when to stop looking back): not a scan of every range per item.
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (list[mid]!.clockStart <= start) lo = mid + 1
      else hi = mid
    }
    for (let k = lo - 1; k >= 0 && maxEnd[k]! > start; k--) add(list[k]!)
    for (let k = lo; k < list.length && list[k]!.clockStart < end; k++) add(list[k]!)
    return [...new Set(out)].sort((a, b) => a - b)
  }
}
