import { useState, type FormEvent } from 'react'
import { VERSION_NAME_MAX } from '#shared/api/history'
import { describeError } from '../../lib/http.ts'
import { historyApi } from './api.ts'
import { historyUi } from './history-store.ts'
import { Dialog } from './Dialog.tsx'

/**
 * "Name this version" (the panel's header, a version's menu, the slash menu): names the current
 * state (the server closes the open burst as a named version) or renames an existing version.
 */
export function NameDialog({ docId, vid, initial, onNamed }: { docId: string; vid: number | null; initial: string; onNamed: (text: string) => void }) {
  const [name, setName] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const trimmed = name.trim()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (trimmed === '' || busy) return
    setBusy(true)
    setError(null)
    try {
      if (vid === null) await historyApi.name(docId, trimmed)
      else await historyApi.rename(docId, vid, trimmed)
      historyUi.closeNaming()
      historyUi.changed()
      onNamed(vid === null ? `Named this version “${trimmed}”` : `Renamed to “${trimmed}”`)
    } catch (err) {
      setError(describeError(err))
      setBusy(false)
    }
  }

  return (
    <Dialog title={vid === null ? 'Name this version' : 'Rename version'} onClose={historyUi.closeNaming} testId="name-version-dialog">
      <form className="hdialog__form" onSubmit={(e) => void submit(e)}>
        <p className="hdialog__text">
          {vid === null
            ? 'A named version marks the document as it is now, like “Spec frozen for v2 training”. Named versions are never thinned out.'
            : 'The name shows in the history of everyone who can read this page.'}
        </p>
        <input
          className="input"
          aria-label="Version name"
          placeholder="Spec frozen for v2 training"
          value={name}
          maxLength={VERSION_NAME_MAX}
          onChange={(e) => setName(e.target.value)}
          data-testid="version-name-input"
        />
        {error && <p className="form-message form-message--error">{error}</p>}
        <div className="hdialog__actions">
          <button type="button" className="button button--ghost" onClick={historyUi.closeNaming}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={trimmed === '' || busy} data-testid="version-name-save">
            {busy ? 'Saving…' : vid === null ? 'Name version' : 'Rename'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
