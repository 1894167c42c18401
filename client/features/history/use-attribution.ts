import { useEffect, useState } from 'react'
import { historyApi, type BlockAttribution } from './api.ts'

/** After the last change to the page, how long to wait before asking again: a burst of typing is one request. */
const REFETCH_AFTER_CHANGE_MS = 3000

/**
 * The server's per-block attribution of the live document, asked again a few
 * seconds after the page changes (`changes` is bumped by the caller on every change it sees) and
 * after a history change (`generation`). The answer describes the committed state, so it can lag
 * the screen by the few seconds of an unsaved edit; a failed request keeps the last answer.
 */
export function useAttribution(docId: string, changes: number, generation: number): BlockAttribution[] | null {
  const [blocks, setBlocks] = useState<BlockAttribution[] | null>(null)
  const [asked, setAsked] = useState(0)

  useEffect(() => {
    if (changes === 0) return
    const timer = setTimeout(() => setAsked((n) => n + 1), REFETCH_AFTER_CHANGE_MS)
    return () => clearTimeout(timer)
  }, [changes])

  useEffect(() => {
    const abort = new AbortController()
    historyApi.attribution(docId, abort.signal).then(
      (answer) => setBlocks(answer.blocks),
      () => undefined,
    )
    return () => abort.abort()
  }, [docId, asked, generation])

  return blocks
}
