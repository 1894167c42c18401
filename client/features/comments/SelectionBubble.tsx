import type { Editor } from '@tiptap/core'
import { useEffect, useState } from 'react'
import { createPortal } from 'react-dom'

/**
 * A small "Comment" button over a non-empty selection in the document. It follows the page's
 * selection (not the editor's state), so it also shows in a read-only document, where a
 * commenter selects text ProseMirror does not track. `onComment` is the panel's own start.
 */
export function SelectionBubble({ editor, onComment }: { editor: Editor; onComment: () => void }) {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null)

  useEffect(() => {
    const place = () => {
      const sel = window.getSelection()
      const root = editor.isDestroyed ? null : editor.view.dom
      if (
        !root ||
        !sel ||
        sel.isCollapsed ||
        sel.rangeCount === 0 ||
        !root.contains(sel.anchorNode) ||
        !root.contains(sel.focusNode) ||
        !sel.toString().trim()
      ) {
        setAt(null)
        return
      }
      const box = sel.getRangeAt(0).getBoundingClientRect()
      // Above the selection; below it when the top is under the sticky top bar.
      setAt(box.top < 100 ? { x: box.left + box.width / 2, y: box.bottom + 44 } : { x: box.left + box.width / 2, y: box.top })
    }
    document.addEventListener('selectionchange', place)
    window.addEventListener('scroll', place, true)
    window.addEventListener('resize', place)
    return () => {
      document.removeEventListener('selectionchange', place)
      window.removeEventListener('scroll', place, true)
      window.removeEventListener('resize', place)
    }
  }, [editor])

  if (!at) return null
  return createPortal(
    <div className="cbubble" style={{ left: at.x, top: at.y }} data-testid="comment-bubble">
      <button
        type="button"
        className="toolbar__button"
        // Mouse down must not take the selection away before the click reads it.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          onComment()
          setAt(null)
        }}
        title="Comment on the selection (Ctrl+Alt+M)"
      >
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round">
          <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />
        </svg>
        Comment
      </button>
    </div>,
    document.body,
  )
}
