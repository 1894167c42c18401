import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { versionPath } from './api.ts'

/**
 * The version's whole Yjs state as a Y.Doc of its own, for the ML blocks of a preview: their
 * runs, charts, checklists and card text live in the document's root maps, not in the version's
 * JSON, so without it a preview of last week would show today's runs. Never connected to anything:
 * nothing written to it goes anywhere (and the preview is read-only besides).
 */
export function useVersionDoc(docId: string, vid: number): { doc: Y.Doc | null; failed: boolean } {
  const [state, setState] = useState<{ vid: number; doc: Y.Doc | null; failed: boolean }>({ vid, doc: null, failed: false })
  useEffect(() => {
    const abort = new AbortController()
    let made: Y.Doc | null = null
    fetch(`${versionPath(docId, vid)}/state`, { credentials: 'same-origin', signal: abort.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(`state: ${res.status}`)
        const doc = new Y.Doc()
        Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()))
        made = doc
        if (abort.signal.aborted) doc.destroy()
        else setState({ vid, doc, failed: false })
      })
      .catch(() => {
        if (!abort.signal.aborted) setState({ vid, doc: null, failed: true })
      })
    return () => {
      abort.abort()
      made?.destroy()
    }
  }, [docId, vid])
  return state.vid === vid ? { doc: state.doc, failed: state.failed } : { doc: null, failed: false }
}
