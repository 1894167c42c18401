import { createContext, useContext } from 'react'
import type { TreeView } from '#shared/hub/tree'
import type { ProjectInfo } from '../api.ts'
import type { TreeHandle } from './tree-sessions.ts'

/** What every row of a page tree needs to know; one provider per tree (sidebar, hub). */
export interface TreeContextValue {
  view: TreeView
  handle: TreeHandle | null
  projectId: string
  workspaceId: string
  /** The project itself (a page created offline remembers it for its breadcrumb and your role). */
  project: ProjectInfo
  /** Editors and owners change the tree; everyone else reads it (no drag, no menus). */
  canEdit: boolean
  /** Owners may delete pages for good (from the trash only). */
  canDelete: boolean
  currentDocId: string | null
  /** Ids of pages marked as templates (from the project's document rows). */
  templateIds: ReadonlySet<string>
  /** Something changed on the server that the tree document does not carry (templates). */
  refreshDocs: () => void
  /** Reports a failed action in words. */
  onError: (message: string) => void
}

export const TreeContext = createContext<TreeContextValue | null>(null)

export function useTreeContext(): TreeContextValue {
  const value = useContext(TreeContext)
  if (value === null) throw new Error('useTreeContext outside a page tree')
  return value
}
