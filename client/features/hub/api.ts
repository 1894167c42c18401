import { api } from '../../lib/http.ts'
import type { HubDoc, ProjectInfo } from '#shared/api/hub'
import type { Role } from '../../lib/api-types.ts'

/** The hub's REST calls (docs/PROTOCOL.md, server/hub/routes.ts); the answer shapes are defined once, in shared/api/hub.ts. */
export type { ActivityItem, Backlink, HubDoc, ProjectInfo, TemplateInfo } from '#shared/api/hub'

const enc = encodeURIComponent

export const hubApi = {
  project: (id: string) => api<ProjectInfo>(`/api/projects/${enc(id)}`),
  updateProject: (id: string, patch: { name?: string; description?: string }) => api<ProjectInfo>(`/api/projects/${enc(id)}`, { method: 'PATCH', body: patch }),
  createDoc: (projectId: string, body: { title?: string; parentId?: string | null; template?: string }) =>
    api<HubDoc>(`/api/projects/${enc(projectId)}/docs`, { method: 'POST', body }),
  duplicate: (docId: string) => api<HubDoc>(`/api/docs/${enc(docId)}/duplicate`, { method: 'POST' }),
  deleteForGood: (docId: string) => api<{ ok: true }>(`/api/docs/${enc(docId)}`, { method: 'DELETE' }),
  setTemplate: (docId: string, isTemplate: boolean) => api<HubDoc>(`/api/docs/${enc(docId)}/template`, { method: 'PUT', body: { isTemplate } }),
  setProjectRole: (projectId: string, userId: string, role: Role | null) =>
    api<unknown>(`/api/projects/${enc(projectId)}/members/${enc(userId)}`, { method: 'PUT', body: { role } }),
}

export const templatesPath = (workspaceId: string): string => `/api/workspaces/${enc(workspaceId)}/templates`
export const projectDocsPath = (projectId: string): string => `/api/projects/${enc(projectId)}/docs`
export const activityPath = (projectId: string): string => `/api/projects/${enc(projectId)}/activity`
export const membersPath = (projectId: string): string => `/api/projects/${enc(projectId)}/members`
export const backlinksPath = (docId: string): string => `/api/docs/${enc(docId)}/backlinks`
