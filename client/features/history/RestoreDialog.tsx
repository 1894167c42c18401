import { authorNames, when } from './format.ts'
import { Dialog } from './Dialog.tsx'
import type { HistoryUi } from './history-store.ts'

type RestoreAsk = NonNullable<HistoryUi['restoring']>

/** "Restore this version?": what happens, said plainly (nothing is lost, everyone sees it, it can be undone). */
export function RestoreDialog({
  ask,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  ask: RestoreAsk
  busy: boolean
  error: string | null
  onCancel: () => void
  onConfirm: () => void
}) {
  const v = ask.version
  const block = ask.block !== undefined
  return (
    <Dialog title={block ? 'Restore this block?' : 'Restore this version?'} onClose={onCancel} testId="restore-dialog">
      <p className="hdialog__text">
        {block ? (
          <>
            This block goes back to how it was on <strong>{when(v.endedAt)}</strong>. The rest of the page stays as it is.
          </>
        ) : (
          <>
            The page goes back to the version of <strong>{when(v.endedAt)}</strong> by {authorNames(v.authors)}
            {v.name ? ` (“${v.name}”)` : ''}.
          </>
        )}{' '}
        Everyone editing sees the change at once. Nothing is lost: the current state stays in history, and you can undo.
      </p>
      {error && <p className="form-message form-message--error">{error}</p>}
      <div className="hdialog__actions">
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={busy} data-autofocus data-testid="restore-confirm">
          {busy ? 'Restoring…' : block ? 'Restore block' : 'Restore'}
        </button>
      </div>
    </Dialog>
  )
}
