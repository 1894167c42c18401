import { useState } from 'react'
import { authorNames, versionTitle, when } from './format.ts'
import { Dialog } from './Dialog.tsx'
import type { UndoAsk } from './use-restore.ts'

/**
 * Undo of a restore after others edited since: it would put the page back wholesale, reverting
 * their work too, so it says whose and which versions before it goes (finding 3, #13 review).
 */
export function UndoDialog({ ask, onClose }: { ask: UndoAsk; onClose: () => void }) {
  const [busy, setBusy] = useState(false)
  const people = [...new Map(ask.since.flatMap((v) => v.authors).map((a) => [a.userId, a])).values()]
  const shown = ask.since.slice(0, 5)
  return (
    <Dialog title="Undo the restore?" onClose={onClose} testId="undo-dialog">
      <p className="hdialog__text">
        {people.length > 0 ? authorNames(people) : 'Someone'} edited the page since the restore. Undo puts the whole page back to how it was before the restore,
        so it also reverts {ask.since.length === 1 ? 'this change' : `these ${ask.since.length} changes`}:
      </p>
      <ul className="hdialog__list" data-testid="undo-since">
        {shown.map((v) => (
          <li key={`${v.open ? 'open' : v.id}`}>
            {v.open ? 'Edits not yet in a version' : versionTitle(v)} · {when(v.endedAt)}
            {v.authors.length > 0 ? ` · ${authorNames(v.authors)}` : ''}
          </li>
        ))}
        {ask.since.length > shown.length && <li>and {ask.since.length - shown.length} more</li>}
      </ul>
      <p className="hdialog__text">Their versions stay in history either way.</p>
      <div className="hdialog__actions">
        <button type="button" className="button button--ghost" onClick={onClose} data-autofocus>
          Keep their edits
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={busy}
          onClick={() => {
            setBusy(true)
            void ask.run().finally(onClose)
          }}
          data-testid="undo-confirm"
        >
          {busy ? 'Undoing…' : 'Undo anyway'}
        </button>
      </div>
    </Dialog>
  )
}
