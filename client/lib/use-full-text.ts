import { useEffect, useState } from 'react'
import type { FullTextHit, SearchResults } from '#shared/api/search'
import { SEARCH_LIMITS } from '#shared/limits'
import { api } from './http.ts'

export type { FullTextHit } from '#shared/api/search'

/** Filters of GET /api/search besides `q` (empty values are left out). */
export type SearchFilters = Partial<Record<'projectId' | 'kind' | 'type' | 'author' | 'since' | 'status' | 'assignee' | 'stage' | 'limit', string>>

export function searchUrl(q: string, filters: SearchFilters = {}, cursor?: string): string {
  const params = new URLSearchParams({ q: q.slice(0, SEARCH_LIMITS.maxQueryChars) })
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v)
  if (cursor) params.set('cursor', cursor)
  return `/api/search?${params}`
}

/**
 * Full-text search as you type: debounced, the previous request cancelled when the query or the
 * filters change (a stale answer never replaces a newer one), errors as "no results".
 */
export function useFullTextSearch(query: string, filters: SearchFilters = {}, delayMs = 120): { hits: FullTextHit[]; next: string | null; loading: boolean } {
  const q = query.trim()
  const key = searchUrl(q, filters)
  const [state, setState] = useState<{ key: string; hits: FullTextHit[]; next: string | null; loading: boolean }>({
    key: '',
    hits: [],
    next: null,
    loading: false,
  })
  useEffect(() => {
    if (q === '') return
    const abort = new AbortController()
    setState((s) => ({ ...s, key, loading: true }))
    const timer = setTimeout(() => {
      api<SearchResults>(key, { signal: abort.signal }).then(
        (r) => setState({ key, hits: r.hits, next: r.next, loading: false }),
        () => {
          if (!abort.signal.aborted) setState({ key, hits: [], next: null, loading: false })
        },
      )
    }, delayMs)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [q, key, delayMs])
  if (q === '') return { hits: [], next: null, loading: false }
  return { hits: state.hits, next: state.key === key ? state.next : null, loading: state.loading || state.key !== key }
}
