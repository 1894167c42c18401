import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { attachmentDownloadUrl, ATTACHMENT_ID_PATTERN } from '#shared/attachments/attachment'
import { humanSize } from './format.ts'
import { UploadStatus } from './UploadStatus.tsx'
import { blockState } from './upload-state.ts'
import { cancelUpload } from './uploads.ts'
import { useUploadProgress } from './use-upload.ts'
import './attachments.css'

/** The short label in the file icon: the extension ("CSV", "YAML"), or "FILE". */
const badgeOf = (name: string): string => {
  const m = /\.([a-z0-9]{1,5})$/i.exec(name)
  return m ? m[1]!.toUpperCase() : 'FILE'
}

/** A file block: an icon with its extension, the name, the size and a download link. */
export function FileView({ node, editor, deleteNode, selected }: ReactNodeViewProps) {
  const attrs = node.attrs as Record<string, unknown>
  const state = blockState(attrs)
  const progress = useUploadProgress(attrs['uploadId'])
  const name = typeof attrs['name'] === 'string' && attrs['name'] !== '' ? attrs['name'] : 'file'
  const size = typeof attrs['size'] === 'number' ? attrs['size'] : null
  // Attrs are whatever a Yjs update put there: only a well-formed id becomes a link.
  const id = typeof attrs['attachmentId'] === 'string' && ATTACHMENT_ID_PATTERN.test(attrs['attachmentId']) ? attrs['attachmentId'] : null
  const remove = (): void => {
    if (typeof attrs['uploadId'] === 'string') cancelUpload(attrs['uploadId'])
    deleteNode()
  }

  if (state.state !== 'done') {
    return (
      <NodeViewWrapper className="att-file-wrap" data-state={state.state}>
        <UploadStatus state={state} progress={progress} name={name} editable={editor.isEditable} onRemove={remove} />
      </NodeViewWrapper>
    )
  }
  return (
    <NodeViewWrapper className="att-file-wrap" data-state="done" data-drag-handle="">
      <div className={`att-file${selected ? ' att-file--selected' : ''}`} contentEditable={false} data-testid="attachment-file">
        <span className="att-file__icon" aria-hidden="true">
          {badgeOf(name)}
        </span>
        <span className="att-file__text">
          <span className="att-file__name" data-testid="attachment-file-name">
            {name}
          </span>
          <span className="att-file__meta" data-testid="attachment-file-size">
            {size !== null ? humanSize(size) : ''}
          </span>
        </span>
        {id ? (
          <a className="att-file__download" href={attachmentDownloadUrl(id)} download={name} data-testid="attachment-download">
            Download
          </a>
        ) : (
          <span className="att-file__meta">Unavailable</span>
        )}
      </div>
    </NodeViewWrapper>
  )
}
