import type { DiffResponse } from '#shared/api/history'
import { useApi, type Loaded } from '../../../lib/use-api.ts'

/** `GET /api/docs/:id/diff?from=&to=` (shared/api/history.ts); `to` null compares with the current state. */
export const diffPath = (docId: string, from: number, to: number | null): string =>
  `/api/docs/${encodeURIComponent(docId)}/diff?from=${from}${to === null ? '' : `&to=${to}`}`

export const useDiff = (docId: string, from: number, to: number | null): Loaded<DiffResponse> => useApi<DiffResponse>(diffPath(docId, from, to))
