import type { BlockState } from './upload-state.ts'
import type { UploadProgress } from './uploads.ts'

/**
 * What an attachment block shows before it has its attachment: the upload's progress (this tab
 * sends it: name and percent; another editor does: "Uploading…"), waiting for the connection, or
 * why it failed. An editor may remove the block in every state: a placeholder whose uploader
 * closed the tab would otherwise stay forever.
 */
export function UploadStatus({
  state,
  progress,
  name,
  editable,
  onRemove,
}: {
  state: Exclude<BlockState, { state: 'done' }>
  progress: UploadProgress | null
  name: string
  editable: boolean
  onRemove: () => void
}) {
  const percent = progress && progress.total > 0 ? Math.min(100, Math.floor((progress.loaded / progress.total) * 100)) : 0
  const error = state.state === 'error'
  // Waiting for the connection is no progress: no spinner, no moving bar.
  const waiting = progress?.phase === 'waiting'
  let text: string
  if (error) text = `Couldn't upload ${name}`
  else if (!progress) text = 'Uploading…'
  else if (progress.phase === 'waiting') text = `Waiting for the connection to upload ${name}…`
  // Every byte sent; the server is storing them.
  else if (percent === 100) text = `Finishing ${name}…`
  else text = `Uploading ${name}… ${percent}%`
  return (
    <div className={`att-status${error ? ' att-status--error' : ''}`} contentEditable={false} data-testid={error ? 'attachment-error' : 'attachment-uploading'}>
      <span className={`att-status__icon${error || waiting ? '' : ' att-status__icon--spin'}`} aria-hidden="true" />
      <div className="att-status__body">
        <span className="att-status__text" role={error ? 'alert' : 'status'}>
          {text}
        </span>
        {error ? (
          <span className="att-status__detail">{state.message}</span>
        ) : waiting ? null : (
          <span className="att-status__bar" aria-hidden="true">
            <span
              className={`att-status__fill${progress?.phase === 'sending' ? '' : ' att-status__fill--unknown'}`}
              style={progress?.phase === 'sending' ? { width: `${percent}%` } : undefined}
            />
          </span>
        )}
      </div>
      {editable && (
        <button type="button" className="att-status__remove" onClick={onRemove} data-testid="attachment-remove">
          {error || !progress ? 'Remove' : 'Cancel'}
        </button>
      )}
    </div>
  )
}
