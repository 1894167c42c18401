import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { TASK_NODE, TASK_PRIORITIES, TASK_STATUSES } from '#shared/blocks/task'
import { int, pick } from './helpers.ts'
// Type-only: the commands these packages add to Tiptap's command types (heading; undo/redo).
import type {} from '@tiptap/extension-collaboration'
import type {} from '@tiptap/starter-kit'

// The task block's own command declaration (test/ compiles client code).
import type {} from '../../client/blocks/task/task-node.ts'

/**
 * Random editing through a real editor's commands, the way a person's keys and toolbar clicks
 * reach it: typing, deleting (inside a block and across blocks), Enter (which splits a paragraph
 * or ends a task), bold/italic/strike set and unset, headings, task blocks created by the toolbar
 * command or inserted whole, task status and fields, whole blocks deleted, undo and redo.
 * Every choice comes from `rand`, so a seed replays the same choices given the same document.
 */

// BMP characters only: a position is never inside a surrogate pair in an editor either (see
// docs/RELIABILITY.md, "Yjs and surrogate pairs").
const WORDS = ['keel', 'yjs', 'tiptap', 'crdt', 'sync', 'ack', 'wal', 'fsync', ' ', 'é', 'ß', '中文', 'lorem ipsum']

interface Block {
  pos: number
  node: PMNode
}

/** Every textblock (paragraph, heading, task) with the position just before it. */
function textblocks(doc: PMNode): Block[] {
  const out: Block[] = []
  doc.descendants((node, pos) => {
    if (node.isTextblock) out.push({ pos, node })
    return !node.isTextblock
  })
  return out
}

/** A position inside a textblock's content (from its start to its end, both included). */
const inside = (rand: () => number, b: Block): number => b.pos + 1 + int(rand, b.node.content.size + 1)

/** A range inside one textblock, at least one position long when the block has content. */
function rangeIn(rand: () => number, b: Block): { from: number; to: number } {
  const size = b.node.content.size
  const start = int(rand, size + 1)
  return { from: b.pos + 1 + start, to: b.pos + 1 + Math.min(size, start + 1 + int(rand, 8)) }
}

const MARKS = ['bold', 'italic', 'strike'] as const

export type OpKind =
  | 'type'
  | 'delete'
  | 'deleteAcross'
  | 'enter'
  | 'mark'
  | 'unsetMark'
  | 'unsetAllMarks'
  | 'heading'
  | 'toggleTask'
  | 'insertTask'
  | 'taskStatus'
  | 'taskFields'
  | 'deleteBlock'
  | 'undo'
  | 'redo'

/** Weighted: the numbers are relative frequencies. */
const WEIGHTS: [OpKind, number][] = [
  ['type', 28],
  ['delete', 10],
  ['deleteAcross', 3],
  ['enter', 7],
  ['mark', 8],
  ['unsetMark', 6],
  ['unsetAllMarks', 2],
  ['heading', 3],
  ['toggleTask', 5],
  ['insertTask', 5],
  ['taskStatus', 7],
  ['taskFields', 3],
  ['deleteBlock', 3],
  ['undo', 8],
  ['redo', 2],
]
const TOTAL = WEIGHTS.reduce((n, [, w]) => n + w, 0)

function chooseKind(rand: () => number): OpKind {
  let r = rand() * TOTAL
  for (const [kind, w] of WEIGHTS) if ((r -= w) < 0) return kind
  return 'type'
}

/** One random edit. Returns its kind and whether the editor applied it (a command may refuse). */
export function randomEditorEdit(editor: Editor, rand: () => number): { kind: OpKind; applied: boolean } {
  const kind = chooseKind(rand)
  const blocks = textblocks(editor.state.doc)
  const block = pick(rand, blocks)
  const tasks = blocks.filter((b) => b.node.type.name === TASK_NODE)
  const chain = () => editor.chain()
  let applied = false
  switch (kind) {
    case 'type':
      applied = chain().insertContentAt(inside(rand, block), pick(rand, WORDS)).run()
      break
    case 'delete': {
      const r = rangeIn(rand, block)
      applied = r.to > r.from && chain().deleteRange(r).run()
      break
    }
    case 'deleteAcross': {
      // From inside one block to inside a later one: the blocks between go, the two ends join.
      const j = blocks.indexOf(block)
      const later = blocks.slice(j + 1)
      applied =
        later.length > 0 &&
        chain()
          .deleteRange({ from: inside(rand, block), to: inside(rand, pick(rand, later)) })
          .run()
      break
    }
    case 'enter':
      applied = chain().setTextSelection(inside(rand, block)).run() && editor.commands.keyboardShortcut('Enter')
      break
    case 'mark': {
      const mark = pick(rand, MARKS)
      applied = chain().setTextSelection(rangeIn(rand, block)).setMark(mark).run()
      break
    }
    case 'unsetMark':
      // What Tiptap writes for this is a `{ mark: null }` format on the Y.XmlText.
      applied = chain().setTextSelection(rangeIn(rand, block)).unsetMark(pick(rand, MARKS)).run()
      break
    case 'unsetAllMarks':
      applied = chain().setTextSelection(rangeIn(rand, block)).unsetAllMarks().run()
      break
    case 'heading':
      applied = chain()
        .setTextSelection(inside(rand, block))
        .toggleHeading({ level: (1 + int(rand, 3)) as 1 | 2 | 3 })
        .run()
      break
    case 'toggleTask':
      // The toolbar's task button: the block becomes a task, or a task becomes a paragraph.
      applied = chain().setTextSelection(inside(rand, block)).toggleTask().run()
      break
    case 'insertTask': {
      // A whole task block inserted before or after a block (a template, a paste of one task).
      const at = rand() < 0.5 ? block.pos : block.pos + block.node.nodeSize
      applied = chain()
        .insertContentAt(at, {
          type: TASK_NODE,
          content: [
            {
              type: 'text',
              text: pick(
                rand,
                WORDS.filter((w) => w.trim()),
              ),
            },
          ],
        })
        .run()
      break
    }
    case 'taskStatus': {
      if (tasks.length === 0) break
      const t = pick(rand, tasks)
      applied = chain()
        .setTextSelection(inside(rand, t))
        .updateAttributes(TASK_NODE, { status: pick(rand, TASK_STATUSES) })
        .run()
      break
    }
    case 'taskFields': {
      if (tasks.length === 0) break
      const t = pick(rand, tasks)
      const ids = tasks.map((b) => b.node.attrs.id as string | null).filter((id): id is string => !!id)
      const attrs =
        rand() < 0.5
          ? { priority: pick(rand, TASK_PRIORITIES) }
          : { deps: ids.length ? [pick(rand, ids)] : [], due: `2027-0${1 + int(rand, 9)}-1${int(rand, 10)}` }
      applied = chain().setTextSelection(inside(rand, t)).updateAttributes(TASK_NODE, attrs).run()
      break
    }
    case 'deleteBlock':
      applied =
        blocks.length > 1 &&
        chain()
          .deleteRange({ from: block.pos, to: block.pos + block.node.nodeSize })
          .run()
      break
    case 'undo':
      applied = editor.commands.undo()
      break
    case 'redo':
      applied = editor.commands.redo()
      break
  }
  return { kind, applied }
}
