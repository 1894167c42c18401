import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { fromYjs, planTaskIds } from '../task/ids.ts'

/**
 * Stable ids for the ML blocks (experiment log, deployment checklist, model card). Their data
 * lives in root maps keyed by block id, so the id is the block's identity: scripts push runs to
 * it, the server indexes it, a model card links to it. The rules are the task blocks' (see
 * ../task/ids.ts, whose planner this reuses): ids are assigned by the client that created the
 * block, after the first sync, never on remote or read-only transactions; a pasted or duplicated
 * copy gets a new id and the original keeps its own.
 */
export function newBlockId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  let out = 'b'
  for (const b of bytes) out += alphabet[b % alphabet.length]
  return out
}

export const mlIdPluginKey = new PluginKey('keelMlBlockIds')
export const CHECK_ML_IDS = 'check'

function blocks(doc: PMNode, names: ReadonlySet<string>): Array<{ pos: number; node: PMNode }> {
  const out: Array<{ pos: number; node: PMNode }> = []
  doc.descendants((node, pos) => {
    if (names.has(node.type.name)) out.push({ pos, node })
    return !node.isTextblock && !node.isAtom
  })
  return out
}

export function mlIdPlugin({ names, isReady, isEditable, makeId = newBlockId }: { names: ReadonlySet<string>; isReady: () => boolean; isEditable: () => boolean; makeId?: () => string }): Plugin {
  return new Plugin({
    key: mlIdPluginKey,
    appendTransaction(transactions, oldState, newState) {
      const check = transactions.some((tr) => tr.getMeta(mlIdPluginKey) === CHECK_ML_IDS)
      if (!check && !transactions.some((tr) => tr.docChanged)) return null
      if (fromYjs(transactions) || !isReady() || !isEditable()) return null
      const found = blocks(newState.doc, names)
      if (found.length === 0) return null
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
      return tr.setMeta('addToHistory', false)
    },
  })
}
