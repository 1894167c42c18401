import { useCallback, useEffect, useState } from 'react'
import { api } from './http.ts'

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  /** Fetches again (after a change), keeping the current data on screen meanwhile. */
  reload: () => void
  /** Updates the data locally (optimistic changes; `reload` puts the server's answer back). */
  mutate: (update: (data: T) => T) => void
}

/** GET `path` (null: nothing to fetch yet) and keep the answer; refetches when `path` changes. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ path: string | null; data: T | undefined; error: unknown; loading: boolean }>({
    path,
    data: undefined,
    error: undefined,
    loading: path !== null,
  })
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    if (path === null) return
    const abort = new AbortController()
    setState((s) => (s.path === path ? { ...s, loading: true } : { path, data: undefined, error: undefined, loading: true }))
    api<T>(path, { signal: abort.signal }).then(
      (data) => setState({ path, data, error: undefined, loading: false }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState((s) => ({ ...s, path, error, loading: false }))
      },
    )
    return () => abort.abort()
  }, [path, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  const mutate = useCallback((update: (data: T) => T) => setState((s) => (s.data === undefined ? s : { ...s, data: update(s.data) })), [])
  // While a new path loads, never show the previous path's data.
  const current = state.path === path
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: current ? state.loading : path !== null, reload, mutate }
}
