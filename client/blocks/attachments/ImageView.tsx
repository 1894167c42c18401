import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useEffect, useState } from 'react'
import { attachmentUrl } from '#shared/attachments/attachment'
import { attachmentOfNode } from '#shared/attachments/node-ref'
import { UploadStatus } from './UploadStatus.tsx'
import { blockState } from './upload-state.ts'
import { cancelUpload } from './uploads.ts'
import { useUploadProgress } from './use-upload.ts'
import './attachments.css'

/**
 * An image block: the picture at most as wide as the column, lazily loaded, with its alt text as
 * the caption (editable in place). Only our own attachment URLs are loaded: an image pasted from
 * another site's HTML would tell that site who reads the document. A picture that does not load
 * (removed, not shared with you, offline) shows a quiet placeholder instead of a broken icon.
 */
export function ImageView({ node, editor, updateAttributes, deleteNode, selected }: ReactNodeViewProps) {
  const attrs = node.attrs as Record<string, unknown>
  const state = blockState(attrs)
  const progress = useUploadProgress(attrs['uploadId'])
  const src = typeof attrs['src'] === 'string' ? attrs['src'] : ''
  const alt = typeof attrs['alt'] === 'string' ? attrs['alt'] : ''
  const [broken, setBroken] = useState(false)
  useEffect(() => setBroken(false), [src])
  const editable = editor.isEditable
  const remove = (): void => {
    if (typeof attrs['uploadId'] === 'string') cancelUpload(attrs['uploadId'])
    deleteNode()
  }

  if (state.state !== 'done') {
    return (
      <NodeViewWrapper className="att-image" data-state={state.state}>
        <UploadStatus state={state} progress={progress} name={alt || 'image'} editable={editable} onRemove={remove} />
      </NodeViewWrapper>
    )
  }
  // The URL is rebuilt from the id: a src that merely starts like ours ("/api/attachments/att_…/../x") loads nothing else.
  const id = attachmentOfNode({ type: node.type.name, attrs })
  const width = typeof attrs['width'] === 'number' || typeof attrs['width'] === 'string' ? `${String(attrs['width'])}px` : undefined
  return (
    <NodeViewWrapper className={`att-image${selected ? ' att-image--selected' : ''}`} data-state="done" data-drag-handle="">
      <figure className="att-image__figure">
        {id !== null && !broken ? (
          <img
            className="att-image__img"
            src={attachmentUrl(id)}
            alt={alt}
            title={typeof attrs['title'] === 'string' ? attrs['title'] : undefined}
            loading="lazy"
            draggable={false}
            style={{ width }}
            onError={() => setBroken(true)}
            data-testid="attachment-image"
          />
        ) : (
          <div className="att-image__missing" role="img" aria-label={alt || 'Image'} data-testid="attachment-image-missing">
            <span className="att-image__missing-icon" aria-hidden="true" />
            <span>
              {id !== null ? "This image can't be shown. It may have been removed, or you may be offline." : 'Images from other sites are not shown.'}
            </span>
          </div>
        )}
        <Caption alt={alt} editable={editable} onChange={(value) => updateAttributes({ alt: value })} />
      </figure>
    </NodeViewWrapper>
  )
}

/** The alt text under the picture; an editor changes it in place (saved on Enter or leaving the field). */
function Caption({ alt, editable, onChange }: { alt: string; editable: boolean; onChange: (value: string) => void }) {
  const [draft, setDraft] = useState(alt)
  useEffect(() => setDraft(alt), [alt])
  if (!editable) return alt ? <figcaption className="att-image__caption">{alt}</figcaption> : null
  const commit = (): void => {
    if (draft.trim() !== alt) onChange(draft.trim())
  }
  return (
    <figcaption className="att-image__caption">
      <input
        className="att-image__caption-input"
        value={draft}
        placeholder="Add a caption"
        aria-label="Image caption"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            commit()
            e.currentTarget.blur()
          }
        }}
        data-testid="attachment-caption"
      />
    </figcaption>
  )
}
