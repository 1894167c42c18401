import { useEffect } from 'react'
import { api } from '../../lib/http.ts'
import type { MemberView } from '../../lib/api-types.ts'

/**
 * The people `@` offers: the members of the open document's project (`GET
 * /api/projects/:id/members`, the route the project settings read), fetched when the document
 * page opens and kept per project for this tab. The picker and the mention chips live outside
 * React's tree (ProseMirror plugin views, node views), so this is a small store they subscribe to.
 */
const byProject = new Map<string, readonly MemberView[]>()
let current: string | null = null
const listeners = new Set<() => void>()
const notify = (): void => {
  for (const l of listeners) l()
}

export function subscribePeople(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The current project's members (empty until they arrive, or for a document outside a project). */
export const currentPeople = (): readonly MemberView[] => (current ? (byProject.get(current) ?? []) : [])

/** A member's avatar colour from any project loaded in this tab; null for someone no longer a member. */
export function colorOfPerson(userId: string): string | null {
  for (const members of byProject.values()) {
    const m = members.find((x) => x.userId === userId)
    if (m) return m.color
  }
  return null
}

/** The document page says which project it shows; the members are fetched for it (again on each open). */
export function useMentionProject(projectId: string | null): void {
  useEffect(() => {
    current = projectId
    notify()
    if (!projectId) return
    const abort = new AbortController()
    api<MemberView[]>(`/api/projects/${encodeURIComponent(projectId)}/members`, { signal: abort.signal }).then(
      (members) => {
        byProject.set(projectId, members)
        notify()
      },
      () => {}, // offline: the last list stays (none on a first open offline: `@` then offers pages only)
    )
    return () => {
      abort.abort()
      if (current === projectId) current = null
    }
  }, [projectId])
}

/**
 * The members matching what was typed after `@`: a name or email that starts a word with the
 * query (case-insensitive), names starting with it first; at most `max`. Pure.
 */
export function matchPeople(members: readonly MemberView[], query: string, max = 5): MemberView[] {
  const q = query.trim().toLowerCase()
  if (q === '') return [...members].sort((a, b) => a.name.localeCompare(b.name)).slice(0, max)
  const score = (m: MemberView): number => {
    const name = m.name.toLowerCase()
    if (name.startsWith(q)) return 0
    if (name.split(/\s+/).some((w) => w.startsWith(q))) return 1
    if (m.email.toLowerCase().startsWith(q)) return 2
    return -1
  }
  return members
    .map((m) => ({ m, s: score(m) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.s - b.s || a.m.name.localeCompare(b.m.name))
    .slice(0, max)
    .map((x) => x.m)
}
