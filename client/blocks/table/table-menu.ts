import { Extension, type Editor } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { TableMenu } from './TableMenu.tsx'

/** Pixels from the top of the window that the top bar and the sticky toolbar take. */
const TOP_CLEARANCE = 100
/** The vertical menu's width (table.css, .table-menu--vertical). */
const GUTTER_MENU_WIDTH = 36

/** The DOM of the table the selection is in (its scrolling wrapper when it has one), or null. */
function tableDom(view: EditorView): HTMLElement | null {
  const { $from } = view.state.selection
  for (let d = $from.depth; d > 0; d--) {
    if ($from.node(d).type.spec.tableRole !== 'table') continue
    const dom = view.nodeDOM($from.before(d))
    return dom instanceof HTMLElement ? dom : null
  }
  return null
}

/**
 * Shows TableMenu beside the table the cursor is in, while the editor is editable and focused. A
 * plugin view (like the link picker), so the editor's files know nothing of tables; it follows
 * the table when the page scrolls.
 */
export const TableMenuExtension = Extension.create({
  name: 'keelTableMenu',
  addProseMirrorPlugins() {
    const editor: Editor = this.editor
    return [
      new Plugin({
        key: new PluginKey('keelTableMenu'),
        view(view) {
          const container = document.createElement('div')
          container.className = 'table-menu__host'
          document.body.append(container)
          let root: Root | null = createRoot(container)
          let shown = false

          const render = (): void => {
            const dom = view.editable && view.hasFocus() ? tableDom(view) : null
            if (dom === null) {
              if (shown) root?.render(null)
              shown = false
              return
            }
            const rect = dom.getBoundingClientRect()
            const column = view.dom.getBoundingClientRect()
            // In the margin left of the column, level with the table (it covers no text there);
            // above the table when the window leaves no margin. Never under the top bar and toolbar.
            const side = column.left - GUTTER_MENU_WIDTH - 12 >= 8
            const top = side ? Math.min(Math.max(TOP_CLEARANCE, rect.top), rect.bottom - 40) : Math.min(Math.max(TOP_CLEARANCE, rect.top - 40), rect.bottom - 8)
            if (top < TOP_CLEARANCE) {
              if (shown) root?.render(null)
              shown = false
              return
            }
            shown = true
            const left = side ? column.left - GUTTER_MENU_WIDTH - 12 : rect.left
            root?.render(createElement(TableMenu, { editor, position: { left, top }, vertical: side }))
          }
          // Focus leaves the editor for another part of the page: the menu goes (after the click
          // that moved focus, so the menu's own buttons, which keep focus, still work).
          const onFocusChange = (): void => void setTimeout(render, 0)
          view.dom.addEventListener('focus', onFocusChange)
          view.dom.addEventListener('blur', onFocusChange)
          window.addEventListener('scroll', render, { capture: true, passive: true })
          window.addEventListener('resize', render)

          return {
            update: render,
            destroy() {
              view.dom.removeEventListener('focus', onFocusChange)
              view.dom.removeEventListener('blur', onFocusChange)
              window.removeEventListener('scroll', render, { capture: true })
              window.removeEventListener('resize', render)
              const r = root
              root = null
              // Unmounting during React's own render is refused; do it right after.
              queueMicrotask(() => {
                r?.unmount()
                container.remove()
              })
            },
          }
        },
      }),
    ]
  },
})
