import { useSyncExternalStore } from 'react'

/**
 * Whether the quick switcher is open. Where you were (last workspace, recent documents) is in
 * lib/recent-docs.ts, which the link picker shares.
 */
let state = { open: false }
const listeners = new Set<() => void>()
const emit = (patch: Partial<typeof state>): void => {
  state = { ...state, ...patch }
  for (const l of listeners) l()
}
const subscribe = (l: () => void): (() => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}

export const useSwitcherState = () => useSyncExternalStore(subscribe, () => state)
export const openSwitcher = (): void => emit({ open: true })
export const closeSwitcher = (): void => emit({ open: false })
export const toggleSwitcher = (): void => emit({ open: !state.open })
