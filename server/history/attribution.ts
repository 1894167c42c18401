import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import { sameValue } from '#shared/doc/canonical'
import { fragmentToJson, markOf } from '#shared/doc/fragment'
import { ClockAuthors } from './state-at.ts'

/**
 * Which version created an item, from the versions' state vectors (oldest first): the first
 * version whose vector covers the item's clock. `versions.length` means "after the newest
 * version" (the open burst).
 */
export class VersionClocks {
  private readonly vectors: Map<number, number>[]

  constructor(stateVectors: readonly Uint8Array[]) {
    this.vectors = stateVectors.map((sv) => Y.decodeStateVector(sv))
  }

  get length(): number {
    return this.vectors.length
  }

  indexOf(client: number, clock: number): number {
    let lo = 0
    let hi = this.vectors.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.vectors[mid]!.get(client) ?? 0) > clock) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

export interface BlockNewest {
  index: number
  /** Version index (VersionClocks) of the block's newest item, and who wrote that item. */
  version: number
  userId: string | null
}

/**
 * For each top-level block of `fragment`: its newest live item (the element itself, its
 * attributes, nested elements, text and formatting) and so the version that last changed it.
 * Deletions leave no item behind (the doc is garbage-collected), so a block whose last change
 * was only a deletion is attributed to the change before it.
 */
export function newestPerBlock(fragment: Y.XmlFragment, clocks: VersionClocks, authors: ClockAuthors): BlockNewest[] {
  return fragment.toArray().map((child, index) => {
    let best = { version: -1, client: 0, clock: 0 }
    const visit = (item: Y.Item | null): void => {
      if (!item || item.deleted) return
      const last = item.id.clock + item.length - 1
      const version = clocks.indexOf(item.id.client, last)
      if (version >= best.version) best = { version, client: item.id.client, clock: last }
    }
    const walk = (type: Y.AbstractType<unknown>): void => {
      visit(type._item)
      for (const item of type._map.values()) visit(item)
      for (let item = type._start; item; item = item.right) {
        if (item.deleted) continue
        visit(item)
        if (item.content instanceof Y.ContentType) walk(item.content.type as Y.AbstractType<unknown>)
      }
    }
    walk(child as unknown as Y.AbstractType<unknown>)
    return { index, version: best.version, userId: best.version < 0 ? null : authors.userOf(best.client, best.clock) }
  })
}

/**
 * The fragment as `fragmentToJson` would write it, but with every text run written after the
 * state vector `since` (by clock) carrying an `{ type: 'author', attrs: { userId } }` mark: the
 * "show authors" mode. Returns the content and the user ids that appear.
 */
export function authorsJson(fragment: Y.XmlFragment, since: Map<number, number>, authors: ClockAuthors): { content: JsonNode; userIds: string[] } {
  const seen = new Set<string>()
  const content = fragmentToJson(fragment, (text) => textRuns(text, since, authors, seen))
  return { content, userIds: [...seen] }
}

/** A Y.XmlText's runs, walked item by item (toDelta's formatting rules), split where the writer changes. */
function textRuns(text: Y.XmlText, since: Map<number, number>, authors: ClockAuthors, seen: Set<string>): JsonNode[] {
  const attributes = new Map<string, unknown>()
  const out: JsonNode[] = []
  const push = (str: string, userId: string | null): void => {
    if (str.length === 0) return
    const marks = [...attributes].map(([type, attrs]) => markOf(type, attrs))
    if (userId) {
      marks.push({ type: 'author', attrs: { userId } })
      seen.add(userId)
    }
    const last = out[out.length - 1]
    if (last && sameValue(last.marks ?? [], marks)) {
      last.text += str
      return
    }
    out.push(marks.length > 0 ? { type: 'text', text: str, marks } : { type: 'text', text: str })
  }
  for (let item = text._start; item; item = item.right) {
    if (item.deleted) continue
    const content = item.content
    if (content instanceof Y.ContentFormat) {
      if (content.value === null) attributes.delete(content.key)
      else attributes.set(content.key, content.value)
      continue
    }
    if (!(content instanceof Y.ContentString)) continue
    const { client, clock } = item.id
    const sinceClock = since.get(client) ?? 0
    const cuts = new Set(authors.cuts(client, clock, clock + item.length))
    if (sinceClock > clock && sinceClock < clock + item.length) cuts.add(sinceClock)
    let start = clock
    for (const cut of [...cuts].sort((a, b) => a - b).concat(clock + item.length)) {
      const piece = content.str.slice(start - clock, cut - clock)
      // Text from before the document's history began (a baseline) has no known writer: no mark.
      push(piece, start >= sinceClock ? authors.userOf(client, start) : null)
      start = cut
    }
  }
  return out
}
