import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, type PluginKey, type Transaction } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { touchesNodes } from './touched.ts'

/**
 * Stable block ids, for every block kind with an `id` attribute (tasks, the ML blocks). A block
 * gets its id once, from the client that created it, and keeps it for life: a task's id is what
 * other tasks' `deps`, links (`/d/:doc#task-<id>`) and the server's index refer to; an ML block's
 * keys its data. Like Tiptap's UniqueID extension, but for named node types and with Yjs in mind:
 *
 * - transactions that come from Yjs (another person's edit, an undo) are never touched: their
 *   author's client assigns ids for what it created, and two clients racing to "fix" the same
 *   remote node would only fight;
 * - nothing is assigned before the provider has synced once, so a document opened from
 *   IndexedDB does not invent ids the server already has under another value;
 * - read-only editors never assign (a viewer's socket may not write);
 * - a copy (paste, duplicated block) gets a new id; the original keeps its own.
 */

export interface BlockIdEntry {
  id: string | null
  /** True when this node was created by the transactions being looked at (typed, pasted, split). */
  fresh: boolean
}

/**
 * Which blocks need a new id, given every block of the document in document order. Blocks that
 * were already there claim their ids first (in document order, so an old duplicate, which only
 * concurrent edits can produce, is resolved the same way on every client); a fresh block keeps its
 * id only if no one else has it. So a copy pasted ABOVE its original gets the new id, not the
 * original. Returns, per entry, the new id or null (keep).
 */
export function planBlockIds(entries: readonly BlockIdEntry[], makeId: () => string): Array<string | null> {
  const taken = new Set<string>()
  const out: Array<string | null> = entries.map(() => null)
  const claim = (i: number): void => {
    const id = entries[i]!.id
    if (id !== null && !taken.has(id)) {
      taken.add(id)
      return
    }
    let next = makeId()
    while (taken.has(next)) next = makeId()
    taken.add(next)
    out[i] = next
  }
  entries.forEach((e, i) => {
    if (!e.fresh) claim(i)
  })
  entries.forEach((e, i) => {
    if (e.fresh) claim(i)
  })
  return out
}

/** Every node named in `names` with its position, without descending into textblocks (cheap: blocks only). */
export function blockPositions(doc: PMNode, names: ReadonlySet<string>): Array<{ pos: number; node: PMNode }> {
  const out: Array<{ pos: number; node: PMNode }> = []
  doc.descendants((node, pos) => {
    if (names.has(node.type.name)) out.push({ pos, node })
    return !node.isTextblock && !node.isAtom
  })
  return out
}

/** True when any of the transactions was made by y-prosemirror from a Yjs change (remote, undo). */
export function fromYjs(transactions: readonly Transaction[]): boolean {
  return transactions.some((tr) => {
    const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined
    return meta?.isChangeOrigin === true
  })
}

/** Meta that asks the plugin to check the whole document (sent once the provider has synced). */
export const CHECK_IDS = 'check'

export interface BlockIdPluginOptions {
  key: PluginKey
  /** Node types whose `id` attribute this plugin keeps unique. */
  names: ReadonlySet<string>
  /** True once the provider has synced with the server at least once. */
  isReady: () => boolean
  isEditable: () => boolean
  makeId: () => string
}

/**
 * The id rules above for any block types with an `id` attribute (task/ids.ts, ml/ids.ts).
 * Dispatching a transaction with meta `CHECK_IDS` under `key` checks the whole document (sent
 * once the provider has synced).
 */
export function blockIdPlugin({ key, names, isReady, isEditable, makeId }: BlockIdPluginOptions): Plugin {
  return new Plugin({
    key,
    appendTransaction(transactions, oldState, newState) {
      const check = transactions.some((tr) => tr.getMeta(key) === CHECK_IDS)
      if (!check && !transactions.some((tr) => tr.docChanged)) return null
      if (fromYjs(transactions) || !isReady() || !isEditable()) return null
      // Typing in a paragraph touches no block of ours: no need to look at the whole document.
      if (!check && !touchesNodes(transactions, newState.doc, names)) return null
      const found = blockPositions(newState.doc, names)
      if (found.length === 0) return null
      // Positions in the new document that did not exist before: inverted, the steps delete
      // them. assoc 1 looks at the token after the position, the node's own opening.
      const steps = transactions.flatMap((tr) => tr.mapping.maps)
      const entries = found.map(({ pos, node }) => {
        let fresh = false
        if (!check) {
          let p = pos
          for (let i = steps.length - 1; i >= 0 && !fresh; i--) {
            const r = steps[i]!.invert().mapResult(p, 1)
            fresh = r.deleted
            p = r.pos
          }
          if (!fresh) fresh = oldState.doc.nodeAt(p)?.type.name !== node.type.name
        }
        return { id: typeof node.attrs.id === 'string' && node.attrs.id ? node.attrs.id : null, fresh }
      })
      const plan = planBlockIds(entries, makeId)
      if (plan.every((id) => id === null)) return null
      const tr = newState.tr
      plan.forEach((id, i) => {
        if (id !== null) tr.setNodeAttribute(found[i]!.pos, 'id', id)
      })
      // Not worth an undo step of its own, and a remote undo must not strip ids.
      return tr.setMeta('addToHistory', false)
    },
  })
}
