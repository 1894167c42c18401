import { api } from '../../lib/http.ts'
import type {
  ActivityFeed,
  AttributionResponse,
  RestoreResult,
  VersionAuthors,
  VersionContent,
  VersionList,
  VersionMeta,
  VisitResult,
} from '#shared/api/history'

/**
 * The history REST calls (shared/api/history.ts defines every answer). Types only, as everywhere in
 * the client: the schemas (and zod) stay out of the bundle; the server validates what it sends.
 */
export type {
  ActivityEntry,
  ActivityFeed,
  AttributionResponse,
  BlockAttribution,
  VersionAuthor,
  VersionAuthors,
  VersionContent,
  VersionList,
  VersionMeta,
  VisitResult,
} from '#shared/api/history'

const enc = encodeURIComponent
const doc = (docId: string): string => `/api/docs/${enc(docId)}`

export const PAGE_SIZE = 30

export const versionsPath = (docId: string, before?: number | null): string => `${doc(docId)}/versions?limit=${PAGE_SIZE}${before ? `&before=${before}` : ''}`
export const versionPath = (docId: string, vid: number): string => `${doc(docId)}/versions/${vid}`
/** `since`: only text written after that (older) version is marked; without it, since the beginning. */
export const authorsPath = (docId: string, vid: number, since?: number | null): string => `${versionPath(docId, vid)}/authors${since ? `?since=${since}` : ''}`
export const projectActivityPath = (projectId: string, before?: string | null): string =>
  `/api/projects/${enc(projectId)}/history-activity?limit=30${before ? `&before=${enc(before)}` : ''}`

export const historyApi = {
  list: (docId: string, before?: number | null, limit = PAGE_SIZE, signal?: AbortSignal) =>
    api<VersionList>(`${doc(docId)}/versions?limit=${limit}${before ? `&before=${before}` : ''}`, { signal }),
  version: (docId: string, vid: number, signal?: AbortSignal) => api<VersionContent>(versionPath(docId, vid), { signal }),
  authors: (docId: string, vid: number, signal?: AbortSignal, since?: number | null) => api<VersionAuthors>(authorsPath(docId, vid, since), { signal }),
  name: (docId: string, name: string) => api<VersionMeta>(`${doc(docId)}/versions`, { method: 'POST', body: { name } }),
  rename: (docId: string, vid: number, name: string | null) => api<VersionMeta>(versionPath(docId, vid), { method: 'PATCH', body: { name } }),
  restore: (docId: string, vid: number, block?: number) =>
    api<RestoreResult>(`${versionPath(docId, vid)}/restore`, { method: 'POST', body: block === undefined ? {} : { block } }),
  attribution: (docId: string, signal?: AbortSignal) => api<AttributionResponse>(`${doc(docId)}/attribution`, { signal }),
  visit: (docId: string) => api<VisitResult>(`${doc(docId)}/visit`, { method: 'POST' }),
  projectActivity: (projectId: string, before?: string | null) => api<ActivityFeed>(projectActivityPath(projectId, before)),
}
