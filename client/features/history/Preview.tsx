import { useEffect, useMemo, useRef, useState } from 'react'
import { MlEnvProvider, useMlEnv } from '../../blocks/ml/env.tsx'
import { ReadOnlyDoc } from '../../editor/ReadOnlyDoc.tsx'
import { describeError } from '../../lib/http.ts'
import { AuthorMark, authorVars } from './author-mark.ts'
import { BlockRestore } from './BlockRestore.tsx'
import { historyApi, type VersionMeta } from './api.ts'
import { assignSlots, authorNames, authorSlot, clock, versionTitle, when } from './format.ts'
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
  // "Show authors" over a chosen range: only text written after `since` (an older version) is
  // marked; null marks everything since the beginning.
  const [chosen, setChosen] = useState<{ vid: number; since: number | null }>({ vid, since: null })
  const since = chosen.vid === vid ? chosen.since : null
  const setSince = (id: number | null): void => setChosen({ vid, since: id })
  const older = useOlderVersions(docId, vid, withAuthors)
  const { view, error, loading } = useVersionContent(docId, vid, withAuthors, since)
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
          {withAuthors && (
            <label className="hsince">
              <span>since</span>
              <select
                value={since ?? ''}
                onChange={(e) => setSince(e.target.value === '' ? null : Number(e.target.value))}
                data-testid="preview-authors-since"
                aria-label="Show authors since"
              >
                <option value="">the beginning</option>
                {older.map((o) => (
                  <option key={o.id} value={o.id}>
                    {clock(o.endedAt)} · {versionTitle(o)}
                  </option>
                ))}
              </select>
            </label>
          )}
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
              <span className="hlegend__swatch author-mark" style={authorVars(slots.current.get(a.userId) ?? authorSlot(a.userId))} aria-hidden="true" />
              {a.name}
            </li>
          ))}
          {view.authors.length === 0 && <li className="hlegend__item">No text written in this range</li>}
          {since !== null && <li className="hlegend__item hlegend__note">Unmarked text is older than the chosen version</li>}
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

/** The closed versions older than `vid` (newest first, one page), for the "since" choice; fetched once authors are shown. */
function useOlderVersions(docId: string, vid: number, active: boolean): VersionMeta[] {
  const [state, setState] = useState<{ vid: number; list: VersionMeta[] }>({ vid: 0, list: [] })
  useEffect(() => {
    if (!active) return
    const abort = new AbortController()
    historyApi.list(docId, vid, 50, abort.signal).then(
      (page) => setState({ vid, list: page.versions.filter((v) => !v.open && v.id < vid) }),
      () => {},
    )
    return () => abort.abort()
  }, [docId, vid, active])
  return state.vid === vid ? state.list : []
}
