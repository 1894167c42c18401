import { useEffect, useSyncExternalStore } from 'react'

/**
 * Which project the sidebar shows. The document page says so once it knows the document's
 * project; the sidebar itself lives above the pages (AppShell), so moving between documents
 * keeps it mounted: its scroll, open folders and a rename in progress survive the navigation.
 */
let projectId: string | null = null
const listeners = new Set<() => void>()

function set(id: string | null): void {
  if (id === projectId) return
  projectId = id
  for (const l of listeners) l()
}

const subscribe = (l: () => void): (() => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}

export const useSidebarProjectId = (): string | null => useSyncExternalStore(subscribe, () => projectId)

/** Called by a page that wants the project sidebar (null: not known yet; the last one stays). */
export function useShowSidebar(id: string | null): void {
  useEffect(() => {
    if (id !== null) set(id)
  }, [id])
}
