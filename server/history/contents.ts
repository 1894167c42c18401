import type { JsonNode } from '#shared/api/docs'
import type { Store } from '../store/store.ts'
import { stateAt } from './state-at.ts'
import { versionJson } from './version-json.ts'

export const EMPTY_DOC: JsonNode = { type: 'doc', content: [] }

/** Versions' content kept, by the length of their JSON text (about bytes). */
const CACHE_CHARS = 16 * 1024 * 1024

/**
 * The content of a document after update `seq` (`versionJson` of `stateAt`), with a
 * small LRU: the history panel previews, compares and restores the same few versions in a row,
 * and closing a burst diffs against the version before it. Values are shared: callers must not
 * change them.
 */
export class Contents {
  private readonly cache = new Map<string, { json: JsonNode; chars: number }>()
  private chars = 0
  readonly stats = { builds: 0, hits: 0 }

  constructor(private readonly store: Store) {}

  at(docId: string, seq: number): JsonNode {
    if (seq <= 0) return EMPTY_DOC
    const key = `${docId}\u0001${seq}`
    const hit = this.cache.get(key)
    if (hit) {
      this.stats.hits++
      this.cache.delete(key)
      this.cache.set(key, hit)
      return hit.json
    }
    const doc = stateAt(this.store, docId, seq)
    try {
      const json = versionJson(doc)
      this.stats.builds++
      this.put(docId, seq, json)
      return json
    } finally {
      doc.destroy()
    }
  }

  /** Remembers content computed elsewhere (a closing burst's current state). */
  put(docId: string, seq: number, json: JsonNode, chars = JSON.stringify(json).length): void {
    if (chars > CACHE_CHARS / 4) return
    const key = `${docId}\u0001${seq}`
    const old = this.cache.get(key)
    if (old) this.chars -= old.chars
    this.cache.set(key, { json, chars })
    this.chars += chars
    for (const [k, v] of this.cache) {
      if (this.chars <= CACHE_CHARS) break
      this.cache.delete(k)
      this.chars -= v.chars
    }
  }
}
