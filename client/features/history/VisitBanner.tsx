import { useEffect, useState } from 'react'
import { historyApi, type VisitResult } from './api.ts'
import { authorNames } from './format.ts'
import { historyUi, useHistoryUi } from './history-store.ts'

/**
 * "Changes since your last visit": opening a document records the visit (POST …/visit) and, when
 * versions were closed since the previous one, a slim banner offers the compare view from the
 * version you last saw to now. Once per opening; dismissing it hides it until the next visit.
 */
export function VisitBanner({ docId }: { docId: string }) {
  const [visit, setVisit] = useState<VisitResult | null>(null)
  const [dismissed, setDismissed] = useState(false)
  const ui = useHistoryUi()
  useEffect(() => {
    let live = true
    historyApi.visit(docId).then(
      (r) => live && setVisit(r),
      // Offline or an older server: no banner, nothing to tell.
      () => {},
    )
    return () => {
      live = false
    }
  }, [docId])
  // It is about the live page: not over a preview or a compare view.
  if (ui.preview !== null || ui.compare !== null) return null
  if (dismissed || !visit || visit.versionsSince <= 0 || !visit.since || !visit.previous) return null
  const since = visit.since
  const date = new Date(visit.previous.at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
  const n = visit.versionsSince
  return (
    <div className="hvisit" role="status" data-testid="visit-banner">
      <span className="hvisit__dot" aria-hidden="true" />
      <span className="hvisit__text">
        <strong>
          {n} {n === 1 ? 'change' : 'changes'}
        </strong>{' '}
        {visit.authors.length > 0 && <>by {authorNames(visit.authors)} </>}
        since your visit on {date}
      </span>
      <button
        type="button"
        className="hvisit__view"
        onClick={() => {
          historyUi.compare(since.id, null)
          setDismissed(true)
        }}
        data-testid="visit-view-changes"
      >
        View changes
      </button>
      <button type="button" className="hvisit__close" aria-label="Dismiss" onClick={() => setDismissed(true)}>
        ×
      </button>
    </div>
  )
}
