import type * as Y from 'yjs'

/**
 * A kind of block whose ids the hub indexes (`blocks` rows: block id → document), so a REST call
 * naming a block finds its document without loading every page. The hub knows no kind itself:
 * each feature registers its own (server/ml/block-kinds.ts) through `hubFeature({ blockKinds })`.
 */
export interface IndexedBlockKind {
  /** The `blocks.kind` value, unique across features. */
  readonly kind: string
  /** Editor nodes of this kind: every such element's `id` attribute is indexed. */
  readonly nodeNames: readonly string[]
  /**
   * Ids kept elsewhere in the document (a root map holding a block's state after its node was
   * cut and pasted, say), unioned with the nodes found.
   */
  readonly fromMaps?: (doc: Y.Doc) => Iterable<string>
}
