import { useMemo, useRef, useState } from 'react'
import { MlEnvProvider, useMlEnv } from '../../blocks/ml/env.tsx'
import { ReadOnlyDoc } from '../../editor/ReadOnlyDoc.tsx'
import { describeError } from '../../lib/http.ts'
import { AuthorMark } from './author-mark.ts'
import { BlockRestore } from './BlockRestore.tsx'
import { assignSlots, authorNames, authorSlot, when } from './format.ts'
import { historyUi } from './history-store.ts'
import { useVersionContent } from './use-version-content.ts'
import { useVersionDoc } from './use-version-doc.ts'

/**
 * A version, read-only, in the real editor rendering (ReadOnlyDoc: the live editor's nodes and
 * node views), under a banner that says which version it is and what can be done with it.
 * "Show authors" swaps in the same content with author marks, coloured per person with a legend.
 */
export function Preview({ docId, vid, editable }: { docId: string; vid: number; editable: boolean }) {
  const [withAuthors, setWithAuthors] = useState(false)
  const { view, error, loading } = useVersionContent(docId, vid, withAuthors)
  const ml = useMlEnv()
  // ML blocks read their runs and checklists from the version's own state (they live in root
  // maps, not in the block JSON), never from the live document; and never editable.
  const data = useVersionDoc(docId, vid)
  const env = { ...ml, doc: data.doc, editable: false }
  // Colours by person for this view, read by the mark when the content is set (after render).
  const slots = useRef(new Map<string, number>())
  slots.current = assignSlots(view?.authors?.map((a) => a.userId) ?? [])
  const extra = useMemo(() => [AuthorMark.configure({ slotOf: (id: string) => slots.current.get(id) ?? authorSlot(id) })], [])

  const v = view?.version
  return (
    <div className="hpreview" data-testid="version-preview-view" data-version-id={vid}>
      <div className="hbanner" role="region" aria-label="Version preview">
        <div className="hbanner__text" data-testid="preview-banner">
          {v ? (
            <>
              Viewing version of <strong>{when(v.endedAt)}</strong> by {authorNames(v.authors)}
              {v.name && <span className="hbanner__name"> · “{v.name}”</span>}
            </>
          ) : (
            'Loading version…'
          )}
        </div>
        <div className="hbanner__actions">
          <label className="hswitch">
            <input type="checkbox" checked={withAuthors} onChange={(e) => setWithAuthors(e.target.checked)} data-testid="preview-show-authors" />
            <span>Show authors</span>
          </label>
          {editable && v && (
            <button type="button" className="button button--primary hbanner__button" onClick={() => historyUi.askRestore(v)} data-testid="preview-restore">
              Restore
            </button>
          )}
          <button type="button" className="button hbanner__button" onClick={() => historyUi.compare(vid, null)} data-testid="preview-compare">
            Compare with current
          </button>
          <button type="button" className="button button--ghost hbanner__button" onClick={historyUi.closeView} data-testid="preview-close">
            Close
          </button>
        </div>
      </div>
      {withAuthors && view?.authors && (
        <ul className="hlegend" aria-label="Authors" data-testid="authors-legend">
          {view.authors.map((a) => (
            <li key={a.userId} className="hlegend__item">
              <span className={`hlegend__swatch author-mark--${slots.current.get(a.userId) ?? authorSlot(a.userId)}`} aria-hidden="true" />
              {a.name}
            </li>
          ))}
          {view.authors.length === 0 && <li className="hlegend__item">No text written in this range</li>}
        </ul>
      )}
      {error !== undefined && !view ? (
        <p className="hpreview__error">{describeError(error)}</p>
      ) : view && (data.doc || data.failed) ? (
        <MlEnvProvider {...env}>
          <BlockRestore enabled={editable} onRestore={(index) => historyUi.askRestore(view.version, index)}>
            <ReadOnlyDoc content={view.content} extra={extra} label={`Version of ${when(view.version.endedAt)}`} />
          </BlockRestore>
        </MlEnvProvider>
      ) : (
        <div className="skeleton" aria-busy={loading}>
          <div className="skeleton__line skeleton__line--title" />
          <div className="skeleton__line" />
          <div className="skeleton__line skeleton__line--short" />
        </div>
      )}
    </div>
  )
}
