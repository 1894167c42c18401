import { useCallback, useEffect, useRef, useState } from 'react'
import { historyApi, type VersionMeta } from './api.ts'

export interface Versions {
  versions: VersionMeta[]
  /** More, older versions to load. */
  more: boolean
  loading: boolean
  error: unknown
  loadOlder: () => void
  reload: () => void
}

/**
 * The document's versions, newest first, a page at a time. Refetched from the top when
 * `generation` changes (a version was named or restored) and when the panel opens; older pages
 * are appended by "Load older". A reload keeps the list on screen until the answer comes.
 */
export function useVersions(docId: string, generation: number, active: boolean): Versions {
  const [versions, setVersions] = useState<VersionMeta[]>([])
  const [nextBefore, setNextBefore] = useState<number | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [tick, setTick] = useState(0)
  // Answers from an older request (a reload raced a "Load older") are dropped.
  const request = useRef(0)

  useEffect(() => {
    if (!active) return
    const mine = ++request.current
    setLoading(true)
    historyApi.list(docId).then(
      (page) => {
        if (mine !== request.current) return
        setVersions(page.versions)
        setNextBefore(page.nextBefore)
        setError(undefined)
        setLoading(false)
      },
      (err: unknown) => {
        if (mine !== request.current) return
        setError(err)
        setLoading(false)
      },
    )
  }, [docId, generation, active, tick])

  const loadOlder = useCallback(() => {
    if (nextBefore === null) return
    const mine = ++request.current
    setLoading(true)
    historyApi.list(docId, nextBefore).then(
      (page) => {
        if (mine !== request.current) return
        // A version closed meanwhile may shift the pages: never list one twice.
        setVersions((list) => [...list, ...page.versions.filter((v) => !list.some((x) => x.id === v.id))])
        setNextBefore(page.nextBefore)
        setLoading(false)
      },
      (err: unknown) => {
        if (mine !== request.current) return
        setError(err)
        setLoading(false)
      },
    )
  }, [docId, nextBefore])

  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { versions, more: nextBefore !== null, loading, error, loadOlder, reload }
}
