import * as Y from 'yjs'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { DOC_LINK_NODE, docIdFromHref } from '#shared/hub/links'
import type { IndexedBlockKind } from './block-index.ts'

/** What one walk over a document finds: the pages it links to and the ids of each indexed block kind. */
export interface DocScan {
  links: Set<string>
  blocks: Map<string, Set<string>>
}

/** Walks a document once for everything the hub derives from it (links, the registered block kinds). */
export function scanDocument(doc: Y.Doc, kinds: readonly IndexedBlockKind[]): DocScan {
  const blocks = new Map(kinds.map((k) => [k.kind, new Set(k.fromMaps?.(doc) ?? [])]))
  const kindOf = new Map(kinds.flatMap((k) => k.nodeNames.map((name) => [name, blocks.get(k.kind)!] as const)))
  if (kindOf.size > 0) {
    const visit = (node: Y.XmlElement | Y.XmlFragment): void => {
      for (const child of node.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue
        const id = child.getAttribute('id')
        if (typeof id === 'string') kindOf.get(child.nodeName)?.add(id)
        visit(child)
      }
    }
    visit(doc.getXmlFragment(EDITOR_FRAGMENT))
  }
  return { links: linkTargets(doc), blocks }
}

/**
 * The documents a document links to: `docLink` nodes (the `[[` picker) and ordinary links whose
 * href is a Keel document URL. Walks the Yjs XML directly, without building JSON.
 */
export function linkTargets(doc: Y.Doc): Set<string> {
  const out = new Set<string>()
  const visit = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText): void => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { attributes?: Record<string, { href?: unknown }> }[]) {
        for (const [mark, attrs] of Object.entries(op.attributes ?? {})) {
          if (mark.split('--')[0] !== 'link' || typeof attrs?.href !== 'string') continue
          const id = docIdFromHref(attrs.href)
          if (id) out.add(id)
        }
      }
      return
    }
    if (node instanceof Y.XmlElement && node.nodeName === DOC_LINK_NODE) {
      const id = node.getAttribute('docId')
      if (typeof id === 'string') out.add(id)
    }
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement || child instanceof Y.XmlText) visit(child)
    }
  }
  visit(doc.getXmlFragment(EDITOR_FRAGMENT))
  return out
}
