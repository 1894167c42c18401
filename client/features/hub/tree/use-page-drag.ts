import { useCallback, useRef, useState, type DragEvent } from 'react'
import type { TreeView } from '#shared/hub/tree'
import { dropPosition, isNoop, zoneAt, type DropPosition, type DropZone } from './drop-position.ts'

const MIME = 'application/x-keel-page'
const OPEN_AFTER_MS = 700

/**
 * HTML5 drag and drop for a page tree: which page is dragged, where it would land (drawn as a
 * line before/after a row or a highlight inside it), and the drop itself. Hovering the middle of
 * a collapsed page for a moment opens it, so pages can be dropped between its children.
 */
export function usePageDrag(view: TreeView, onMove: (id: string, to: DropPosition) => void, expand: (id: string) => void) {
  const dragged = useRef<string | null>(null)
  const [target, setTarget] = useState<{ overId: string; zone: DropZone } | null>(null)
  const openTimer = useRef<{ id: string; timer: ReturnType<typeof setTimeout> } | null>(null)

  const clearTimer = () => {
    if (openTimer.current) clearTimeout(openTimer.current.timer)
    openTimer.current = null
  }
  const end = useCallback(() => {
    dragged.current = null
    clearTimer()
    setTarget(null)
  }, [])

  const rowProps = (id: string) => ({
    draggable: true,
    onDragStart: (event: DragEvent<HTMLElement>) => {
      dragged.current = id
      event.dataTransfer.effectAllowed = 'move'
      event.dataTransfer.setData(MIME, id)
    },
    onDragEnd: end,
    onDragOver: (event: DragEvent<HTMLElement>) => {
      const from = dragged.current
      if (from === null) return
      const rect = event.currentTarget.getBoundingClientRect()
      const zone = zoneAt(event.clientY - rect.top, rect.height)
      const pos = dropPosition(view, from, id, zone)
      if (pos === null || isNoop(view, from, pos)) {
        setTarget(null)
        return
      }
      event.preventDefault()
      event.dataTransfer.dropEffect = 'move'
      setTarget((t) => (t?.overId === id && t.zone === zone ? t : { overId: id, zone }))
      if (zone === 'inside' && openTimer.current?.id !== id) {
        clearTimer()
        openTimer.current = { id, timer: setTimeout(() => expand(id), OPEN_AFTER_MS) }
      } else if (zone !== 'inside') clearTimer()
    },
    onDrop: (event: DragEvent<HTMLElement>) => {
      event.preventDefault()
      const from = dragged.current
      const t = target
      end()
      if (from === null || t === null) return
      const pos = dropPosition(view, from, t.overId, t.zone)
      if (pos !== null && !isNoop(view, from, pos)) onMove(from, pos)
    },
  })

  /** The strip under the last row: drops there go to the end of the top level. */
  const endProps = {
    onDragOver: (event: DragEvent<HTMLElement>) => {
      if (dragged.current === null) return
      event.preventDefault()
      setTarget({ overId: '', zone: 'after' })
    },
    onDragLeave: () => setTarget((t) => (t?.overId === '' ? null : t)),
    onDrop: (event: DragEvent<HTMLElement>) => {
      event.preventDefault()
      const from = dragged.current
      end()
      if (from !== null) onMove(from, { parentId: null, index: view.roots.filter((r) => r.id !== from).length })
    },
  }

  return { rowProps, endProps, target, dragging: dragged.current }
}
