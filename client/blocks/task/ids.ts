import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { TASK_NODE } from '#shared/blocks/task'
import { touchesNodes } from './touched.ts'

/**
 * Stable task ids. A task block gets its id once, from the client that created it, and keeps it
 * for life: other tasks' `deps`, links (`/d/:doc#task-<id>`) and the server's index all refer to
 * it. Like Tiptap's UniqueID extension, but for one node type and with Yjs in mind:
 *
 * - transactions that come from Yjs (another person's edit, an undo) are never touched: their
 *   author's client assigns ids for what it created, and two clients racing to "fix" the same
 *   remote node would only fight;
 * - nothing is assigned before the provider has synced once, so a document opened from
 *   IndexedDB does not invent ids the server already has under another value;
 * - read-only editors never assign (a viewer's socket may not write);
 * - a copy (paste, duplicated block) gets a new id; the original keeps its own.
 */

/** 12 characters of [A-Za-z0-9], prefixed with `t` (the shared id pattern is [A-Za-z0-9_-]{4,64}). */
export function newTaskId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  let out = 't'
  for (const b of bytes) out += alphabet[b % alphabet.length]
  return out
}

export interface TaskIdEntry {
  id: string | null
  /** True when this node was created by the transactions being looked at (typed, pasted, split). */
  fresh: boolean
}

/**
 * Which tasks need a new id, given every task of the document in document order. Tasks that
 * were already there claim their ids first (in document order, so an old duplicate, which only
 * concurrent edits can produce, is resolved the same way on every client); a fresh task keeps its
 * id only if no one else has it. So a copy pasted ABOVE its original gets the new id, not the
 * original. Returns, per entry, the new id or null (keep).
 */
export function planTaskIds(entries: readonly TaskIdEntry[], makeId: () => string = newTaskId): Array<string | null> {
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

const TASK_NAMES: ReadonlySet<string> = new Set([TASK_NODE])

/** Every task node with its position. */
export const taskPositions = (doc: PMNode) => blockPositions(doc, TASK_NAMES)

/** True when any of the transactions was made by y-prosemirror from a Yjs change (remote, undo). */
export function fromYjs(transactions: readonly Transaction[]): boolean {
  return transactions.some((tr) => {
    const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined
    return meta?.isChangeOrigin === true
  })
}

export const taskIdPluginKey = new PluginKey('keelTaskIds')
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
 * The id rules above for any block types with an `id` attribute (tasks here, the ML blocks in
 * ../ml/ids.ts). Dispatching a transaction with meta `CHECK_IDS` under `key` checks the whole
 * document (sent once the provider has synced).
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
      const plan = planTaskIds(entries, makeId)
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

export interface TaskIdPluginOptions {
  /** True once the provider has synced with the server at least once. */
  isReady: () => boolean
  isEditable: () => boolean
  makeId?: () => string
}

export function taskIdPlugin({ isReady, isEditable, makeId = newTaskId }: TaskIdPluginOptions): Plugin {
  return blockIdPlugin({ key: taskIdPluginKey, names: TASK_NAMES, isReady, isEditable, makeId })
}
