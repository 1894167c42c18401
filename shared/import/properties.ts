import * as Y from 'yjs'
import type { Properties } from './markdown/front-matter.ts'

/**
 * Page properties (an imported file's front matter: owner, status, tags…) live in the page's
 * document, in the root map `properties`, one key each with a JSON value: they travel with the
 * page (history, export, offline copies) and merge per key like the ML blocks' maps.
 */
export const PROPERTIES_MAP = 'properties'

/** Makes the page's properties exactly `next`, touching only the keys that differ. */
export function writeProperties(doc: Y.Doc, next: Properties): void {
  const map = doc.getMap<unknown>(PROPERTIES_MAP)
  for (const key of [...map.keys()]) if (!(key in next)) map.delete(key)
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value)
  }
}

export function readProperties(doc: Y.Doc): Properties {
  return doc.getMap<unknown>(PROPERTIES_MAP).toJSON()
}
