import type { Node as PMNode, Slice } from '@tiptap/pm/model'
import { Fragment, Slice as PMSlice } from '@tiptap/pm/model'
import type { EditorState, Transaction } from '@tiptap/pm/state'
import { getRelativeSelection, ProsemirrorBinding, updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'

/**
 * Makes @tiptap/y-tiptap 3.0.9's sync binding O(change) instead of O(document), in both
 * directions. In a 5,000-block document with two remote typists this was most of the script time
 * per keystroke (scripts/bench/FINDINGS.md, "Keypress to paint"; scripts/bench/keypress.ts).
 *
 * Remote (Yjs → ProseMirror), `_typeChanged`. Upstream empties the whole Y↔PM mapping on every
 * remote change, so every block of the document is rebuilt from Yjs, and then replaces the
 * document with one step from 0 to its end: every plugin's positions map to the end, every
 * decoration set is rebuilt, ProseMirror's view compares all 5,000 blocks again
 * (yjs/y-prosemirror#113). Here, during `_typeChanged` only:
 * - the mapping keeps its entries (`clear` does nothing): upstream has already dropped the
 *   entries of every type the Yjs transaction changed, deleted, or is an ancestor of a change
 *   of, so what stays is exact, and unchanged blocks come back as the very same nodes;
 * - the full replace it builds is narrowed to the top-level children that differ by identity
 *   (first and last difference), the same resulting document through a step that only spans
 *   the change, so positions elsewhere map normally.
 * Everything else (selection restore from relative positions, metas, scrollIntoView, snapshots)
 * is upstream's own code, unchanged.
 *
 * Local (ProseMirror → Yjs), `_prosemirrorChanged`. Upstream reconciles the whole document
 * (`updateYFragment` on the root: a map of every child, a longest-increasing-subsequence search
 * for moves, then a scan from both ends) on every keystroke. When the top level has the same
 * children as Yjs except a few blocks that changed in place (same position, same node type:
 * typing, formatting, attributes), only those blocks are reconciled, with upstream's own
 * `updateYFragment`; anything else (blocks added, removed, moved, retyped) takes upstream's path.
 *
 * Installed once, on the class, before any editor exists (the binding binds `_typeChanged` in its
 * constructor). Pinned to y-tiptap 3.0.9 (package.json); test/e2e/narrow-sync.e2e.test.ts
 * checks remote edits, caret preservation, undo and convergence against it.
 */

/** More changed blocks than this in one local transaction: let upstream reconcile. */
const MAX_LOCAL_BLOCKS = 16

interface Binding {
  type: Y.XmlFragment
  doc: Y.Doc
  // Upstream's ProsemirrorMapping (keyed by Yjs types) and mark cache, as BindingMetadata.
  mapping: Map<unknown, PMNode | PMNode[]>
  isOMark: Map<unknown, boolean>
  prosemirrorView: { state: { doc: PMNode } } | null
  beforeTransactionSelection: unknown
  _typeChanged(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction): void
  _prosemirrorChanged(doc: PMNode): void
}

/** Bindings inside `_typeChanged` (whose next `_tr.replace` is the full-document one). */
const remoteUpdate = new WeakSet<Binding>()
const noop = (): void => {}

/**
 * The same document as `tr.replace(0, size, slice)` when the slice is a whole new top level, by a
 * step covering only the top-level children that are not the same node objects as before.
 */
export function narrowedReplace(tr: Transaction, replace: Transaction['replace'], from: number, to: number, slice: Slice): Transaction {
  const old = tr.doc.content
  if (from !== 0 || to !== old.size || slice.openStart !== 0 || slice.openEnd !== 0) return replace.call(tr, from, to, slice)
  const next = slice.content
  let start = 0
  let startPos = 0
  const shortest = Math.min(old.childCount, next.childCount)
  while (start < shortest && old.child(start) === next.child(start)) startPos += old.child(start++).nodeSize
  let endOld = old.childCount
  let endNew = next.childCount
  let endPos = old.size
  while (endOld > start && endNew > start && old.child(endOld - 1) === next.child(endNew - 1)) {
    endPos -= old.child(--endOld).nodeSize
    endNew--
  }
  if (start === endOld && start === endNew) return tr // nothing differs
  const middle: PMNode[] = []
  for (let i = start; i < endNew; i++) middle.push(next.child(i))
  return replace.call(tr, startPos, endPos, new PMSlice(Fragment.from(middle), 0, 0))
}

/**
 * Local changes confined to blocks that stayed in place: their indices, or null when upstream
 * must reconcile the whole top level.
 */
export function changedBlocksInPlace(binding: Binding, doc: PMNode, yChildren: ReadonlyArray<Y.XmlElement | Y.XmlText | Y.XmlHook>): number[] | null {
  if (yChildren.length !== doc.childCount) return null
  const changed: number[] = []
  for (let i = 0; i < yChildren.length; i++) {
    const pNode = doc.child(i)
    if (binding.mapping.get(yChildren[i]!) === pNode) continue
    const y = yChildren[i]
    if (!(y instanceof Y.XmlElement) || y.nodeName !== pNode.type.name) return null
    changed.push(i)
    if (changed.length > MAX_LOCAL_BLOCKS) return null
  }
  return changed
}

let installed = false

export function installNarrowSync(): void {
  if (installed) return
  installed = true
  const proto = ProsemirrorBinding.prototype as unknown as Binding
  const typeChanged = proto._typeChanged
  const prosemirrorChanged = proto._prosemirrorChanged
  const trGetter = Object.getOwnPropertyDescriptor(ProsemirrorBinding.prototype, '_tr')?.get
  if (typeof typeChanged !== 'function' || typeof prosemirrorChanged !== 'function' || !trGetter) {
    throw new Error('narrow-sync: @tiptap/y-tiptap changed shape; review client/editor/collab/narrow-sync.ts')
  }

  proto._typeChanged = function (this: Binding, events, transaction) {
    const mapping = this.mapping as Map<unknown, unknown> & { clear: () => void }
    // An own property shadows Map.prototype.clear for this call only.
    mapping.clear = noop
    remoteUpdate.add(this)
    try {
      typeChanged.call(this, events, transaction)
    } finally {
      remoteUpdate.delete(this)
      delete (mapping as Partial<typeof mapping>).clear
    }
  }

  Object.defineProperty(ProsemirrorBinding.prototype, '_tr', {
    configurable: true,
    get(this: Binding) {
      const tr = trGetter.call(this) as Transaction
      if (remoteUpdate.has(this)) {
        const replace = tr.replace
        tr.replace = (from, to, slice) => narrowedReplace(tr, replace, from, to ?? from, slice ?? PMSlice.empty)
      }
      return tr
    },
  })

  proto._prosemirrorChanged = function (this: Binding, doc) {
    const yChildren = this.type.toArray()
    const changed = changedBlocksInPlace(this, doc, yChildren)
    if (changed === null) {
      prosemirrorChanged.call(this, doc)
      return
    }
    this.doc.transact(() => {
      for (const i of changed)
        updateYFragment(this.doc, yChildren[i] as unknown as Y.XmlFragment, doc.child(i), this as unknown as Parameters<typeof updateYFragment>[3])
      // As upstream's updateYFragment on the root does: the fragment now stands for this doc.
      this.mapping.set(this.type, doc)
      this.beforeTransactionSelection = getRelativeSelection(
        this as unknown as ProsemirrorBinding,
        (this.prosemirrorView as unknown as { state: EditorState }).state,
      )
    }, ySyncPluginKey)
  }
}
