import { historyApi } from './api.ts'
import { historyUi } from './history-store.ts'

/**
 * A link that opens a page with one version's changes shown (the activity feed's "View"):
 * `/d/:id?changes=<vid>`. The page reads it once (openChangesFromUrl), then drops it from the URL.
 */
export const changesPath = (docId: string, vid: number): string => `/d/${encodeURIComponent(docId)}?changes=${vid}`

/** On the document page: `?changes=<vid>` opens the panel and compares that version with the one before it. */
export async function openChangesFromUrl(docId: string, signal?: AbortSignal): Promise<void> {
  const params = new URLSearchParams(window.location.search)
  const vid = Number(params.get('changes'))
  if (!Number.isInteger(vid) || vid <= 0) return
  params.delete('changes')
  const rest = params.toString()
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`)
  try {
    const page = await historyApi.list(docId, vid, 5, signal)
    if (signal?.aborted) return
    // After the answer: a StrictMode remount resets the store between the two.
    historyUi.openPanel()
    const previous = page.versions.find((v) => !v.open && v.id < vid)
    if (previous) historyUi.compare(previous.id, vid)
    else historyUi.preview(vid)
  } catch {
    if (signal?.aborted) return
    historyUi.openPanel()
    historyUi.preview(vid)
  }
}
