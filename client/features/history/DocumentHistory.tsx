import { useCallback, useEffect, useState } from 'react'
import type { SlashItem } from '../../editor/slash-menu.tsx'
import { HistoryPanel } from './HistoryPanel.tsx'
import { HistoryToast } from './HistoryToast.tsx'
import { historyStore, historyUi, useHistoryUi } from './history-store.ts'
import { NameDialog } from './NameDialog.tsx'
import { openChangesFromUrl } from './open-changes.ts'
import { RestoreDialog } from './RestoreDialog.tsx'
import { UndoDialog } from './UndoDialog.tsx'
import { useRestore, type HistoryToast as Toast, type UndoAsk } from './use-restore.ts'
import './history.css'
import './panel.css'
import './preview.css'

/**
 * Ctrl+Alt+H toggles the panel (listed in the keyboard help); ⌘⌥H works where the system leaves it
 * to the page (on a Mac it is "Hide others"). `code`, not `key`: Alt changes `key` on a Mac.
 */
export const isHistoryKey = (e: KeyboardEvent): boolean => (e.ctrlKey || e.metaKey) && e.altKey && !e.shiftKey && e.code === 'KeyH'

/** Escape leaves a preview or compare view (unless a dialog is open: it takes Escape first). */
function historyStoreViewOpen(): boolean {
  const s = historyStore.get()
  return (s.preview !== null || s.compare !== null) && s.naming === null && s.restoring === null
}

/** The slash menu's "Name this version" (editors only: the page adds it for them). */
export const NAME_VERSION_SLASH_ITEM: SlashItem = {
  id: 'name-version',
  label: 'Name this version',
  hint: 'Mark the page as it is now in its history',
  keywords: 'name version history snapshot save milestone freeze',
  run: () => historyUi.name(),
}

/** The History button for the document's top bar. */
export function HistoryButton() {
  const ui = useHistoryUi()
  return (
    <button
      type="button"
      className={`hbutton${ui.panel ? ' hbutton--on' : ''}`}
      aria-pressed={ui.panel}
      aria-label="History"
      aria-keyshortcuts="Control+Alt+H"
      title="History (Ctrl+Alt+H)"
      onClick={historyUi.togglePanel}
      data-testid="history-button"
    >
      <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
        <path d="M3.5 10a6.5 6.5 0 1 0 1.9-4.6M3.5 3.5v3h3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10 6.5V10l2.5 1.8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <span className="hbutton__text">History</span>
    </button>
  )
}

/**
 * The document's history UI that is not in the reading column: the side panel, the name and
 * restore dialogs and the toast, and the shortcut. Resets the shared UI state per document.
 */
export function DocumentHistory({ docId, editable }: { docId: string; editable: boolean }) {
  const ui = useHistoryUi()
  const [toast, setToast] = useState<Toast | null>(null)
  const dismiss = useCallback(() => setToast(null), [])
  const [undoAsk, setUndoAsk] = useState<UndoAsk | null>(null)
  const closeUndo = useCallback(() => setUndoAsk(null), [])
  const restore = useRestore(docId, setToast, setUndoAsk)

  useEffect(() => {
    historyUi.reset()
    // From the activity feed's "View": this version's changes, at once. A late answer for the
    // page left meanwhile must not open compare there (its ids are the previous page's).
    const abort = new AbortController()
    void openChangesFromUrl(docId, abort.signal)
    return () => {
      abort.abort()
      historyUi.reset()
    }
  }, [docId])

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return
      if (isHistoryKey(event)) {
        event.preventDefault()
        historyUi.togglePanel()
      } else if (event.key === 'Escape' && historyStoreViewOpen()) {
        historyUi.closeView()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <>
      <HistoryPanel docId={docId} editable={editable} />
      {ui.naming && editable && (
        <NameDialog docId={docId} vid={ui.naming.vid} initial={ui.naming.name} onNamed={(text) => setToast({ id: Date.now(), text })} />
      )}
      {ui.restoring && editable && (
        <RestoreDialog ask={ui.restoring} busy={restore.busy} error={restore.error} onCancel={restore.cancel} onConfirm={() => void restore.confirm()} />
      )}
      {undoAsk && editable && <UndoDialog ask={undoAsk} onClose={closeUndo} />}
      <HistoryToast toast={toast} onDismiss={dismiss} />
    </>
  )
}
