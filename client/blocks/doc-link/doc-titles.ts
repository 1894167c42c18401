import type { TreeView } from '#shared/hub/tree'
import { api, ApiError } from '../../lib/http.ts'
import type { DocMeta } from '../../lib/api-types.ts'

/**
 * Current titles of link targets. A link stores only the target's id; its label is looked up
 * here: from open project trees (live, so a rename in any sidebar shows at once) or from
 * `GET /api/docs/:id` (cached; asked again when older than a minute). A 404 means deleted or not
 * shared with you: both read "Deleted page", so a link never leaks a title you may not see.
 */
export type TitleState = { kind: 'loading' } | { kind: 'ok'; title: string } | { kind: 'gone' }

const STALE_MS = 60_000
const titles = new Map<string, { state: TitleState; at: number }>()
const inFlight = new Set<string>()
const listeners = new Set<() => void>()

function set(docId: string, state: TitleState): void {
  const prev = titles.get(docId)?.state
  titles.set(docId, { state, at: Date.now() })
  if (prev && JSON.stringify(prev) === JSON.stringify(state)) return
  for (const l of listeners) l()
}

function fetchTitle(docId: string): void {
  if (inFlight.has(docId)) return
  inFlight.add(docId)
  api<DocMeta>(`/api/docs/${encodeURIComponent(docId)}`)
    .then(
      (meta) => set(docId, { kind: 'ok', title: meta.title }),
      (err: unknown) => {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) set(docId, { kind: 'gone' })
        // Offline or a server hiccup: keep what we had, ask again later.
        else if (!titles.has(docId)) set(docId, { kind: 'loading' })
      },
    )
    .finally(() => inFlight.delete(docId))
}

export function titleOf(docId: string): TitleState {
  const entry = titles.get(docId)
  if (!entry || Date.now() - entry.at > STALE_MS) fetchTitle(docId)
  return entry?.state ?? { kind: 'loading' }
}

export function subscribeTitles(onChange: () => void): () => void {
  listeners.add(onChange)
  return () => listeners.delete(onChange)
}

/** Takes the titles of a live tree (the sidebar's), which are always current. */
export function primeTitles(view: TreeView): void {
  for (const node of view.byId.values()) set(node.id, { kind: 'ok', title: node.title })
  for (const node of view.trash) set(node.id, { kind: 'ok', title: node.title })
}

/** A page deleted for good from this tab: its links turn into "Deleted page" at once. */
export function forgetTitle(docId: string): void {
  set(docId, { kind: 'gone' })
}
