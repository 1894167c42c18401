import type { TreeView } from '#shared/hub/tree'

/**
 * Where a dragged page lands. The row under the pointer is split in three: its top quarter drops
 * before it, its bottom quarter after it (as siblings), the middle inside it (last child). The
 * answer is in moveNode's terms: an index among the new parent's children *without* the dragged
 * page, so dropping a page right before or after itself is a no-op, not an off-by-one.
 */
export type DropZone = 'before' | 'inside' | 'after'

export interface DropPosition {
  parentId: string | null
  index: number
}

export function zoneAt(offsetY: number, height: number): DropZone {
  if (offsetY < height * 0.25) return 'before'
  if (offsetY > height * 0.75) return 'after'
  return 'inside'
}

/** null: not a valid drop (onto itself, into its own subtree, or an unknown row). */
export function dropPosition(view: TreeView, draggedId: string, overId: string, zone: DropZone): DropPosition | null {
  const over = view.byId.get(overId)
  if (!over || !view.byId.has(draggedId)) return null
  // Onto or into its own subtree would make a cycle.
  for (let cur: string | null = overId; cur !== null; cur = view.byId.get(cur)?.parentId ?? null) {
    if (cur === draggedId) return null
  }
  if (zone === 'inside') {
    return { parentId: over.id, index: over.children.filter((c) => c.id !== draggedId).length }
  }
  const parentId = over.parentId
  const siblings = (parentId === null ? view.roots : (view.byId.get(parentId)?.children ?? [])).filter((c) => c.id !== draggedId)
  const at = siblings.findIndex((c) => c.id === overId)
  return { parentId, index: zone === 'before' ? at : at + 1 }
}

/** True when dropping there changes nothing (same parent, same place): no indicator, no write. */
export function isNoop(view: TreeView, draggedId: string, pos: DropPosition): boolean {
  const node = view.byId.get(draggedId)
  if (!node || node.parentId !== pos.parentId) return false
  const siblings = pos.parentId === null ? view.roots : (view.byId.get(pos.parentId)?.children ?? [])
  return siblings.findIndex((c) => c.id === draggedId) === pos.index
}
