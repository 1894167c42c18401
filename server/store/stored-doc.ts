import * as Y from 'yjs'
import type { StoredDocument } from './store.ts'

/**
 * "A Y.Doc from what the store holds", written once: the snapshot, then the log after it, in seq
 * order. For reading a document without loading a room (a rebuild of the task index); a loaded
 * document's committed state is `registry.readCommitted(docId)`.
 */
export function applyStored(doc: Y.Doc, stored: Pick<StoredDocument, 'snapshot' | 'updates'>): void {
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
}

/** A new Y.Doc holding a stored document (an empty one for null: never written). The caller destroys it. */
export function docFromStored(stored: Pick<StoredDocument, 'snapshot' | 'updates'> | null): Y.Doc {
  const doc = new Y.Doc()
  if (stored) applyStored(doc, stored)
  return doc
}
