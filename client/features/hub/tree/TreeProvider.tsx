import { useCallback, useMemo, useState, type ReactNode } from 'react'
import { atLeast, canEdit } from '#shared/auth/roles'
import { useApi } from '../../../lib/use-api.ts'
import { Notice, type NoticeMessage } from '../../../components/Notice.tsx'
import { projectDocsPath, type HubDoc, type ProjectInfo } from '../api.ts'
import { TreeContext, type TreeContextValue } from './tree-context.ts'
import { useTree } from './use-tree.ts'

/** Opens a project's tree and gives it, with what you may do to it, to the tree components below. */
export function TreeProvider({ project, currentDocId, children }: { project: ProjectInfo; currentDocId: string | null; children: ReactNode }) {
  const { view, handle } = useTree(project.treeDocId)
  const docs = useApi<HubDoc[]>(projectDocsPath(project.id))
  const [notice, setNotice] = useState<NoticeMessage | null>(null)
  const onError = useCallback((text: string) => setNotice({ id: Date.now(), text }), [])
  const dismiss = useCallback(() => setNotice(null), [])
  const templateIds = useMemo(() => new Set((docs.data ?? []).filter((d) => d.isTemplate).map((d) => d.id)), [docs.data])

  const value: TreeContextValue = {
    view,
    handle,
    projectId: project.id,
    project,
    workspaceId: project.workspaceId,
    canEdit: canEdit(project.role),
    canDelete: atLeast(project.role, 'owner'),
    currentDocId,
    templateIds,
    refreshDocs: docs.reload,
    onError,
  }
  return (
    <TreeContext.Provider value={value}>
      {children}
      <Notice message={notice} onDismiss={dismiss} />
    </TreeContext.Provider>
  )
}
