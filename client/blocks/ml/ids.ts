import { type Plugin, PluginKey } from '@tiptap/pm/state'
import { blockIdPlugin, CHECK_IDS } from '../block-ids.ts'

/**
 * Stable ids for the ML blocks (experiment log, deployment checklist, model card). Their data
 * lives in root maps keyed by block id, so the id is the block's identity: scripts push runs to
 * it, the server indexes it, a model card links to it. The rules are every block's (see
 * ../block-ids.ts): ids are assigned by the client that created the
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
/** The same meta as tasks use: check the whole document. */
export const CHECK_ML_IDS = CHECK_IDS

export function mlIdPlugin({
  names,
  isReady,
  isEditable,
  makeId = newBlockId,
}: {
  names: ReadonlySet<string>
  isReady: () => boolean
  isEditable: () => boolean
  makeId?: () => string
}): Plugin {
  return blockIdPlugin({ key: mlIdPluginKey, names, isReady, isEditable, makeId })
}
