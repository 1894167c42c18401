import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
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
  const children = (parent: Y.AbstractType<unknown>): JsonNode[] => {
    const out: JsonNode[] = []
    for (const child of (parent as unknown as Y.XmlFragment).toArray()) {
      if (child instanceof Y.XmlText) out.push(...textRuns(child, since, authors, seen))
      else if (child instanceof Y.XmlElement) {
        const node: JsonNode = { type: child.nodeName }
        const attrs = child.getAttributes() as Record<string, unknown>
        if (Object.keys(attrs).length > 0) node.attrs = attrs
        const content = children(child as unknown as Y.AbstractType<unknown>)
        if (content.length > 0) node.content = content
        out.push(node)
      }
    }
    return out
  }
  const content: JsonNode = { type: 'doc', content: children(fragment as unknown as Y.AbstractType<unknown>) }
  return { content, userIds: [...seen] }
}

type Marks = NonNullable<JsonNode['marks']>

function marksOf(attributes: Map<string, unknown>): Marks {
  const marks: Marks = []
  for (const [type, attrs] of attributes) {
    // y-tiptap may suffix a mark name to let the same mark overlap (`link--<hash>`), as fragmentToJson.
    const name = type.split('--')[0]!
    marks.push(attrs && typeof attrs === 'object' && Object.keys(attrs).length > 0 ? { type: name, attrs: attrs as Record<string, unknown> } : { type: name })
  }
  return marks
}

/** A Y.XmlText's runs, walked item by item (toDelta's formatting rules), split where the writer changes. */
function textRuns(text: Y.XmlText, since: Map<number, number>, authors: ClockAuthors, seen: Set<string>): JsonNode[] {
  const attributes = new Map<string, unknown>()
  const out: JsonNode[] = []
  const push = (str: string, userId: string | null): void => {
    if (str.length === 0) return
    const marks = marksOf(attributes)
    if (userId) {
      marks.push({ type: 'author', attrs: { userId } })
      seen.add(userId)
    }
    const last = out[out.length - 1]
    if (last && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) {
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
      push(piece, start >= sinceClock ? (authors.userOf(client, start) ?? 'unknown') : null)
      start = cut
    }
  }
  return out
}
