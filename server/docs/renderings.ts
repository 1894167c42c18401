import type { JsonNode } from '#shared/api/docs'
import { EDITOR_FRAGMENT, fragmentToJson, titleOf } from '#shared/doc/fragment'
import type { Store } from '../store/store.ts'
import type { RoomRegistry } from '../collab/registry.ts'

/** One document's editor content as committed at `lastSeq`: JSON text, ready to send. */
export interface Rendering {
  lastSeq: number
  /** `fragmentToJson` of the editor fragment, stringified once. */
  json: string
  /** Its first heading (or first text), for documents without a name in the tree. */
  title: string
}

/** Renderings kept, by the length of their JSON text (UTF-16 units, about bytes). */
const DEFAULT_CACHE_CHARS = 32 * 1024 * 1024

/**
 * Reads of documents' content for REST (GET /api/docs/:id[/content], templates, duplicates).
 * Rebuilding a Y.Doc from the store on every request made three parallel reads of one large
 * unloaded document stall everyone for seconds. Now:
 *
 * - a rendering is cached by (docId, lastSeq): until the document changes, a read is a Map lookup
 *   and one metadata query, and costs no load and no JSON encoding;
 * - otherwise the document is read through its room (`registry.readCommitted`): a loaded room is used as it
 *   is, an unloaded one is loaded once and then stays for the idle delay, so concurrent reads share
 *   that one load (the store is synchronous: the second request finds the room, or the rendering).
 */
export class Renderings {
  private readonly cache = new Map<string, Rendering>()
  private chars = 0
  readonly stats = { renders: 0, hits: 0 }

  constructor(
    private readonly registry: RoomRegistry,
    private readonly store: Store,
    private readonly maxChars = DEFAULT_CACHE_CHARS,
  ) {}

  /** The committed content of `docId`, or null if no such document is stored. */
  content(docId: string): Rendering | null {
    const lastSeq = this.registry.get(docId)?.lastSeq ?? this.store.meta(docId)?.lastSeq
    if (lastSeq === undefined) return null
    const cached = this.cache.get(docId)
    if (cached && cached.lastSeq === lastSeq) {
      this.stats.hits++
      // Most recently used last: the Map's order is the eviction order.
      this.cache.delete(docId)
      this.cache.set(docId, cached)
      return cached
    }
    const doc = this.registry.readCommitted(docId)
    const tree = fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT))
    // The room's lastSeq: what the doc holds (a commit cannot run between these synchronous lines).
    const rendering: Rendering = { lastSeq: this.registry.get(docId)?.lastSeq ?? lastSeq, json: JSON.stringify(tree), title: titleOf(tree) }
    this.stats.renders++
    this.forget(docId)
    if (rendering.json.length <= this.maxChars / 4) {
      this.cache.set(docId, rendering)
      this.chars += rendering.json.length
      for (const [id, r] of this.cache) {
        if (this.chars <= this.maxChars) break
        this.cache.delete(id)
        this.chars -= r.json.length
      }
    }
    return rendering
  }

  /** The content's top-level nodes as objects (a copy: callers may keep or change them). */
  nodes(docId: string): JsonNode[] {
    const rendering = this.content(docId)
    return rendering ? ((JSON.parse(rendering.json) as JsonNode).content ?? []) : []
  }

  /** Drops a document's rendering (it was deleted). */
  forget(docId: string): void {
    const old = this.cache.get(docId)
    if (!old) return
    this.cache.delete(docId)
    this.chars -= old.json.length
  }
}
