import { useCallback, useEffect, useState } from 'react'
import type { TreeView } from '#shared/hub/tree'
import { readCache, writeCache } from '../../../lib/local-cache.ts'

const isIds = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

/**
 * Which pages are expanded, remembered per project on this device (a personal view, so not in
 * the shared tree). The current page's ancestors open by themselves so it is always visible.
 */
export function useExpanded(
  projectId: string,
  view: TreeView,
  currentDocId: string | null,
): { isOpen: (id: string) => boolean; toggle: (id: string, open?: boolean) => void } {
  const key = `tree-open:${projectId}`
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(readCache(key, isIds) ?? []))

  const toggle = useCallback(
    (id: string, value?: boolean) =>
      setOpen((prev) => {
        const next = new Set(prev)
        if (value ?? !prev.has(id)) next.add(id)
        else next.delete(id)
        writeCache(key, [...next])
        return next
      }),
    [key],
  )

  useEffect(() => {
    if (currentDocId === null) return
    const missing: string[] = []
    for (let cur = view.byId.get(currentDocId)?.parentId ?? null; cur !== null; cur = view.byId.get(cur)?.parentId ?? null) {
      if (!open.has(cur)) missing.push(cur)
    }
    if (missing.length > 0) setOpen((prev) => new Set([...prev, ...missing]))
  }, [currentDocId, view, open])

  return { isOpen: (id) => open.has(id), toggle }
}
