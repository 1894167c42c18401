import type { Editor } from '@tiptap/core'

/** The table in the slash menu: a 3×3 grid with a header row, the cursor in its first cell. */
export const TABLE_SLASH_ITEMS = [
  {
    id: 'table',
    label: 'Table',
    hint: 'Rows and columns, with a header row',
    keywords: 'table grid rows columns spreadsheet',
    run: (e: Editor) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
]
