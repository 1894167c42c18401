import { useRef, type ReactNode } from 'react'
import { BlockAuthors } from './BlockAuthors.tsx'
import { CompareView } from './compare/CompareView.tsx'
import { historyUi, useHistoryUi } from './history-store.ts'
import { Preview } from './Preview.tsx'

/**
 * Where the document is read: the live editor, or in its place a version's preview or a compare
 * view. The editor stays mounted (hidden) meanwhile: it is bound to the session's Y.Doc, keeps
 * receiving edits, and comes back at once, scroll and selection included. With "who changed
 * this" on, the live editor carries a label beside each run of blocks (BlockAuthors).
 */
export function HistoryViews({ docId, editable, children }: { docId: string; editable: boolean; children: ReactNode }) {
  const ui = useHistoryUi()
  const live = useRef<HTMLDivElement>(null)
  const showing = ui.preview !== null || ui.compare !== null
  return (
    <>
      {ui.preview !== null && <Preview docId={docId} vid={ui.preview} editable={editable} />}
      {ui.compare !== null && <CompareView docId={docId} from={ui.compare.from} to={ui.compare.to} onClose={historyUi.closeView} />}
      <div hidden={showing} className={`hlive${ui.blockAuthors ? ' hlive--blame' : ''}`} ref={live}>
        {ui.blockAuthors && !showing && (
          <div className="hblame__bar" role="status">
            Showing who last changed each block.{' '}
            <button type="button" className="link-button" onClick={historyUi.toggleBlockAuthors} data-testid="block-authors-hide">
              Hide
            </button>
          </div>
        )}
        {children}
        {ui.blockAuthors && !showing && <BlockAuthors docId={docId} generation={ui.generation} live={live} />}
      </div>
    </>
  )
}
