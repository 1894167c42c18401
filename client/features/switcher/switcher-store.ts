import { useEffect, useSyncExternalStore } from 'react'
import { readCache, writeCache } from '../../lib/local-cache.ts'

/**
 * The quick switcher's small shared state: whether it is open, which workspace the current page
 * belongs to (the top bar reports it), and the documents opened recently on this device.
 */
let state = { open: false, workspaceId: null as string | null }
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

/** Pages call this (through the top bar) with their workspace; null leaves the last one. */
export function useReportWorkspace(workspaceId: string | null): void {
  useEffect(() => {
    if (workspaceId !== null && workspaceId !== state.workspaceId) {
      emit({ workspaceId })
      writeCache('last-workspace', workspaceId)
    }
  }, [workspaceId])
}

export const lastWorkspace = (): string | null => state.workspaceId ?? readCache('last-workspace', (v): v is string => typeof v === 'string')

const RECENT_KEY = 'recent-docs'
const RECENT_MAX = 8
const isIds = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

export const recentDocs = (): string[] => readCache(RECENT_KEY, isIds) ?? []

export function recordVisit(docId: string): void {
  writeCache(RECENT_KEY, [docId, ...recentDocs().filter((id) => id !== docId)].slice(0, RECENT_MAX))
}
