import type { Editor } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { tableNode } from '#shared/doc/rich-nodes'

const EMPTY_3X3 = (): ReturnType<typeof tableNode> =>
  tableNode(
    Array.from({ length: 3 }, () => [[], [], []]),
    { header: true },
  )

/**
 * A 3×3 table with a header row, the cursor in its first cell. Typed inside a table, the new one
 * goes below that table rather than into the cell: a table in a cell is hard to read, and no
 * export format has one.
 */
function insertTable(e: Editor): boolean {
  const { $from } = e.state.selection
  for (let d = $from.depth; d > 0; d--) {
    if ($from.node(d).type.spec.tableRole !== 'table') continue
    const after = $from.after(d)
    return e
      .chain()
      .focus()
      .insertContentAt(after, EMPTY_3X3())
      .command(({ tr }) => {
        // table > row > cell > paragraph: the first cell's text starts four positions in.
        tr.setSelection(TextSelection.near(tr.doc.resolve(after + 4)))
        return true
      })
      .run()
  }
  return e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()
}

/** The table in the slash menu. */
export const TABLE_SLASH_ITEMS = [
  {
    id: 'table',
    label: 'Table',
    hint: 'Rows and columns, with a header row',
    keywords: 'table grid rows columns spreadsheet',
    run: (e: Editor) => void insertTable(e),
  },
]
