import type { Node as PMNode } from '@tiptap/pm/model'
import { type Plugin, PluginKey } from '@tiptap/pm/state'
import { TASK_NODE } from '#shared/blocks/task'
import { blockIdPlugin, blockPositions } from '../block-ids.ts'

/** Task ids: the rules of ../block-ids.ts for the task node. */

/** 12 characters of [A-Za-z0-9], prefixed with `t` (the shared id pattern is [A-Za-z0-9_-]{4,64}). */
export function newTaskId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  let out = 't'
  for (const b of bytes) out += alphabet[b % alphabet.length]
  return out
}

const TASK_NAMES: ReadonlySet<string> = new Set([TASK_NODE])

/** Every task node with its position. */
export const taskPositions = (doc: PMNode) => blockPositions(doc, TASK_NAMES)

export const taskIdPluginKey = new PluginKey('keelTaskIds')

export interface TaskIdPluginOptions {
  /** True once the provider has synced with the server at least once. */
  isReady: () => boolean
  isEditable: () => boolean
  makeId?: () => string
}

export function taskIdPlugin({ isReady, isEditable, makeId = newTaskId }: TaskIdPluginOptions): Plugin {
  return blockIdPlugin({ key: taskIdPluginKey, names: TASK_NAMES, isReady, isEditable, makeId })
}
