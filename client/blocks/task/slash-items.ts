import type { Editor } from '@tiptap/core'
import { TASK_NODE } from '#shared/blocks/task'

/** The task block in the slash menu: the current line becomes a task. */
export const TASK_SLASH_ITEMS = [
  {
    id: 'task',
    label: 'Task',
    hint: 'A to-do with status, owner and due date',
    keywords: 'task todo checkbox action',
    run: (e: Editor) => e.chain().focus().setNode(TASK_NODE).run(),
  },
]
