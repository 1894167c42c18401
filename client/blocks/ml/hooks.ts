import type { ChecklistItemView, ChecklistView as Readiness } from '#shared/api/ml'
import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { api, ApiError, describeError } from '../../lib/http.ts'
import type { MemberView } from '../../lib/api-types.ts'
import { readChecklist, CHECKLISTS_MAP, type ChecklistState } from '#shared/ml/checklist'
import { MODEL_CARDS_MAP, readCard, readRunLinks, type RunLink, type SectionKey } from '#shared/ml/model-card'
import { EXPERIMENTS_MAP, readRuns, type Run } from '#shared/ml/runs'

const SEP = '\u0001'

/**
 * A value read from one root map of the document, re-read when a key of this block changes.
 * Scripts push many points per second; re-reading is coalesced to one per animation frame.
 */
function useBlockMap<T>(doc: Y.Doc | null, mapName: string, blockId: string | null, read: (doc: Y.Doc, blockId: string) => T, empty: T): T {
  const [value, setValue] = useState<T>(() => (doc && blockId ? read(doc, blockId) : empty))
  useEffect(() => {
    if (!doc || !blockId) {
      setValue(empty)
      return
    }
    const map = doc.getMap<unknown>(mapName)
    const prefix = blockId + SEP
    let frame = 0
    const refresh = () => {
      frame = 0
      setValue(read(doc, blockId))
    }
    const onChange = (event: Y.YMapEvent<unknown>) => {
      for (const k of event.keysChanged) {
        if (k.startsWith(prefix)) {
          if (!frame) frame = requestAnimationFrame(refresh)
          return
        }
      }
    }
    refresh()
    map.observe(onChange)
    return () => {
      map.unobserve(onChange)
      if (frame) cancelAnimationFrame(frame)
    }
    // `read` and `empty` are module-level constants at every call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [doc, mapName, blockId])
  return value
}

const NO_RUNS: Run[] = []
const NO_CHECKLIST: ChecklistState = { items: [], gates: [], decision: null }
const NO_CARD: Partial<Record<SectionKey, string>> = {}
const NO_LINKS: RunLink[] = []

export const useRuns = (doc: Y.Doc | null, blockId: string | null): Run[] => useBlockMap(doc, EXPERIMENTS_MAP, blockId, readRuns, NO_RUNS)
export const useChecklist = (doc: Y.Doc | null, blockId: string | null): ChecklistState =>
  useBlockMap(doc, CHECKLISTS_MAP, blockId, readChecklist, NO_CHECKLIST)
export const useCard = (doc: Y.Doc | null, blockId: string | null): Partial<Record<SectionKey, string>> =>
  useBlockMap(doc, MODEL_CARDS_MAP, blockId, readCard, NO_CARD)
/** The runs linked to a card, by (experiment log, run). */
export const useRunLinks = (doc: Y.Doc | null, blockId: string | null): RunLink[] => useBlockMap(doc, MODEL_CARDS_MAP, blockId, readRunLinks, NO_LINKS)

/** Calls `onChange` (debounced) on any change to the document: the server sees it a moment later. */
export function useDocChanges(doc: Y.Doc | null, onChange: () => void, delayMs: number): void {
  useEffect(() => {
    if (!doc) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const onUpdate = () => {
      clearTimeout(timer)
      timer = setTimeout(onChange, delayMs)
    }
    doc.on('update', onUpdate)
    return () => {
      clearTimeout(timer)
      doc.off('update', onUpdate)
    }
  }, [doc, onChange, delayMs])
}

/** The project's server-sent events (`event: tasks` when tasks change); EventSource reconnects by itself. */
export function useProjectEvents(projectId: string | null, onEvent: () => void): void {
  useEffect(() => {
    if (!projectId || typeof EventSource === 'undefined') return
    const source = new EventSource(`/api/projects/${encodeURIComponent(projectId)}/events`, { withCredentials: true })
    source.addEventListener('tasks', onEvent)
    return () => source.close()
  }, [projectId, onEvent])
}

/** The server's verdict on a checklist and its items, as `GET …/checklists/:id` answers (shared/api/ml.ts). */
export type { ChecklistView as Readiness } from '#shared/api/ml'
/** What the views read of an item's verdict: who signed, when, and any unverified copy. */
export type VerifiedItem = Pick<ChecklistItemView, 'id' | 'signedBy' | 'signedAt' | 'unverified' | 'importedFrom'>

/**
 * The server's verdict on a checklist (gates need the project's tasks and runs, which only the
 * server has). Fetched on mount, again (debounced) after any change to this document, when the
 * project's tasks change (server-sent events), and every 30 s for runs pushed to other documents.
 */
export function useReadiness(
  doc: Y.Doc | null,
  projectId: string | null,
  checklistId: string | null,
): { data: Readiness | null; error: string | null; refresh: () => void } {
  const [data, setData] = useState<Readiness | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  const refresh = useCallback(() => setGeneration((g) => g + 1), [])

  useEffect(() => {
    if (!projectId || !checklistId) return
    const abort = new AbortController()
    let retry: ReturnType<typeof setTimeout> | undefined
    api<Readiness>(`/api/projects/${encodeURIComponent(projectId)}/checklists/${encodeURIComponent(checklistId)}`, { signal: abort.signal }).then(
      (r) => {
        setData(r)
        setError(null)
      },
      (err: unknown) => {
        if (abort.signal.aborted) return
        // A block added a moment ago is indexed within a second: try again shortly.
        if (err instanceof ApiError && err.status === 404) retry = setTimeout(refresh, 1000)
        else setError(describeError(err))
      },
    )
    return () => {
      abort.abort()
      clearTimeout(retry)
    }
  }, [projectId, checklistId, generation, refresh])

  useDocChanges(doc, refresh, 600)
  useProjectEvents(projectId, refresh)
  useEffect(() => {
    const timer = setInterval(refresh, 30_000)
    return () => clearInterval(timer)
  }, [refresh])
  return { data, error, refresh }
}

/**
 * The workspace's members (names for owners and sign-offs). Fetched again when the document
 * names someone not in the list yet (a member who joined after the page opened).
 */
export function useMembers(workspaceId: string | null, referenced: readonly (string | null)[] = []): MemberView[] {
  const [members, setMembers] = useState<MemberView[]>([])
  const unknown = [...new Set(referenced.filter((id): id is string => !!id && !members.some((m) => m.userId === id)))].sort().join(',')
  useEffect(() => {
    if (!workspaceId) return
    const abort = new AbortController()
    api<MemberView[]>(`/api/workspaces/${encodeURIComponent(workspaceId)}/members`, { signal: abort.signal }).then(setMembers, () => {})
    return () => abort.abort()
  }, [workspaceId, unknown])
  return members
}
