import { InputRule, mergeAttributes, Node } from '@tiptap/core'
import { ReactNodeViewRenderer } from '@tiptap/react'
import { parseTaskAttrs, TASK_DEFAULTS, TASK_HTML, TASK_NODE, type TaskAttrs } from '#shared/blocks/task'
import { CHECK_IDS } from '../block-ids.ts'
import { taskIdPlugin, taskIdPluginKey } from './ids.ts'
import { TaskNodeView } from './TaskNodeView.tsx'
import { enterAction, markerAction, markerStatus, TASK_MARKER } from './entry.ts'

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    task: {
      /** Turns the current block into a task (or a task back into a paragraph). */
      toggleTask: () => ReturnType
    }
  }
}

export interface TaskNodeOptions {
  /** True once the document has synced with the server at least once (ids wait for it). */
  isReady: () => boolean
  /** Calls back once, when the document first syncs. Returns an unsubscribe. */
  onReady: (callback: () => void) => () => void
}

/** Every `data-*` attribute of a pasted element, for parseTaskAttrs. */
function dataAttrs(el: HTMLElement): Record<string, unknown> {
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(TASK_DEFAULTS) as Array<keyof TaskAttrs>) {
    const v = el.getAttribute(TASK_HTML.attr(key))
    if (v !== null) raw[key] = v
  }
  return raw
}

const toHtml = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v))

/**
 * The task block: built from the shared definition (shared/blocks/task.ts), never redefined.
 * Its inline content is the title; its fields are node attrs, which y-prosemirror stores as the
 * XmlElement attributes the server's indexer reads.
 */
export const TaskNode = Node.create<TaskNodeOptions>({
  name: TASK_NODE,
  group: 'block',
  content: 'inline*',
  defining: true,

  addOptions() {
    return { isReady: () => true, onReady: () => () => {} }
  },

  addAttributes() {
    const attrs: Record<string, object> = {}
    for (const key of Object.keys(TASK_DEFAULTS) as Array<keyof TaskAttrs>) {
      attrs[key] = {
        default: TASK_DEFAULTS[key],
        parseHTML: (el: HTMLElement) => parseTaskAttrs(dataAttrs(el))[key],
        renderHTML: (a: Record<string, unknown>) => {
          const v = toHtml(a[key])
          return v === null ? {} : { [TASK_HTML.attr(key)]: v }
        },
      }
    }
    return attrs
  },

  parseHTML() {
    // Above the list item's plain `li`.
    return [{ tag: TASK_HTML.tag, priority: 100 }]
  },

  renderHTML({ HTMLAttributes }) {
    return ['li', mergeAttributes({ 'data-type': 'task' }, HTMLAttributes), 0]
  },

  addNodeView() {
    return ReactNodeViewRenderer(TaskNodeView, { className: 'task-node' })
  },

  addCommands() {
    return {
      toggleTask:
        () =>
        ({ state, commands }) =>
          state.selection.$from.parent.type.name === TASK_NODE ? commands.setNode('paragraph') : commands.setNode(TASK_NODE),
    }
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-t': () => this.editor.commands.toggleTask(),
      // Enter ends a task and starts the next one; on an empty task it leaves the list of tasks
      // (entry.ts: enterAction).
      Enter: () => {
        const { state } = this.editor
        const { $from, empty } = state.selection
        if ($from.parent.type.name !== TASK_NODE) return false
        const action = enterAction({ size: empty ? $from.parent.content.size : 1, offset: empty ? $from.parentOffset : 1 })
        if (action === 'leave') return this.editor.commands.setNode('paragraph')
        return this.editor.commands.command(({ tr, dispatch }) => {
          if (!dispatch) return true
          const stage = $from.parent.attrs.stage as TaskAttrs['stage']
          const type = $from.parent.type
          if (action === 'insert-above') {
            tr.insert($from.before(), type.create({ ...TASK_DEFAULTS, stage })).scrollIntoView()
            return true
          }
          tr.deleteSelection()
          const $pos = tr.selection.$from
          tr.split($pos.pos, 1, [{ type, attrs: { ...TASK_DEFAULTS, stage } }]).scrollIntoView()
          return true
        })
      },
      // Backspace at the start of a task turns it back into a paragraph, like a list item.
      Backspace: () => {
        const { $from, empty } = this.editor.state.selection
        if (!empty || $from.parent.type.name !== TASK_NODE || $from.parentOffset !== 0) return false
        return this.editor.commands.setNode('paragraph')
      },
    }
  },

  addInputRules() {
    return [
      // `[] `, `[ ] ` or `[x] ` at the start of a paragraph makes a task; at the start of a task the
      // marker is dropped (entry.ts says why).
      new InputRule({
        find: TASK_MARKER,
        handler: ({ state, range, match }) => {
          const status = markerStatus(match[0])
          if (!status) return null
          const $from = state.doc.resolve(range.from)
          const parent = $from.parent
          const type = parent.type.name === 'paragraph' ? 'paragraph' : parent.type.name === TASK_NODE ? 'task' : 'other'
          const action = markerAction({ type, offset: $from.parentOffset, deps: type === 'task' ? parseTaskAttrs(parent.attrs).deps : [] }, status)
          if (action.kind === 'none') return null
          const tr = state.tr.delete(range.from, range.to)
          if (action.kind === 'make-task') {
            tr.setBlockType(range.from, range.from, state.schema.nodes[TASK_NODE]!, action.status === 'done' ? { status: 'done' } : {})
          } else if (action.status === 'done' && parent.attrs.status !== 'done') {
            tr.setNodeAttribute($from.before(), 'status', 'done')
          }
        },
      }),
    ]
  },

  addProseMirrorPlugins() {
    return [taskIdPlugin({ isReady: this.options.isReady, isEditable: () => this.editor.isEditable })]
  },

  onCreate() {
    // Ids wait for the first sync; then one pass over the whole document assigns what is missing.
    const editor = this.editor
    const storage = this.storage as TaskStorage
    storage.off = this.options.onReady(() => {
      if (!storage.destroyed) editor.view.dispatch(editor.state.tr.setMeta(taskIdPluginKey, CHECK_IDS))
    })
  },

  addStorage(): TaskStorage {
    return { off: () => {}, destroyed: false }
  },

  onDestroy() {
    const storage = this.storage as TaskStorage
    storage.destroyed = true
    storage.off()
  },
})

interface TaskStorage {
  off: () => void
  destroyed: boolean
}
