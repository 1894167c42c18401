import { useSyncExternalStore } from 'react'

/**
 * Whether the page tree is open as a drawer (a narrow screen, where it does not fit beside the
 * page). The top bar's menu button opens it; the shell that draws the tree closes it on a
 * navigation, Escape or a tap outside.
 */
let open = false
const listeners = new Set<() => void>()

export function setNavDrawerOpen(next: boolean): void {
  if (next === open) return
  open = next
  for (const l of listeners) l()
}

const subscribe = (l: () => void): (() => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}

export const useNavDrawerOpen = (): boolean => useSyncExternalStore(subscribe, () => open)
