import type { Extensions } from '@tiptap/core'
import { TableKit } from '@tiptap/extension-table'
import { TablePaste } from './table-paste.ts'
import { TableMenuExtension } from './table-menu.ts'
import './table.css'

/**
 * Tables (shared/doc/rich-nodes.ts TABLE_NODES, Tiptap's own node names): TableKit with column
 * resizing (editable views only; Tiptap skips it in read-only ones), Tab and Shift-Tab between
 * cells, the menu over the current table, and tab-separated pastes as tables.
 */
export function tableExtensions(): Extensions {
  return [TableKit.configure({ table: { resizable: true, cellMinWidth: 100 } }), TablePaste, TableMenuExtension]
}
