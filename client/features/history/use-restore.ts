import { useCallback, useState } from 'react'
import { describeError } from '../../lib/http.ts'
import { historyApi, type VersionMeta } from './api.ts'
import { when } from './format.ts'
import { historyStore, historyUi } from './history-store.ts'

export interface HistoryToast {
  id: number
  text: string
  action?: { label: string; run: () => void }
}

/** Undo after others edited: what it would revert, asked before (finding 3 of the #13 review). */
export interface UndoAsk {
  /** The versions made since the restore (edits, names, an open burst), newest first. */
  since: VersionMeta[]
  run: () => Promise<void>
}

/**
 * Whether Undo of the restore that made `made` can go at once: only while `made` is still the
 * newest version and no burst is open (nobody, this tab included, edited since). Otherwise the
 * versions after it, which Undo would revert wholesale.
 */
export function editsSince(newest: readonly VersionMeta[], made: VersionMeta): VersionMeta[] {
  return newest.filter((v) => v.open || v.id > made.id)
}

/**
 * Restoring, once the dialog is confirmed: POST restore (the server writes it as a forward edit
 * through the normal path, so every open editor, this one included, receives it live over the
 * socket). The toast's Undo restores the version just before the restore: the newest one older
 * than the restore version the server made, which is the state the restore replaced.
 */
export function useRestore(docId: string, notify: (toast: HistoryToast) => void, askUndo: (ask: UndoAsk) => void = () => {}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const undo = useCallback(
    async (made: VersionMeta) => {
      const fail = (err: unknown): void => notify({ id: Date.now(), text: `Could not undo the restore. ${describeError(err)}` })
      try {
        // The newest versions first: if anyone edited after the restore, Undo would revert that
        // too (it restores the pre-restore state wholesale), so it asks instead of going at once.
        const [newest, page] = await Promise.all([historyApi.list(docId, null, 20), historyApi.list(docId, made.id, 5)])
        const before = page.versions.find((v) => !v.open && v.id < made.id)
        if (!before) throw new Error('nothing before the restore')
        const run = async (): Promise<void> => {
          try {
            await historyApi.restore(docId, before.id)
            historyUi.changed()
            notify({ id: Date.now(), text: 'Restore undone' })
          } catch (err) {
            fail(err)
          }
        }
        const since = editsSince(newest.versions, made)
        if (since.length === 0) await run()
        else askUndo({ since, run })
      } catch (err) {
        fail(err)
      }
    },
    [docId, notify, askUndo],
  )

  const cancel = useCallback(() => {
    setError(null)
    historyUi.cancelRestore()
  }, [])

  const confirm = useCallback(async () => {
    const asking = historyStore.get().restoring
    if (!asking || busy) return
    setBusy(true)
    setError(null)
    try {
      const { version: made } = await historyApi.restore(docId, asking.version.id, asking.block)
      historyUi.cancelRestore()
      historyUi.closeView()
      historyUi.changed()
      const what = asking.block === undefined ? 'the version' : 'a block from the version'
      notify({ id: Date.now(), text: `Restored ${what} of ${when(asking.version.endedAt)}`, action: { label: 'Undo', run: () => void undo(made) } })
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }, [busy, docId, notify, undo])

  return { busy, error, cancel, confirm }
}
