import { useEffect, useState } from 'react'
import type { SearchHit } from '#shared/api/hub'
import { api } from './http.ts'

/** One answer of GET /api/workspaces/:id/search (the switcher and the link picker both search). */
export type { SearchHit } from '#shared/api/hub'

const enc = encodeURIComponent
const searchDocs = (workspaceId: string, q: string, signal?: AbortSignal) =>
  api<SearchHit[]>(`/api/workspaces/${enc(workspaceId)}/search?q=${enc(q)}`, signal ? { signal } : {})

/** Workspace search as you type: debounced, the previous request cancelled, errors as "no results". */
export function useSearch(workspaceId: string | null, query: string, delayMs = 120): { hits: SearchHit[]; loading: boolean } {
  const [state, setState] = useState<{ key: string; hits: SearchHit[]; loading: boolean }>({ key: '', hits: [], loading: false })
  const q = query.trim()
  const key = `${workspaceId}\u0000${q}`
  useEffect(() => {
    if (workspaceId === null || q === '') return
    const abort = new AbortController()
    setState((s) => ({ key, hits: s.hits, loading: true }))
    const timer = setTimeout(() => {
      searchDocs(workspaceId, q.slice(0, 100), abort.signal).then(
        (hits) => setState({ key, hits, loading: false }),
        () => {
          if (!abort.signal.aborted) setState({ key, hits: [], loading: false })
        },
      )
    }, delayMs)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [workspaceId, q, key, delayMs])
  if (q === '' || workspaceId === null) return { hits: [], loading: false }
  return { hits: state.hits, loading: state.loading || state.key !== key }
}
