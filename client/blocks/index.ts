import type { Editor, Extensions } from '@tiptap/core'
import { Attachments } from './attachments/attachment-nodes.ts'
import { ATTACHMENT_SLASH_ITEMS } from './attachments/slash-items.ts'
import { DocLink } from './doc-link/doc-link-node.ts'
import { MentionNode } from './mention/mention-node.ts'
import { MlBlocks } from './ml/ml-nodes.ts'
import { ML_SLASH_ITEMS } from './ml/slash-items.ts'
import { TABLE_SLASH_ITEMS } from './table/slash-items.ts'
import { tableExtensions } from './table/table-kind.ts'
import { TASK_SLASH_ITEMS } from './task/slash-items.ts'
import { TaskNode } from './task/task-node.ts'
import type { SyncHooks } from './when-synced.ts'

/** One entry of the slash menu (the editor's menu lists the text blocks between the two groups). */
export interface BlockSlashItem {
  id: string
  label: string
  hint: string
  keywords: string
  run: (editor: Editor) => void
}

/**
 * What the editor knows beyond the document, for blocks that act outside it: the project the
 * document is in (attachments upload into it) and a way to tell the user something (the page's
 * notice). A read-only view has no project and says nothing.
 */
export interface EditorEnv {
  projectId: string | null
  notify: (text: string) => void
}

/**
 * A block kind as the editor composes it: its Tiptap extensions and its slash-menu items. Adding a
 * block kind is a folder here and one line in BLOCK_KINDS; the editor reads nothing else.
 */
export interface BlockKind {
  readonly name: string
  /** The kind's nodes and plugins; blocks that assign ids wait for the first sync (`sync`). */
  extensions(sync: SyncHooks, env: EditorEnv): Extensions
  /** Listed before the text blocks (headings, lists…) or after them. */
  readonly slash?: { readonly place: 'before-text' | 'after-text'; readonly items: readonly BlockSlashItem[] }
}

export const BLOCK_KINDS: readonly BlockKind[] = [
  // Task blocks (shared/blocks/task.ts); ids are assigned only after the first sync.
  { name: 'task', extensions: (sync) => [TaskNode.configure(sync)], slash: { place: 'before-text', items: TASK_SLASH_ITEMS } },
  // Links to other documents: `[[` or `@` opens the page picker.
  { name: 'doc-link', extensions: () => [DocLink] },
  // @mentions of the project's members; `@` in the page picker above lists people first.
  { name: 'mention', extensions: () => [MentionNode] },
  // Tables: the slash item, the menu over the current table, tab-separated pastes.
  { name: 'table', extensions: () => tableExtensions(), slash: { place: 'after-text', items: TABLE_SLASH_ITEMS } },
  // Experiment log, deployment checklist, model card, run comparison; ids after the first sync.
  { name: 'ml', extensions: (sync) => [MlBlocks.configure(sync)], slash: { place: 'after-text', items: ML_SLASH_ITEMS } },
  // Images and files, uploaded as attachments of the project (shared/attachments/); paste, drop or pick.
  { name: 'attachments', extensions: (_sync, env) => [Attachments.configure(env)], slash: { place: 'after-text', items: ATTACHMENT_SLASH_ITEMS } },
]

/** The slash items of every block kind placed `place`, in BLOCK_KINDS order. */
export const blockSlashItems = (place: 'before-text' | 'after-text'): BlockSlashItem[] =>
  BLOCK_KINDS.flatMap((kind) => (kind.slash?.place === place ? kind.slash.items : []))
