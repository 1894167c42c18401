import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { tsvRows } from './tsv.ts'

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/** Rows of text as the HTML a spreadsheet would put on the clipboard: one paragraph per line of a cell. */
export function rowsToHtml(rows: readonly (readonly string[])[], header: boolean): string {
  const cell = (text: string, tag: string) =>
    `<${tag}>${text
      .split('\n')
      .map((line) => `<p>${esc(line)}</p>`)
      .join('')}</${tag}>`
  const body = rows.map((row, r) => `<tr>${row.map((text) => cell(text, header && r === 0 ? 'th' : 'td')).join('')}</tr>`).join('')
  return `<table>${body}</table>`
}

function inTable(view: EditorView): boolean {
  const { $from } = view.state.selection
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type.spec.tableRole === 'table') return true
  return false
}

/**
 * Tab-separated text (a spreadsheet copied as text, a terminal's column output) pasted as a table,
 * or into the table the cursor is in, filling cells from the current one and growing the table
 * as needed. It goes through `pasteHTML`, so the table extension's own paste does the filling
 * and ProseMirror's parser builds the cells. A clipboard with an HTML table (Sheets, Excel)
 * already pastes as a table and is left alone; so is any other HTML outside a table (a code
 * editor's copy carries tabs too, and must stay text).
 */
export const TablePaste = Extension.create({
  name: 'keelTablePaste',
  // Before the table extension's paste handler, which would paste the text into a single cell.
  priority: 101,
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('keelTablePaste'),
        props: {
          handlePaste(view, event) {
            const data = event.clipboardData
            if (!data || !view.editable) return false
            const html = data.getData('text/html')
            const text = data.getData('text/plain')
            if (/<table[\s>]/i.test(html) || view.state.selection.$from.parent.type.spec.code) return false
            const table = inTable(view)
            if (!table && html.trim() !== '') return false
            const rows = tsvRows(text, table)
            if (rows === null) return false
            return view.pasteHTML(rowsToHtml(rows, !table))
          },
        },
      }),
    ]
  },
})
