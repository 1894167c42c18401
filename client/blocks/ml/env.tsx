import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type * as Y from 'yjs'

/**
 * What the ML blocks need from outside the editor: the open document's Y.Doc (runs, checklists
 * and card text live in its root maps), the project (REST calls), who is looking, and whether
 * they may write. Provided by the document page around the editor; node views are rendered in
 * React portals under it, so they read it with useMlEnv().
 */
export interface MlEnv {
  doc: Y.Doc | null
  projectId: string | null
  workspaceId: string | null
  me: { id: string; name: string }
  editable: boolean
}

const MlEnvContext = createContext<MlEnv>({ doc: null, projectId: null, workspaceId: null, me: { id: '', name: '' }, editable: false })
export const useMlEnv = (): MlEnv => useContext(MlEnvContext)

export function MlEnvProvider({ children, doc, projectId, workspaceId, me, editable }: MlEnv & { children: ReactNode }) {
  const value = useMemo<MlEnv>(() => ({ doc, projectId, workspaceId, me, editable }), [doc, projectId, workspaceId, me, editable])
  return <MlEnvContext.Provider value={value}>{children}</MlEnvContext.Provider>
}

export const runsPagePath = (workspaceId: string, projectId: string): string => `/w/${encodeURIComponent(workspaceId)}/p/${encodeURIComponent(projectId)}/runs`
export const projectApi = (projectId: string): string => `/api/projects/${encodeURIComponent(projectId)}`
