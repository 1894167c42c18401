import { useEffect, useState } from 'react'
import type { JsonNode } from '#shared/api/docs'
import { stripBlockData } from '#shared/history/block-data'
import { historyApi, type VersionAuthor, type VersionMeta } from './api.ts'

export interface VersionView {
  version: VersionMeta
  content: JsonNode
  /** With `withAuthors`: who wrote the marked text (for the legend). */
  authors: VersionAuthor[] | null
}

/** A version's content, or with `withAuthors` its content with author marks; the last answer stays while the next loads. */
export function useVersionContent(
  docId: string,
  vid: number,
  withAuthors: boolean,
  /** With `withAuthors`: mark only text written after this older version (null: since the beginning). */
  since: number | null = null,
): { view: VersionView | null; error: unknown; loading: boolean } {
  const [state, setState] = useState<{ key: string; view: VersionView | null; error: unknown }>({ key: '', view: null, error: undefined })
  const key = `${vid}:${withAuthors}:${withAuthors ? since : ''}`
  // (The JSON's ML data snapshots are for diffs and Markdown, not node attrs: the preview's ML
  // blocks read the version's own state, use-version-doc.ts.)
  useEffect(() => {
    const abort = new AbortController()
    const load = withAuthors
      ? historyApi.authors(docId, vid, abort.signal, since).then((r) => ({ version: r.version, content: r.content, authors: r.authors }))
      : historyApi.version(docId, vid, abort.signal).then((r) => ({ version: r.version, content: stripBlockData(r.content), authors: null }))
    load.then(
      (view) => setState({ key, view, error: undefined }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState((s) => ({ ...s, key, error }))
      },
    )
    return () => abort.abort()
  }, [docId, vid, withAuthors, since, key])
  // A different version never shows the previous one's content; the same one with/without authors does.
  const same = state.view?.version.id === vid
  return { view: same ? state.view : null, error: state.key === key ? state.error : undefined, loading: state.key !== key }
}
