import { useCallback, useEffect, useState } from 'react'
import { ROLES } from '#shared/auth/roles'
import { ApiError, NetworkError } from '../../lib/http.ts'
import { readCache, writeCache } from '../../lib/local-cache.ts'
import { hubApi, type ProjectInfo } from './api.ts'

/**
 * A project's info (name, description, tree document, your role). The last answer is kept on this
 * device so the sidebar (whose tree lives in IndexedDB) still opens offline.
 */
export type ProjectState =
  { state: 'loading' } | { state: 'ready'; project: ProjectInfo; offline: boolean } | { state: 'missing' } | { state: 'error'; error: unknown }

const key = (id: string): string => `doc-meta:project:${id}`
const isProject = (v: unknown): v is ProjectInfo => {
  const p = v as ProjectInfo | null
  return typeof p?.id === 'string' && typeof p.treeDocId === 'string' && (ROLES as readonly string[]).includes(p.role)
}

export function useProject(projectId: string | null): ProjectState & { update: (p: ProjectInfo) => void; reload: () => void } {
  const [s, setS] = useState<ProjectState & { id: string | null }>({ id: projectId, state: 'loading' })
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    if (projectId === null) return
    let live = true
    hubApi.project(projectId).then(
      (project) => {
        writeCache(key(projectId), project)
        if (live) setS({ id: projectId, state: 'ready', project, offline: false })
      },
      (error: unknown) => {
        if (!live) return
        const cached = readCache(key(projectId), isProject)
        if (error instanceof NetworkError && cached) setS({ id: projectId, state: 'ready', project: cached, offline: true })
        else if (error instanceof ApiError && error.status === 404) setS({ id: projectId, state: 'missing' })
        else setS({ id: projectId, state: 'error', error })
      },
    )
    return () => {
      live = false
    }
  }, [projectId, generation])
  const update = useCallback((project: ProjectInfo) => {
    writeCache(key(project.id), project)
    setS({ id: project.id, state: 'ready', project, offline: false })
  }, [])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  const current: ProjectState = s.id === projectId ? s : { state: 'loading' }
  return { ...current, update, reload }
}
