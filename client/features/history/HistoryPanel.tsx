import { useEffect, useMemo, useRef } from 'react'
import { describeError } from '../../lib/http.ts'
import { Authors } from './Authors.tsx'
import { groupByDay, previousOf } from './format.ts'
import { historyUi, useHistoryUi } from './history-store.ts'
import { useVersions } from './use-versions.ts'
import { VersionItem } from './VersionItem.tsx'

/**
 * The history side panel: the open burst on top ("Now · editing"), then every closed version,
 * newest first, under its day; "Load older" pages back. Viewers see it all; naming and restoring
 * are for editors (the server checks it too).
 */
export function HistoryPanel({ docId, editable }: { docId: string; editable: boolean }) {
  const ui = useHistoryUi()
  const list = useVersions(docId, ui.generation, ui.panel)
  const open = list.versions.find((v) => v.open) ?? null
  const groups = useMemo(() => groupByDay(list.versions), [list.versions])
  const byId = useMemo(() => new Map(list.versions.map((v) => [v.id, v])), [list.versions])
  const closeButton = useRef<HTMLButtonElement>(null)

  // Someone else's edits close bursts while the panel is open: look again every half minute.
  const { reload } = list
  useEffect(() => {
    if (!ui.panel) return
    const timer = setInterval(reload, 30_000)
    return () => clearInterval(timer)
  }, [ui.panel, reload])

  useEffect(() => {
    if (ui.panel) closeButton.current?.focus()
  }, [ui.panel])

  if (!ui.panel) return null
  return (
    <aside
      className="hpanel"
      aria-label="Version history"
      data-testid="history-panel"
      onKeyDown={(e) => {
        // Escape in the panel closes it (an open version menu takes Escape first); marked handled
        // so the page's own Escape does not also leave a preview.
        if (e.key !== 'Escape' || e.currentTarget.querySelector('[aria-expanded="true"]')) return
        e.preventDefault()
        historyUi.closePanel()
      }}
    >
      <header className="hpanel__head">
        <h2 className="hpanel__title">History</h2>
        <div className="hpanel__head-actions">
          {editable && (
            <button type="button" className="button hpanel__name" onClick={() => historyUi.name()} data-testid="history-name-version">
              Name this version
            </button>
          )}
          <button
            type="button"
            className="hpanel__close"
            aria-label="Close history"
            ref={closeButton}
            onClick={historyUi.closePanel}
            data-testid="history-close"
          >
            ×
          </button>
        </div>
      </header>
      <div className="hpanel__tools">
        <label className="hpanel__toggle">
          <input type="checkbox" checked={ui.blockAuthors} onChange={historyUi.toggleBlockAuthors} data-testid="history-block-authors" />
          Show who last changed each block
        </label>
      </div>
      <div className="hpanel__scroll">
        {open && (
          <div className="hnow" data-testid="version-open">
            <span className="hnow__dot" aria-hidden="true" />
            <span className="hnow__body">
              <span className="hnow__title">Now · editing</span>
              <Authors authors={open.authors} />
            </span>
          </div>
        )}
        {list.error !== undefined && list.versions.length === 0 ? (
          <p className="hpanel__empty">
            {describeError(list.error)}{' '}
            <button type="button" className="link-button" onClick={list.reload}>
              Try again
            </button>
          </p>
        ) : list.versions.length === 0 && list.loading ? (
          <div className="hpanel__loading" aria-busy="true">
            <div className="skeleton__line" />
            <div className="skeleton__line skeleton__line--short" />
          </div>
        ) : groups.length === 0 && !list.loading ? (
          <p className="hpanel__empty">No earlier versions yet. A version is kept a few minutes after an edit, or when you name one.</p>
        ) : null}
        {groups.map((g) => (
          <section key={g.label} className="hday">
            <h3 className="hday__label">{g.label}</h3>
            <ol className="hday__list">
              {g.versions.map((v) => (
                <VersionItem
                  key={v.id}
                  version={v}
                  previous={previousOf(list.versions, v)}
                  restoredFrom={v.restoredFrom === null ? null : (byId.get(v.restoredFrom) ?? null)}
                  selected={ui.preview === v.id}
                  editable={editable}
                />
              ))}
            </ol>
          </section>
        ))}
        {list.more && (
          <button type="button" className="button hpanel__older" onClick={list.loadOlder} disabled={list.loading} data-testid="history-load-older">
            {list.loading ? 'Loading…' : 'Load older'}
          </button>
        )}
      </div>
    </aside>
  )
}
