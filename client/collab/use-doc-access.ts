import { useCallback, useEffect, useState } from 'react'
import { ROLES } from '#shared/auth/roles'
import { api, ApiError, NetworkError } from '../lib/http.ts'
import type { DocMeta, ProjectView, Role } from '../lib/api-types.ts'
import { readCache, writeCache } from '../lib/local-cache.ts'
import { isMarkedPending } from './pending-pages.ts'

/**
 * What the document page needs before it opens the editor: whether the document is shared with
 * you, your role (read-only below editor) and where it lives (for the breadcrumb). Asked of the
 * server first; with no network, the last answer cached on this device stands in, so a document
 * opened before still opens (its content comes from IndexedDB).
 */
export interface DocInfo {
  id: string
  title: string
  role: Role
  project: { id: string; name: string; workspaceId: string } | null
}

export type DocAccess =
  | { state: 'loading' }
  | { state: 'ready'; info: DocInfo; offline: boolean }
  | { state: 'not-found' }
  /** No network, and this document was never opened on this device. */
  | { state: 'unreachable' }
  | { state: 'error' }

const cacheKey = (docId: string): string => `doc-meta:${docId}`

/** Remembers what a page created on this device is, so it opens before the server knows it. */
export const rememberDocInfo = (info: DocInfo): void => writeCache(cacheKey(info.id), info)

function isDocInfo(v: unknown): v is DocInfo {
  const d = v as DocInfo | null
  return typeof d?.id === 'string' && typeof d.title === 'string' && (ROLES as readonly string[]).includes(d.role)
}

async function fetchInfo(docId: string, signal: AbortSignal): Promise<DocInfo> {
  const meta = await api<DocMeta>(`/api/docs/${encodeURIComponent(docId)}`, { signal })
  let project: DocInfo['project'] = null
  if (meta.projectId !== null) {
    // Only for the breadcrumb: the document opens without it.
    project = await api<ProjectView>(`/api/projects/${encodeURIComponent(meta.projectId)}`, { signal }).then(
      (p) => ({ id: p.id, name: p.name, workspaceId: p.workspaceId }),
      () => readCache(cacheKey(docId), isDocInfo)?.project ?? null,
    )
  }
  return { id: meta.id, title: meta.title, role: meta.role, project }
}

export function useDocAccess(docId: string): DocAccess & { refresh: () => void } {
  const [access, setAccess] = useState<DocAccess & { docId: string }>({ docId, state: 'loading' })
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    const abort = new AbortController()
    fetchInfo(docId, abort.signal).then(
      (info) => {
        writeCache(cacheKey(docId), info)
        setAccess({ docId, state: 'ready', info, offline: false })
      },
      (err: unknown) => {
        if (abort.signal.aborted) return
        if (err instanceof NetworkError) {
          const cached = readCache(cacheKey(docId), isDocInfo)
          setAccess(cached ? { docId, state: 'ready', info: cached, offline: true } : { docId, state: 'unreachable' })
        } else if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
          // A page created here offline whose tree update the server has not seen yet: open it
          // from this device; the socket waits for the server (see pending-pages.ts).
          const cached = err.status === 404 && isMarkedPending(docId) ? readCache(cacheKey(docId), isDocInfo) : null
          setAccess(cached ? { docId, state: 'ready', info: cached, offline: true } : { docId, state: 'not-found' })
        } else if (!(err instanceof ApiError && err.status === 401)) {
          // (401: the session gate is already on its way to the sign-in page.)
          setAccess({ docId, state: 'error' })
        }
      },
    )
    return () => abort.abort()
  }, [docId, generation])

  const refresh = useCallback(() => setGeneration((g) => g + 1), [])
  const current: DocAccess = access.docId === docId ? access : { state: 'loading' }
  return { ...current, refresh }
}
