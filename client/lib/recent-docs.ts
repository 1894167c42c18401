import { useEffect, useSyncExternalStore } from 'react'
import { readCache, writeCache } from './local-cache.ts'

/**
 * Where you were on this device: the workspace the current page belongs to (the top bar reports
 * it) and the documents opened recently. The quick switcher and the link picker both start from
 * these, so they live below both.
 */
let workspaceId: string | null = null
const listeners = new Set<() => void>()
const subscribe = (l: () => void): (() => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}

/** Pages call this (through the top bar) with their workspace; null leaves the last one. */
export function useReportWorkspace(id: string | null): void {
  useEffect(() => {
    if (id !== null && id !== workspaceId) {
      workspaceId = id
      for (const l of listeners) l()
      writeCache('last-workspace', id)
    }
  }, [id])
}

export const lastWorkspace = (): string | null => workspaceId ?? readCache('last-workspace', (v): v is string => typeof v === 'string')

/** lastWorkspace(), re-rendering when a page reports another workspace. */
export function useLastWorkspace(): string | null {
  useSyncExternalStore(subscribe, () => workspaceId)
  return lastWorkspace()
}

const RECENT_KEY = 'recent-docs'
const RECENT_MAX = 8
const isIds = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

export const recentDocs = (): string[] => readCache(RECENT_KEY, isIds) ?? []

export function recordVisit(docId: string): void {
  writeCache(RECENT_KEY, [docId, ...recentDocs().filter((id) => id !== docId)].slice(0, RECENT_MAX))
}
